from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .loyalty_access import MANAGER_GROUP, check_loyalty_group

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class CustomerSegment(models.Model):
    """Survey sending rules of a segment.

    ``survey_id`` (defined with the segment) is the survey sent after a ticket
    is closed; the periodic survey is sent by campaigns (annual / semestral).
    """

    _inherit = "customer.segment"

    survey_send_mode = fields.Selection(
        [
            ("never", "Never"),
            ("immediate", "Immediately after closing"),
            ("delayed", "A few days after closing"),
            ("weekly", "Weekly batch of non-immediate tickets"),
        ],
        string="Send Ticket Survey",
        default="delayed",
        required=True,
        help="When the satisfaction survey of a closed ticket is sent (segments "
        "without Satisfaction Survey send nothing): at the "
        "next run of the sending job, a number of days after the closing "
        "(within 5 days), or once a week for the tickets that were not solved "
        "on the day they were opened.",
    )
    survey_delay_days = fields.Integer(
        string="Survey Delay (days)",
        default=5,
        help="Days between the closing of the ticket and the survey (within 5 days).",
    )
    survey_weekday = fields.Selection(
        WEEKDAYS,
        string="Weekly Sending Day",
        default="0",
        help="Day of the week the weekly batch of surveys is sent.",
    )
    periodic_survey_id = fields.Many2one(
        "survey.survey",
        help="Survey sent to all the customers of the segment by a campaign.",
    )
    periodic_survey_frequency = fields.Selection(
        [("annual", "Annual"), ("semestral", "Semestral")],
        default="annual",
    )
    survey_campaign_ids = fields.One2many(
        "customer.survey.campaign", "segment_id", string="Survey Campaigns"
    )

    _sql_constraints = [
        (
            "survey_delay_positive",
            "CHECK (survey_delay_days >= 0)",
            "The survey delay cannot be negative.",
        ),
    ]

    @api.model
    @tools.ormcache()
    def _immediate_survey_segment_ids(self):
        """Ids of the segments whose tickets get their survey right when
        they are closed (read on every ticket closed: kept in the registry
        cache, cleared when a segment changes)."""
        return frozenset(
            self.sudo()
            .with_context(active_test=False)
            .search([("survey_send_mode", "=", "immediate")])
            .ids
        )

    def action_new_survey_campaign(self):
        self.ensure_one()
        check_loyalty_group(self.env, MANAGER_GROUP)
        if not self.periodic_survey_id:
            raise UserError(
                self.env._(
                    "Segment %(segment)s has no Periodic Survey: choose one first.",
                    segment=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.survey.campaign",
            "view_mode": "form",
            "context": {
                "default_segment_id": self.id,
                "default_survey_id": self.periodic_survey_id.id,
            },
        }
