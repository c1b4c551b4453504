from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    default_customer_segment_id = fields.Many2one(
        "customer.segment",
        help="Segment given to a customer that has none when its first ticket "
        "is opened.",
    )

    # --- Surveys (issue #5) ---
    loyalty_survey_window_days = fields.Integer(
        string="Survey Window (days)",
        default=30,
        help="A customer receives at most one survey in this many days.",
    )
    loyalty_survey_max_age_days = fields.Integer(
        string="Survey Ticket Age Limit (days)",
        default=30,
        help="Tickets closed longer ago than this are never surveyed (e.g. "
        "tickets closed before the addon was installed).",
    )
    loyalty_satisfied_threshold = fields.Float(
        string="Satisfied From",
        default=7.0,
        help="Overall score (0-10) from which a customer counts as satisfied; "
        "a lower score creates a call-back activity for the segment manager.",
    )
