from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.survey_question import LOYALTY_MEASURES

QUADRANTS = [
    ("improve", "Improvement candidate"),
    ("strength", "Strength"),
    ("surplus", "Possible over-service"),
    ("secondary", "Secondary"),
]


class CustomerSatisfactionReport(models.Model):
    """Satisfaction analysis: one row per answered survey item.

    An item is the set of questions of one completed answer sharing a
    ``loyalty_item_key``: its satisfaction (or overall / complaint handling)
    rating and its importance rating end up on the same row. Recommendation
    rows carry ``recommend_rate`` (100 yes, 0 no) and overall rows carry
    ``satisfied_rate`` (100 when the score reaches the company's "satisfied"
    threshold), so that their average in pivot and graph views is directly the
    recommend rate and the % of satisfied customers.
    """

    _name = "customer.satisfaction.report"
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "date desc, id"
    _rec_name = "question_id"
    # pending writes on these fields reach the database before the view is read
    _depends = {
        "survey.user_input": [
            "state",
            "test_entry",
            "survey_id",
            "end_datetime",
            "customer_segment_id",
            "loyalty_customer_id",
            "ticket_id",
            "survey_campaign_id",
        ],
        "survey.user_input.line": [
            "user_input_id",
            "question_id",
            "suggested_answer_id",
            "skipped",
        ],
        "survey.question": [
            "loyalty_measure",
            "loyalty_item_key",
            "loyalty_item_name",
            "title",
            "sequence",
        ],
        "survey.question.answer": ["loyalty_value"],
        "helpdesk.ticket": ["company_id"],
        "customer.segment": ["company_id"],
        "customer.survey.campaign": ["company_id"],
        "res.company": ["loyalty_satisfied_threshold"],
    }

    user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", readonly=True
    )
    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", string="Item", readonly=True)
    item_key = fields.Char(readonly=True)
    item_name = fields.Char(translate=True, readonly=True)
    measure = fields.Selection(LOYALTY_MEASURES, readonly=True)
    satisfaction = fields.Float(readonly=True, aggregator="avg")
    importance = fields.Float(readonly=True, aggregator="avg")
    satisfied_rate = fields.Float(string="% Satisfied", readonly=True, aggregator="avg")
    recommend_rate = fields.Float(
        string="% Would Recommend", readonly=True, aggregator="avg"
    )
    segment_id = fields.Many2one("customer.segment", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    campaign_id = fields.Many2one("customer.survey.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    month = fields.Date(readonly=True, aggregator=None)

    def _select(self):
        return SQL(
            """
            MIN(l.id) AS id,
            ui.id AS user_input_id,
            ui.survey_id AS survey_id,
            q.loyalty_item_key AS item_key,
            (ARRAY_AGG(q.id ORDER BY (q.loyalty_measure = 'importance'),
                                     q.sequence, q.id))[1] AS question_id,
            (ARRAY_AGG(COALESCE(q.loyalty_item_name, q.title)
                       ORDER BY (q.loyalty_measure = 'importance'),
                                q.sequence, q.id))[1] AS item_name,
            MAX(q.loyalty_measure) FILTER (WHERE q.loyalty_measure != 'importance')
                AS measure,
            MAX(a.loyalty_value) FILTER (WHERE q.loyalty_measure IN
                ('satisfaction', 'overall', 'complaint_handling')) AS satisfaction,
            MAX(a.loyalty_value) FILTER (WHERE q.loyalty_measure = 'importance')
                AS importance,
            CASE WHEN BOOL_OR(q.loyalty_measure = 'overall') THEN
                CASE WHEN MAX(a.loyalty_value) FILTER (
                        WHERE q.loyalty_measure = 'overall')
                        >= COALESCE(MAX(c.loyalty_satisfied_threshold), 7)
                     THEN 100.0 ELSE 0.0 END
            END AS satisfied_rate,
            MAX(a.loyalty_value * 100.0) FILTER (WHERE q.loyalty_measure = 'recommend')
                AS recommend_rate,
            ui.customer_segment_id AS segment_id,
            ui.loyalty_customer_id AS partner_id,
            ui.ticket_id AS ticket_id,
            ui.survey_campaign_id AS campaign_id,
            MAX(c.id) AS company_id,
            COALESCE(ui.end_datetime, ui.create_date)::date AS date,
            DATE_TRUNC('month', COALESCE(ui.end_datetime, ui.create_date))::date
                AS month
            """
        )

    def _from(self):
        return SQL(
            """
            survey_user_input_line l
            JOIN survey_user_input ui ON ui.id = l.user_input_id
            JOIN survey_question q ON q.id = l.question_id
            JOIN survey_question_answer a ON a.id = l.suggested_answer_id
                 AND a.question_id = l.question_id
            LEFT JOIN helpdesk_ticket t ON t.id = ui.ticket_id
            LEFT JOIN customer_segment seg ON seg.id = ui.customer_segment_id
            LEFT JOIN customer_survey_campaign camp ON camp.id = ui.survey_campaign_id
            LEFT JOIN res_company c
                   ON c.id = COALESCE(t.company_id, seg.company_id, camp.company_id)
            """
        )

    def _where(self):
        return SQL(
            """
            ui.state = 'done'
            AND NOT COALESCE(ui.test_entry, FALSE)
            AND NOT COALESCE(l.skipped, FALSE)
            AND q.loyalty_measure IS NOT NULL
            AND q.loyalty_measure != 'other'
            AND q.loyalty_item_key IS NOT NULL
            AND a.loyalty_value BETWEEN 0 AND 10
            """
        )

    def _group_by(self):
        # the columns of the answer are functionally dependent on ui.id; grouping
        # by them lets PostgreSQL push the filters of the views (segment,
        # customer, ticket, survey, date) below the aggregation, onto indexes
        return SQL(
            """
            ui.id, q.loyalty_item_key, ui.survey_id, ui.customer_segment_id,
            ui.loyalty_customer_id, ui.ticket_id, ui.survey_campaign_id,
            COALESCE(ui.end_datetime, ui.create_date)::date,
            DATE_TRUNC('month', COALESCE(ui.end_datetime, ui.create_date))::date
            """
        )

    def init(self):
        cr = self.env.cr
        # the lines of completed loyalty answers are read by user input; the
        # filters of the analysis go through the stored links of the answer
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS survey_user_input_loyalty_done_idx "
                "ON survey_user_input (survey_id, end_datetime) "
                "WHERE state = 'done'"
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS survey_user_input_line_answer_idx "
                "ON survey_user_input_line (user_input_id, question_id, "
                "suggested_answer_id) WHERE suggested_answer_id IS NOT NULL"
            )
        )
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (SELECT %s FROM %s WHERE %s GROUP BY %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
                self._where(),
                self._group_by(),
            )
        )

    # ------------------------------------------------------------------
    # Figures used by the KPI engine and the reports
    # ------------------------------------------------------------------
    @api.model
    def get_satisfaction_kpis(self, domain=None):
        """Satisfaction figures of the rows matching ``domain``.

        Returns a dict:

        - ``overall_index``: average overall score, out of 10;
        - ``satisfied_pct``: % of answers whose overall score reaches the
          "satisfied" threshold of the company (default 7);
        - ``recommend_rate``: % of "yes" to "would you recommend us";
        - ``response_count``: answers with an overall score;
        - ``recommend_count``: answers to the recommendation question.
        Figures without any answer are ``False``.
        """
        domain = list(domain or [])
        groups = self._read_group(
            domain + [("measure", "in", ("overall", "recommend"))],
            ["measure"],
            ["satisfaction:avg", "satisfied_rate:avg", "recommend_rate:avg", "__count"],
        )
        result = {
            "overall_index": False,
            "satisfied_pct": False,
            "recommend_rate": False,
            "response_count": 0,
            "recommend_count": 0,
        }
        for measure, satisfaction, satisfied, recommend, count in groups:
            if measure == "overall":
                result["overall_index"] = round(satisfaction, 2)
                result["satisfied_pct"] = round(satisfied, 2)
                result["response_count"] = count
            else:
                result["recommend_rate"] = round(recommend, 2)
                result["recommend_count"] = count
        return result

    @api.model
    def get_importance_satisfaction_matrix(self, domain=None, threshold=None):
        """Per item average satisfaction and importance of the rows matching
        ``domain``, with their quadrant: high importance (>= threshold) and low
        satisfaction (< threshold) make an improvement candidate."""
        if threshold is None:
            threshold = self.env.company.loyalty_satisfied_threshold or 7.0
        groups = self._read_group(
            list(domain or [])
            + [("importance", "!=", False), ("satisfaction", "!=", False)],
            ["survey_id", "item_key"],
            ["satisfaction:avg", "importance:avg", "__count", "question_id:array_agg"],
        )
        matrix = []
        for survey, item_key, satisfaction, importance, count, question_ids in groups:
            high = importance >= threshold
            satisfied = satisfaction >= threshold
            quadrant = (
                ("strength" if satisfied else "improve")
                if high
                else ("surplus" if satisfied else "secondary")
            )
            matrix.append(
                {
                    "survey_id": survey.id,
                    "item_key": item_key,
                    "question_id": min(question_ids),
                    "satisfaction": round(satisfaction, 2),
                    "importance": round(importance, 2),
                    "count": count,
                    "quadrant": quadrant,
                }
            )
        matrix.sort(key=lambda row: (row["quadrant"] != "improve", -row["importance"]))
        return matrix
