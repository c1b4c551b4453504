from odoo import fields, models

from .loyalty_access import DIRECTION_GROUP, USER_GROUP, check_loyalty_group


class CustomerType(models.Model):
    """Kind of customer that decides how a request is handled (e.g. at a
    university contact centre: interested, applicant, student, graduate,
    continuing education). Kept on the customer and copied to each ticket
    when it is opened."""

    _name = "customer.type"
    _description = "Customer Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code used in imports and routing tables.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to share the type between companies.",
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_partner_count")

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE (code, company_id)",
            "The code of a customer type must be unique per company.",
        ),
    ]

    def _of_company(self, company):
        """The types of ``self`` a ticket of ``company`` may carry: shared ones
        and the company's own (a shared customer holds one company's type)."""
        return self.filtered(lambda t: not t.company_id or t.company_id == company)

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_type_id", "in", self.ids)],
                ["customer_type_id"],
                ["__count"],
            )
        )
        for customer_type in self:
            customer_type.partner_count = counts.get(customer_type, 0)

    def action_view_partners(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("customer_type_id", "=", self.id)],
            "context": {"default_customer_type_id": self.id},
        }
