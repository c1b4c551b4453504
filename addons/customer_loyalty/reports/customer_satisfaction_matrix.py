from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerSatisfactionMatrix(models.Model):
    """Importance-satisfaction matrix.

    The rows of the satisfaction analysis rated for both importance and
    satisfaction, unfolded into one row per dimension, so that a bar chart
    grouped by item and dimension shows importance and satisfaction side by
    side, and a pivot (items x dimensions) is the matrix itself. Items of high
    importance and low satisfaction are the improvement candidates.
    """

    _name = "customer.satisfaction.matrix"
    _description = "Importance-Satisfaction Matrix"
    _auto = False
    _order = "item_key, dimension"
    _rec_name = "item_name"
    _depends = {"customer.satisfaction.report": ["importance", "satisfaction"]}

    report_id = fields.Many2one(
        "customer.satisfaction.report", string="Answered Item", readonly=True
    )
    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    item_key = fields.Char(readonly=True)
    item_name = fields.Char(string="Item", translate=True, readonly=True)
    dimension = fields.Selection(
        [("importance", "Importance"), ("satisfaction", "Satisfaction")],
        readonly=True,
    )
    score = fields.Float(readonly=True, aggregator="avg")
    segment_id = fields.Many2one("customer.segment", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT r.id * 2 + d.n AS id,
                           r.id AS report_id,
                           r.survey_id, r.question_id, r.item_key, r.item_name,
                           d.dimension, d.score,
                           r.segment_id, r.partner_id, r.company_id, r.date
                      FROM customer_satisfaction_report r
                CROSS JOIN LATERAL (VALUES
                           (0, 'importance', r.importance),
                           (1, 'satisfaction', r.satisfaction)
                           ) AS d (n, dimension, score)
                     WHERE r.importance IS NOT NULL
                       AND r.satisfaction IS NOT NULL
                )
                """,
                SQL.identifier(self._table),
            )
        )
