from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    default_customer_segment_id = fields.Many2one(
        related="company_id.default_customer_segment_id",
        readonly=False,
    )

    # --- Surveys (issue #5) ---
    loyalty_survey_window_days = fields.Integer(
        related="company_id.loyalty_survey_window_days", readonly=False
    )
    loyalty_survey_max_age_days = fields.Integer(
        related="company_id.loyalty_survey_max_age_days", readonly=False
    )
    loyalty_satisfied_threshold = fields.Float(
        related="company_id.loyalty_satisfied_threshold", readonly=False
    )
