from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.loyalty_access import USER_GROUP, check_loyalty_group
from .customer_satisfaction_report import QUADRANTS


class CustomerSatisfactionItem(models.Model):
    """Improvement candidates: one row per survey item, company and year.

    Averages the satisfaction and the importance of an item over the completed
    answers of a year and places it in the importance-satisfaction matrix
    with the company's "satisfied" threshold (default 7): an item at least
    that important but rated under it is an improvement candidate, and one
    click opens its ``improvement.area`` (created by the improvement side with
    the survey evidence). Read from the satisfaction summary (its answers
    rated for both), a few thousand rows whatever the number of answers.
    """

    _name = "customer.satisfaction.item"
    _description = "Improvement Candidate"
    _auto = False
    _order = "year desc, quadrant_sequence, importance desc, id"
    _rec_name = "item_name"
    _depends = {
        "customer.satisfaction.summary": [
            "survey_id",
            "item_key",
            "item_name",
            "question_id",
            "paired_count",
            "paired_satisfaction_sum",
            "paired_importance_sum",
            "company_id",
            "month",
        ],
        "res.company": ["loyalty_satisfied_threshold"],
    }

    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", string="Item", readonly=True)
    item_key = fields.Char(readonly=True)
    item_name = fields.Char(translate=True, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    year = fields.Date(readonly=True, aggregator=None)
    satisfaction = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    importance = fields.Float(readonly=True, aggregator="avg", digits=(16, 2))
    gap = fields.Float(
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Importance minus satisfaction: the larger, the more urgent.",
    )
    answer_count = fields.Integer(string="Answers", readonly=True)
    quadrant = fields.Selection(QUADRANTS, readonly=True)
    quadrant_sequence = fields.Integer(readonly=True)
    improvement_area_count = fields.Integer(
        string="Improvement Areas", compute="_compute_improvement_area_count"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    WITH item AS (
                        -- an id that stays when the summary is rebuilt: the
                        -- item's question, its year and its company
                        SELECT (MIN(s.question_id)::bigint * 10000
                                + EXTRACT(year FROM MIN(s.month))::bigint)
                                   * 10000 + COALESCE(s.company_id, 0) AS id,
                               s.survey_id, s.item_key, s.company_id,
                               DATE_TRUNC('year', s.month)::date AS year,
                               MIN(s.question_id) AS question_id,
                               (ARRAY_AGG(s.item_name ORDER BY s.question_id))[1]
                                   AS item_name,
                               SUM(s.paired_satisfaction_sum) / SUM(s.paired_count)
                                   AS satisfaction,
                               SUM(s.paired_importance_sum) / SUM(s.paired_count)
                                   AS importance,
                               SUM(s.paired_count) AS answer_count
                          FROM customer_satisfaction_summary s
                         WHERE s.paired_count > 0
                         GROUP BY s.survey_id, s.item_key, s.company_id,
                                  DATE_TRUNC('year', s.month)
                    ), rated AS (
                        SELECT item.*,
                               item.importance >= COALESCE(
                                   c.loyalty_satisfied_threshold, 7) AS is_important,
                               item.satisfaction >= COALESCE(
                                   c.loyalty_satisfied_threshold, 7) AS is_satisfied
                          FROM item
                          LEFT JOIN res_company c ON c.id = item.company_id
                    )
                    SELECT id, survey_id, item_key, company_id, year, question_id,
                           item_name, satisfaction, importance,
                           importance - satisfaction AS gap, answer_count,
                           CASE WHEN is_important AND NOT is_satisfied THEN 'improve'
                                WHEN is_important THEN 'strength'
                                WHEN is_satisfied THEN 'surplus'
                                ELSE 'secondary' END AS quadrant,
                           CASE WHEN is_important AND NOT is_satisfied THEN 1
                                WHEN is_important THEN 2
                                WHEN is_satisfied THEN 4
                                ELSE 3 END AS quadrant_sequence
                      FROM rated
                )
                """,
                SQL.identifier(self._table),
            )
        )

    def _item_questions(self):
        """Questions of the survey measuring the item (satisfaction and
        importance share the item key)."""
        self.ensure_one()
        return self.env["survey.question"].search(
            [
                ("survey_id", "=", self.survey_id.id),
                ("loyalty_item_key", "=", self.item_key),
            ]
        )

    def _compute_improvement_area_count(self):
        Area = self.env["improvement.area"]
        for item in self:
            item.improvement_area_count = Area.search_count(
                [("survey_question_ids", "in", item._item_questions().ids)]
            )

    def _low_score_tickets(self):
        """Tickets whose survey rated the item under the threshold that year."""
        self.ensure_one()
        threshold = (
            self.company_id or self.env.company
        ).loyalty_satisfied_threshold or 7.0
        next_year = self.year.replace(year=self.year.year + 1)
        rows = self.env["customer.satisfaction.report"]._read_group(
            [
                ("survey_id", "=", self.survey_id.id),
                ("item_key", "=", self.item_key),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", self.year),
                ("date", "<", next_year),
                ("satisfaction", "<", threshold),
                ("ticket_id", "!=", False),
            ],
            [],
            ["ticket_id:recordset"],
        )
        return rows[0][0] if rows else self.env["helpdesk.ticket"]

    def action_create_improvement_area(self):
        """Open the improvement area of the item (the improvement side finds
        or creates it, see ``improvement.area._from_survey_item``)."""
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        area = self.env["improvement.area"]._from_survey_item(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "improvement.area",
            "res_id": area.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_view_improvement_areas(self):
        self.ensure_one()
        # the item's questions are read: survey answers are for Loyalty Users
        check_loyalty_group(self.env, USER_GROUP)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Improvement Areas"),
            "res_model": "improvement.area",
            "view_mode": "list,form",
            "domain": [("survey_question_ids", "in", self._item_questions().ids)],
        }
