from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    default_customer_segment_id = fields.Many2one(
        "customer.segment",
        help="Segment given to a customer that has none when its first ticket "
        "is opened.",
    )
