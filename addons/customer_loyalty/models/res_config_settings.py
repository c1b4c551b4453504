from odoo import Command, api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # not named default_*: res.config.settings reads those as field defaults
    loyalty_default_segment_id = fields.Many2one(
        related="company_id.default_customer_segment_id",
        readonly=False,
    )

    # --- Surveys ---
    loyalty_survey_window_days = fields.Integer(
        related="company_id.loyalty_survey_window_days", readonly=False
    )
    loyalty_survey_max_age_days = fields.Integer(
        related="company_id.loyalty_survey_max_age_days", readonly=False
    )
    loyalty_satisfied_threshold = fields.Float(
        related="company_id.loyalty_satisfied_threshold", readonly=False
    )

    # --- Escalation (Direction group) and monthly reporting ---
    loyalty_direction_user_ids = fields.Many2many(
        "res.users",
        string="Direction Members",
        domain=[("share", "=", False)],
        help="Users of the Direction group: they read the KPIs and the projects "
        "and receive the tickets escalated as critical.",
    )

    # loyalty signals: lost services, customer health
    loyalty_lost_grace_days = fields.Integer(
        related="company_id.loyalty_lost_grace_days", readonly=False
    )
    loyalty_health_drop_points = fields.Integer(
        related="company_id.loyalty_health_drop_points", readonly=False
    )
    loyalty_health_weight_revenue = fields.Integer(
        related="company_id.loyalty_health_weight_revenue", readonly=False
    )
    loyalty_health_weight_lost_services = fields.Integer(
        related="company_id.loyalty_health_weight_lost_services", readonly=False
    )
    loyalty_health_weight_complaints = fields.Integer(
        related="company_id.loyalty_health_weight_complaints", readonly=False
    )
    loyalty_health_weight_satisfaction = fields.Integer(
        related="company_id.loyalty_health_weight_satisfaction", readonly=False
    )
    loyalty_health_weight_recommendation = fields.Integer(
        related="company_id.loyalty_health_weight_recommendation", readonly=False
    )
    loyalty_health_weight_tickets_late = fields.Integer(
        related="company_id.loyalty_health_weight_tickets_late", readonly=False
    )
    loyalty_health_weight_contacts = fields.Integer(
        related="company_id.loyalty_health_weight_contacts", readonly=False
    )
    loyalty_health_weight_unanswered_surveys = fields.Integer(
        related="company_id.loyalty_health_weight_unanswered_surveys", readonly=False
    )
    loyalty_health_weight_overdue_debt = fields.Integer(
        related="company_id.loyalty_health_weight_overdue_debt", readonly=False
    )

    @api.model
    def get_values(self):
        res = super().get_values()
        direction = self.env.ref(
            "customer_loyalty.customer_loyalty_group_direction"
        ).sudo()
        res["loyalty_direction_user_ids"] = [
            Command.set(direction.users.filtered(lambda u: not u.share).ids)
        ]
        return res

    def set_values(self):
        res = super().set_values()
        direction = self.env.ref(
            "customer_loyalty.customer_loyalty_group_direction"
        ).sudo()
        current = direction.users.filtered(lambda u: not u.share)
        wanted = self.loyalty_direction_user_ids
        if current != wanted:
            direction.write(
                {
                    "users": [Command.unlink(user.id) for user in current - wanted]
                    + [Command.link(user.id) for user in wanted - current]
                }
            )
        return res
