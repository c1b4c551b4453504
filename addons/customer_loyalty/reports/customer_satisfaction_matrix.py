from odoo import fields, models, tools
from odoo.models import parse_read_group_spec
from odoo.tools import SQL


class CustomerSatisfactionMatrix(models.Model):
    """Importance-satisfaction matrix.

    The answers rated for both importance and satisfaction, unfolded into one
    row per dimension, so that a bar chart grouped by item and dimension shows
    importance and satisfaction side by side, and a pivot (items x
    dimensions) is the matrix itself. Items of high importance and low
    satisfaction are the improvement candidates.

    Read from the satisfaction summary (month, survey, item, segment): its
    scores add up (``score_sum`` / ``score_count``), so the average score of
    any group is weighted by the answers, as over the answers themselves.
    """

    _name = "customer.satisfaction.matrix"
    _description = "Importance-Satisfaction Matrix"
    _auto = False
    _order = "item_key, dimension"
    _rec_name = "item_name"
    _depends = {
        "customer.satisfaction.summary": [
            "month",
            "survey_id",
            "question_id",
            "item_key",
            "item_name",
            "segment_id",
            "company_id",
            "paired_count",
            "paired_satisfaction_sum",
            "paired_importance_sum",
        ]
    }

    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    item_key = fields.Char(readonly=True)
    item_name = fields.Char(string="Item", translate=True, readonly=True)
    dimension = fields.Selection(
        [("importance", "Importance"), ("satisfaction", "Satisfaction")],
        readonly=True,
    )
    score = fields.Float(readonly=True, aggregator="avg")
    score_sum = fields.Float(readonly=True)
    score_count = fields.Integer(string="Answers", readonly=True)
    segment_id = fields.Many2one("customer.segment", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    month = fields.Date(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT s.id * 2 + d.n AS id,
                           s.survey_id, s.question_id, s.item_key, s.item_name,
                           d.dimension, d.score_sum / s.paired_count AS score,
                           d.score_sum, s.paired_count AS score_count,
                           s.segment_id, s.company_id, s.month
                      FROM customer_satisfaction_summary s
                CROSS JOIN LATERAL (VALUES
                           (0, 'importance', s.paired_importance_sum),
                           (1, 'satisfaction', s.paired_satisfaction_sum)
                           ) AS d (n, dimension, score_sum)
                     WHERE s.paired_count > 0
                )
                """,
                SQL.identifier(self._table),
            )
        )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "__count":
            # a row stands for its answers
            return SQL(
                "COALESCE(SUM(%s), 0)",
                self._field_to_sql(self._table, "score_count", query),
            )
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if fname == "score" and func == "avg":
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "score_sum", query),
                self._field_to_sql(self._table, "score_count", query),
            )
        return super()._read_group_select(aggregate_spec, query)
