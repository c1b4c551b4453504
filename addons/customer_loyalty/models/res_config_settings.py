from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    default_customer_segment_id = fields.Many2one(
        related="company_id.default_customer_segment_id",
        readonly=False,
    )
