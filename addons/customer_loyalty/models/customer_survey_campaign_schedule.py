from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


def period_start(day, frequency):
    """First day of the semester or year of ``day``."""
    if frequency == "semestral":
        return day.replace(month=1 if day.month <= 6 else 7, day=1)
    return day.replace(month=1, day=1)


class CustomerSurveyCampaign(models.Model):
    """Periodic campaigns started by a cron at the beginning of each
    semester or year of their segment, never twice for a period."""

    _inherit = "customer.survey.campaign"

    period_start = fields.Date(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="First day of the semester or year this scheduled campaign "
        "surveys (empty: a campaign launched by hand).",
    )
    period_end = fields.Date(compute="_compute_period_end")

    _sql_constraints = [
        (
            "segment_period_unique",
            "UNIQUE (segment_id, period_start)",
            "A segment has one scheduled campaign per period.",
        ),
    ]

    @api.depends("period_start", "segment_id.periodic_survey_frequency")
    def _compute_period_end(self):
        for campaign in self:
            if not campaign.period_start:
                campaign.period_end = False
                continue
            frequency = campaign.segment_id.periodic_survey_frequency
            months = 6 if frequency == "semestral" else 12
            campaign.period_end = campaign.period_start + relativedelta(
                months=months, days=-1
            )

    @api.model
    def _cron_start_periodic_campaigns(self):
        """Start the campaign of the current period of every segment with a
        periodic survey sent automatically. A period that has a campaign
        (running, done or cancelled) is never started again, so the cron can
        run daily; customers who opted out are left out by the campaign."""
        today = fields.Date.context_today(self)
        segments = (
            self.env["customer.segment"]
            .sudo()
            .search(
                [
                    ("periodic_survey_id", "!=", False),
                    ("periodic_survey_id.active", "=", True),
                    ("is_periodic_survey_scheduled", "=", True),
                ]
            )
        )
        started = self.browse()
        for segment in segments:
            start = period_start(today, segment.periodic_survey_frequency)
            if self.sudo().search_count(
                [("segment_id", "=", segment.id), ("period_start", "=", start)]
            ):
                continue
            label = (
                f"{start.year} S{1 if start.month == 1 else 2}"
                if segment.periodic_survey_frequency == "semestral"
                else str(start.year)
            )
            campaign = self.sudo().create(
                {
                    "name": f"{segment.name} {label}",
                    "segment_id": segment.id,
                    "survey_id": segment.periodic_survey_id.id,
                    "company_id": (segment.company_id or self.env.company).id,
                    "period_start": start,
                }
            )
            try:
                with self.env.cr.savepoint():
                    campaign.action_launch()
            except UserError as error:
                # nobody to survey: the period is recorded, not retried daily
                campaign.write({"state": "cancel"})
                campaign.message_post(body=error.args[0])
            started |= campaign
        return started
