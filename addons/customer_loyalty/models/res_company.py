from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

# factor key: (company weight field, default weight); the weights are the most
# points a factor can take off the health score (they add up to 100 by default)
HEALTH_WEIGHTS = {
    "revenue_trend": ("loyalty_health_weight_revenue", 20),
    "lost_services": ("loyalty_health_weight_lost_services", 15),
    "complaints": ("loyalty_health_weight_complaints", 15),
    "satisfaction": ("loyalty_health_weight_satisfaction", 10),
    "recommendation": ("loyalty_health_weight_recommendation", 5),
    "tickets_late": ("loyalty_health_weight_tickets_late", 10),
    "contacts": ("loyalty_health_weight_contacts", 5),
    "unanswered_surveys": ("loyalty_health_weight_unanswered_surveys", 5),
    "overdue_debt": ("loyalty_health_weight_overdue_debt", 15),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    default_customer_segment_id = fields.Many2one(
        "customer.segment",
        help="Segment given to a customer that has none when its first ticket "
        "is opened.",
    )

    # --- Surveys ---
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

    # --- Loyalty signals: lost services, customer health ---
    loyalty_lost_grace_days = fields.Integer(
        string="Lost Service Grace (days)",
        default=15,
        help="A service is lost when its next invoice, expected at its usual "
        "billing interval, is this many days late.",
    )
    loyalty_health_drop_points = fields.Integer(
        string="Health Drop Alert (points)",
        default=15,
        help="A customer whose health score falls by more than this many points "
        "from one month to the next gets a follow-up activity.",
    )
    loyalty_health_weight_revenue = fields.Integer(
        string="Revenue Trend Weight", default=20
    )
    loyalty_health_weight_lost_services = fields.Integer(
        string="Lost Services Weight", default=15
    )
    loyalty_health_weight_complaints = fields.Integer(
        string="Complaints Weight", default=15
    )
    loyalty_health_weight_satisfaction = fields.Integer(
        string="Satisfaction Weight", default=10
    )
    loyalty_health_weight_recommendation = fields.Integer(
        string="Recommendation Weight", default=5
    )
    loyalty_health_weight_tickets_late = fields.Integer(
        string="Late Tickets Weight", default=10
    )
    loyalty_health_weight_contacts = fields.Integer(
        string="Contacts per Ticket Weight", default=5
    )
    loyalty_health_weight_unanswered_surveys = fields.Integer(
        string="Unanswered Surveys Weight", default=5
    )
    loyalty_health_weight_overdue_debt = fields.Integer(
        string="Overdue Debt Weight", default=15
    )

    @api.constrains(
        "loyalty_lost_grace_days",
        "loyalty_health_drop_points",
        *(field for field, __ in HEALTH_WEIGHTS.values()),
    )
    def _check_loyalty_signals(self):
        for company in self:
            fields_ = [
                "loyalty_lost_grace_days",
                "loyalty_health_drop_points",
                *(field for field, __ in HEALTH_WEIGHTS.values()),
            ]
            for name in fields_:
                if company[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s of %(company)s cannot be negative.",
                            setting=self._fields[name].get_description(self.env)[
                                "string"
                            ],
                            company=company.name,
                        )
                    )
            total = sum(company[field] for field, __ in HEALTH_WEIGHTS.values())
            if total > 100:
                raise ValidationError(
                    self.env._(
                        "The health score weights of %(company)s add up to "
                        "%(total)s: they are the points each factor can take off "
                        "a score of 100, so they add up to 100 at most.",
                        company=company.name,
                        total=total,
                    )
                )

    # ------------------------------------------------------------------
    # Read on every new ticket: kept in the registry cache (a company's
    # record is over a hundred columns, read only for this one value)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _default_customer_segments(self):
        """``{company id: default segment id}`` of the companies that have
        one. Shared by all callers: do not modify it."""
        companies = self.sudo().search_fetch(
            [("default_customer_segment_id", "!=", False)],
            ["default_customer_segment_id"],
        )
        return {
            company.id: company.default_customer_segment_id.id for company in companies
        }

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("default_customer_segment_id") for vals in vals_list):
            self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if "default_customer_segment_id" in vals:
            self.env.registry.clear_cache()
        return super().write(vals)
