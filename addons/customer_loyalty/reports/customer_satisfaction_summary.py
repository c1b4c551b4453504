from odoo import api, fields, models
from odoo.tools import SQL

from ..models.survey_question import LOYALTY_MEASURES

# Averages are weighted: sum over the grouped rows / number of rated answers,
# never an average of monthly averages.
WEIGHTED_AVERAGES = {
    "satisfaction": ("satisfaction_sum", "satisfaction_count"),
    "importance": ("importance_sum", "importance_count"),
    "satisfied_rate": ("satisfied_sum", "satisfied_count"),
    "recommend_rate": ("recommend_sum", "recommend_count"),
}


class CustomerSatisfactionSummary(models.Model):
    """The satisfaction analysis added up by month, survey, item and segment:
    a cron-filled table, so that pivots over a million answer lines read a few
    thousand rows. Months whose answers changed since the last refresh are
    rebuilt (:meth:`_refresh_months`): the satisfaction analysis
    (``customer.satisfaction.report``, one row per answered item) first, then
    this table from it.
    """

    _name = "customer.satisfaction.summary"
    _inherit = ["customer.monthly.report"]
    _description = "Satisfaction Summary"
    _refresh_marker = "customer_loyalty.satisfaction_summary_refreshed_at"
    _weighted_averages = WEIGHTED_AVERAGES
    _order = "month desc, item_key"
    _rec_name = "item_name"

    month = fields.Date(readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    item_key = fields.Char(readonly=True)
    item_name = fields.Char(string="Item", translate=True, readonly=True)
    measure = fields.Selection(LOYALTY_MEASURES, readonly=True)
    segment_id = fields.Many2one("customer.segment", readonly=True)
    answer_count = fields.Integer(string="Answers", readonly=True)
    satisfaction_sum = fields.Float(readonly=True)
    satisfaction_count = fields.Integer(readonly=True)
    importance_sum = fields.Float(readonly=True)
    importance_count = fields.Integer(readonly=True)
    satisfied_sum = fields.Float(readonly=True)
    satisfied_count = fields.Integer(readonly=True)
    recommend_sum = fields.Float(readonly=True)
    recommend_count = fields.Integer(readonly=True)
    # the answers rating the item for both satisfaction and importance: the
    # importance-satisfaction matrix and the improvement candidates
    question_id = fields.Many2one("survey.question", readonly=True)
    paired_count = fields.Integer(string="Rated Both", readonly=True)
    paired_satisfaction_sum = fields.Float(readonly=True)
    paired_importance_sum = fields.Float(readonly=True)
    satisfaction = fields.Float(readonly=True, aggregator="avg")
    importance = fields.Float(readonly=True, aggregator="avg")
    satisfied_rate = fields.Float(string="% Satisfied", readonly=True, aggregator="avg")
    recommend_rate = fields.Float(
        string="% Would Recommend", readonly=True, aggregator="avg"
    )

    def init(self):
        # never refreshed (a new install, or the analysis just became a
        # table) or rows without the figures of a new column: build both now
        # rather than show empty reports for an hour
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM customer_satisfaction_summary"
                " WHERE paired_count IS NULL LIMIT 1"
            )
        )
        params = self.env["ir.config_parameter"].sudo()
        if self.env.cr.fetchone():
            params.set_param(self._refresh_marker, False)
        if not params.get_param(self._refresh_marker):
            self._refresh_changed()

    @api.model
    def _refresh_months(self, months=None):
        """Rebuild the rows of ``months`` (first days of month), or all rows."""
        if months is not None and not months:
            return
        self.env["customer.satisfaction.report"]._refresh_months(months)
        self.env.flush_all()
        cr = self.env.cr
        months = self._delete_months(months)
        if months is None:
            where = SQL()
        else:
            where = SQL("WHERE r.month = ANY(%s)", months)
        cr.execute(
            SQL(
                """
                INSERT INTO customer_satisfaction_summary
                    (month, company_id, survey_id, item_key, item_name, measure,
                     segment_id, answer_count, satisfaction_sum,
                     satisfaction_count, importance_sum, importance_count,
                     satisfied_sum, satisfied_count, recommend_sum,
                     recommend_count, question_id, paired_count,
                     paired_satisfaction_sum, paired_importance_sum,
                     satisfaction, importance, satisfied_rate,
                     recommend_rate, create_uid, create_date, write_uid,
                     write_date)
                SELECT g.*,
                       g.satisfaction_sum / NULLIF(g.satisfaction_count, 0),
                       g.importance_sum / NULLIF(g.importance_count, 0),
                       g.satisfied_sum / NULLIF(g.satisfied_count, 0),
                       g.recommend_sum / NULLIF(g.recommend_count, 0),
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM (
                    SELECT r.month, r.company_id, r.survey_id, r.item_key,
                           (array_agg(r.item_name ORDER BY r.id))[1] AS item_name,
                           r.measure, r.segment_id, count(*) AS answer_count,
                           coalesce(sum(r.satisfaction), 0) AS satisfaction_sum,
                           count(r.satisfaction) AS satisfaction_count,
                           coalesce(sum(r.importance), 0) AS importance_sum,
                           count(r.importance) AS importance_count,
                           coalesce(sum(r.satisfied_rate), 0) AS satisfied_sum,
                           count(r.satisfied_rate) AS satisfied_count,
                           coalesce(sum(r.recommend_rate), 0) AS recommend_sum,
                           count(r.recommend_rate) AS recommend_count,
                           min(r.question_id) AS question_id,
                           count(*) FILTER (WHERE r.satisfaction IS NOT NULL
                               AND r.importance IS NOT NULL) AS paired_count,
                           coalesce(sum(r.satisfaction) FILTER (
                               WHERE r.importance IS NOT NULL), 0)
                               AS paired_satisfaction_sum,
                           coalesce(sum(r.importance) FILTER (
                               WHERE r.satisfaction IS NOT NULL), 0)
                               AS paired_importance_sum
                      FROM customer_satisfaction_report r
                      %(where)s
                     GROUP BY r.month, r.company_id, r.survey_id, r.item_key,
                              r.measure, r.segment_id
                  ) g
                """,
                uid=self.env.uid,
                where=where,
            )
        )
        self.invalidate_model()

    @api.model
    def _changed_months(self, since):
        return self.env["customer.satisfaction.report"]._changed_months(since)

    @api.model
    def _deleted_months(self):
        return self.env["customer.satisfaction.report"]._deleted_months()
