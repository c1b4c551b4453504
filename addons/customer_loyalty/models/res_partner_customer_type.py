from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_type_id = fields.Many2one(
        "customer.type",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        groups="base.group_user",
        help="Kind of customer (e.g. applicant, student, graduate): it decides "
        "how the customer's requests are routed. Set on the company, its "
        "contacts use it too.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_type_id"]
