from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """The customer's type when the ticket was opened: like the segment, it
    stays on the ticket when the customer's type changes later, so past
    tickets are counted under the type they were handled as."""

    _inherit = "helpdesk.ticket"

    customer_type_id = fields.Many2one(
        "customer.type",
        tracking=True,
        ondelete="restrict",
        index="btree_not_null",
        groups="base.group_user",
        help="Type of the customer when the ticket was opened. It does not "
        "change when the customer's type changes later.",
        check_company=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id") and "customer_type_id" not in vals:
                customer = Partner.browse(vals["partner_id"]).commercial_partner_id
                customer_type = customer.customer_type_id
                if customer_type.company_id:
                    customer_type = customer_type._of_company(
                        self._ticket_company(vals)
                    )
                if customer_type:
                    vals["customer_type_id"] = customer_type.id
        return super().create(vals_list)

    def write(self, vals):
        if "partner_id" not in vals or "customer_type_id" in vals:
            return super().write(vals)
        # a new customer on an open ticket brings its type; closed tickets
        # keep the type they were handled as
        open_tickets = self.filtered(lambda t: not t.closed)
        res = super().write(vals)
        if open_tickets:
            customer = (
                self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id
            )
            for company in open_tickets.company_id:
                open_tickets.filtered(
                    lambda t, c=company: t.company_id == c
                ).sudo().write(
                    {
                        "customer_type_id": customer.customer_type_id._of_company(
                            company
                        ).id
                    }
                )
        return res

    @api.onchange("partner_id")
    def _onchange_partner_id_customer_type(self):
        if not self.closed:
            self.customer_type_id = (
                self.partner_id.commercial_partner_id.customer_type_id._of_company(
                    self.company_id or self.env.company
                )
            )
