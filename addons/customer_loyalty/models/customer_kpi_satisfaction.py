"""Satisfaction KPIs, from the satisfaction analysis of completed surveys."""

from odoo import api, fields, models
from odoo.tools import SQL

from .survey_survey import SURVEY_PURPOSES

# formulas reading the satisfaction analysis
SATISFACTION_FORMULAS = {
    "satisfaction_index",
    "satisfied_rate",
    "recommend_rate",
    "complaint_satisfaction",
}


class CustomerKpi(models.Model):
    _inherit = "customer.kpi"

    formula = fields.Selection(
        selection_add=[
            ("satisfaction_index", "Overall satisfaction index"),
            ("satisfied_rate", "Satisfied customers"),
            ("recommend_rate", "Recommend rate"),
            ("complaint_satisfaction", "Satisfaction with complaint handling"),
        ]
    )
    survey_purpose = fields.Selection(
        [("customer", "All customer surveys")]
        + [p for p in SURVEY_PURPOSES if p[0] != "participant"],
        string="Surveys Read",
        compute="_compute_survey_purpose",
        store=True,
        readonly=False,
        help="The answers a satisfaction KPI reads: every customer survey "
        "(periodic satisfaction, after resolution, complaint handling, "
        "interview) or the surveys of one purpose. Answers of improvement-group "
        "participants are never read.",
    )

    @api.depends("formula")
    def _compute_survey_purpose(self):
        for kpi in self:
            if kpi.formula not in SATISFACTION_FORMULAS:
                kpi.survey_purpose = False
            elif not kpi.survey_purpose:
                kpi.survey_purpose = "customer"

    def _prepare_sources(self):
        res = super()._prepare_sources()
        if any(kpi.formula in SATISFACTION_FORMULAS for kpi in self):
            # the satisfaction analysis is a table refreshed hourly: bring it
            # up to date with the answers completed since
            self.env["customer.satisfaction.summary"].sudo()._refresh_changed()
        return res

    def _satisfaction_stats(self, measure, expression, date_from, date_to, segments):
        """``expression`` aggregated over the rows of the satisfaction
        analysis (``customer.satisfaction.report``: completed, non-test
        answers) of ``measure`` completed in the window, of the company or
        shared, by the segment of the customer stored on the answer when the
        survey was sent, plus the total. The analysis holds customer answers
        only; a KPI set to one survey purpose reads the answers of it."""
        purpose = self[:1].survey_purpose
        result = self._segment_stats(
            "customer_satisfaction_report",
            "segment_id",
            "date",
            expression,
            SQL(
                "t.measure = %s AND (t.company_id IS NULL OR t.company_id = %s)%s",
                measure,
                self.env.company.id,
                SQL(" AND t.survey_purpose = %s", purpose)
                if purpose and purpose != "customer"
                else SQL(),
            ),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_satisfaction_index(self, date_from, date_to, segments):
        """Overall satisfaction index (/10): mean answer to the overall
        satisfaction question of the surveys completed in the window. No value
        without answers."""
        return self._satisfaction_stats(
            "overall", SQL("avg(t.satisfaction)"), date_from, date_to, segments
        )

    def _kpi_satisfied_rate(self, date_from, date_to, segments):
        """% satisfied customers: surveys completed in the window whose
        overall score reaches the company's threshold (default 7) / surveys
        completed with an overall score x 100."""
        return self._satisfaction_stats(
            "overall", SQL("avg(t.satisfied_rate)"), date_from, date_to, segments
        )

    def _kpi_recommend_rate(self, date_from, date_to, segments):
        """Recommend rate %: "yes" to "would you recommend us" / answers to
        that question, of the surveys completed in the window x 100."""
        return self._satisfaction_stats(
            "recommend", SQL("avg(t.recommend_rate)"), date_from, date_to, segments
        )

    def _kpi_complaint_satisfaction(self, date_from, date_to, segments):
        """Satisfaction with complaint handling (/10): mean answer to the
        complaint-handling question of the post-resolution surveys completed
        in the window (asked for complaints only)."""
        return self._satisfaction_stats(
            "complaint_handling",
            SQL("avg(t.satisfaction)"),
            date_from,
            date_to,
            segments,
        )
