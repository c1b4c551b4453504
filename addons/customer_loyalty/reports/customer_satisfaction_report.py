from odoo import api, fields, models, tools
from odoo.models import parse_read_group_spec
from odoo.osv import expression
from odoo.tools import SQL, sql

from ..models.survey_question import LOYALTY_MEASURES
from ..models.survey_survey import SURVEY_PURPOSES

QUADRANTS = [
    ("improve", "Improvement candidate"),
    ("strength", "Strength"),
    ("surplus", "Possible over-service"),
    ("secondary", "Secondary"),
]


# the fields of the analysis the satisfaction summary holds, by the summary
# field that answers them (``date`` only grouped by month, quarter or year)
SUMMARY_FIELDS = {
    "survey_id": "survey_id",
    "item_key": "item_key",
    "item_name": "item_name",
    "measure": "measure",
    "segment_id": "segment_id",
    "company_id": "company_id",
    "month": "month",
    "date": "month",
}
SUMMARY_AVERAGES = {"satisfaction", "importance", "satisfied_rate", "recommend_rate"}


class CustomerSatisfactionReport(models.Model):
    """Satisfaction analysis: one row per answered survey item.

    An item is the set of questions of one completed answer sharing a
    ``loyalty_item_key``: its satisfaction (or overall / complaint handling)
    rating and its importance rating end up on the same row. Recommendation
    rows carry ``recommend_rate`` (100 yes, 0 no) and overall rows carry
    ``satisfied_rate`` (100 when the score reaches the company's "satisfied"
    threshold), so that their average in pivot and graph views is directly the
    recommend rate and the % of satisfied customers. The satisfaction with
    the handling of a complaint only counts for answers about a complaint
    ticket (the question is optional for everybody else). An answer belongs
    to the company of its ticket, else of its campaign, else of its segment,
    else of the user who created it. Only the answers to surveys of a
    customer purpose (periodic satisfaction, post-resolution, complaint
    handling, interview) are analysed: improvement-group participants value
    their project, not the service, and their answers stay in the project.

    A table rebuilt month by month, never a view over the answer lines
    (reading a million lines took seconds per pivot): the hourly cron of the
    satisfaction summary rebuilds the months whose answers changed since its
    last run, this table first, then the summary from it
    (:meth:`_refresh_months`), so both show the same answers. Pivots and
    graphs that group and filter only by what the summary holds are answered
    from the summary (:meth:`_read_group`); the rest (customer, ticket, day)
    reads this table. Nothing is written when the analysis is read: it works
    on a read-only database replica.
    """

    _name = "customer.satisfaction.report"
    _inherit = ["customer.monthly.report", "customer.report.recent.first"]
    _description = "Satisfaction Analysis"
    _order = "date desc, id"
    _rec_name = "question_id"

    # indexed: deleting an answer, a ticket or a customer looks its rows up;
    # a deleted answer leaves its rows without answer, which tells the refresh
    # to rebuild their month (:meth:`_deleted_months`)
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey Answer",
        readonly=True,
        index=True,
        ondelete="set null",
    )
    survey_id = fields.Many2one("survey.survey", readonly=True)
    survey_purpose = fields.Selection(
        [p for p in SURVEY_PURPOSES if p[0] != "participant"],
        readonly=True,
        help="What the survey answered is for.",
    )
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
    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, index="btree_not_null"
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", readonly=True, index="btree_not_null"
    )
    campaign_id = fields.Many2one("customer.survey.campaign", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    month = fields.Date(readonly=True, aggregator=None, index=True)

    def _select(self):
        return SQL(
            """
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
                AS month,
            s.loyalty_purpose AS survey_purpose
            """
        )

    def _from(self):
        return SQL(
            """
            survey_user_input_line l
            JOIN survey_user_input ui ON ui.id = l.user_input_id
            JOIN survey_survey s ON s.id = ui.survey_id
            JOIN survey_question q ON q.id = l.question_id
            JOIN survey_question_answer a ON a.id = l.suggested_answer_id
                 AND a.question_id = l.question_id
            LEFT JOIN helpdesk_ticket t ON t.id = ui.ticket_id
            LEFT JOIN customer_segment seg ON seg.id = ui.customer_segment_id
            LEFT JOIN customer_survey_campaign camp ON camp.id = ui.survey_campaign_id
            LEFT JOIN res_users u ON u.id = ui.create_uid
            LEFT JOIN res_company c
                   ON c.id = COALESCE(t.company_id, camp.company_id, seg.company_id,
                                      u.company_id)
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
            AND (q.loyalty_measure != 'complaint_handling'
                 OR t.contact_type = 'complaint')
            AND ui.improvement_project_id IS NULL
            AND %s
            """,
            self.env["survey.survey"]._customer_survey_sql("s"),
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
            DATE_TRUNC('month', COALESCE(ui.end_datetime, ui.create_date))::date,
            s.loyalty_purpose
            """
        )

    def _auto_init(self):
        # a database may hold the analysis as a view over the answer lines:
        # the table takes its place (the views built on it are recreated) and
        # the summary rebuilds every month (its init)
        cr = self.env.cr
        if sql.table_kind(cr, self._table) == sql.TableKind.View:
            tools.drop_view_if_exists(cr, self._table)
            cr.execute(
                SQL(
                    "DELETE FROM ir_config_parameter WHERE key = %s",
                    "customer_loyalty.satisfaction_summary_refreshed_at",
                )
            )
        return super()._auto_init()

    def init(self):
        cr = self.env.cr
        # the lines of completed loyalty answers are read by user input; a
        # refresh selects the answers of its months by their date
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS survey_user_input_loyalty_done_idx "
                "ON survey_user_input (survey_id, end_datetime) "
                "WHERE state = 'done'"
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS survey_user_input_loyalty_date_idx "
                "ON survey_user_input ((COALESCE(end_datetime, create_date))) "
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
        # the list opens on the latest answers
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_satisfaction_report_date_id_idx "
                "ON customer_satisfaction_report (date DESC, id)"
            )
        )

    # ------------------------------------------------------------------
    # Refresh (by the satisfaction summary's cron)
    # ------------------------------------------------------------------
    @api.model
    def _refresh_months(self, months=None):
        """Rebuild the rows of ``months`` (first days of month), or all rows."""
        if months is not None and not months:
            return
        self.env.flush_all()
        months = self._delete_months(months)
        where = self._where()
        if months is not None:
            answered = SQL("COALESCE(ui.end_datetime, ui.create_date)")
            where = SQL(
                "%s AND %s >= %s AND DATE_TRUNC('month', %s)::date = ANY(%s)",
                where,
                answered,
                months[0],
                answered,
                months,
            )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_satisfaction_report
                    (user_input_id, survey_id, item_key, question_id, item_name,
                     measure, satisfaction, importance, satisfied_rate,
                     recommend_rate, segment_id, partner_id, ticket_id,
                     campaign_id, company_id, date, month, survey_purpose,
                     create_uid,
                     create_date, write_uid, write_date)
                SELECT r.*, %s, now() at time zone 'UTC', %s,
                       now() at time zone 'UTC'
                  FROM (SELECT %s FROM %s WHERE %s GROUP BY %s) r
                """,
                self.env.uid,
                self.env.uid,
                self._select(),
                self._from(),
                where,
                self._group_by(),
            )
        )
        self.invalidate_model()

    @api.model
    def _changed_months(self, since):
        return self._month_of_rows_written_since(
            "survey_user_input", SQL("COALESCE(end_datetime, create_date)"), since
        )

    @api.model
    def _deleted_months(self):
        """Months with rows whose answer was deleted (the row's answer is set
        to empty by the database)."""
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT month FROM customer_satisfaction_report"
                " WHERE user_input_id IS NULL"
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------
    # Pivots and graphs from the summary
    # ------------------------------------------------------------------
    @api.model
    def _summary_spec(self, spec):
        """The summary's spec answering ``spec`` (a groupby or an aggregate
        of this model), or None when only this table can answer it."""
        if spec == "__count":
            return "answer_count:sum"
        fname, __, func = parse_read_group_spec(spec)
        target = SUMMARY_FIELDS.get(fname)
        if fname in SUMMARY_AVERAGES and func == "avg":
            return spec
        if not target:
            return None
        if fname in ("date", "month"):
            # months add up; days and weeks are not in the summary
            if func not in ("month", "quarter", "year") and not (
                fname == "month" and func is None
            ):
                return None
            return f"{target}:{func or 'month'}"
        return target if func is None else None

    @api.model
    def _summary_domain(self, domain):
        """``domain`` on the summary's fields, or None when a leaf filters on a
        field the summary does not hold (or on the day of the answer)."""
        result = []
        for leaf in expression.normalize_domain(domain):
            if not isinstance(leaf, list | tuple):
                result.append(leaf)
                continue
            if leaf in (expression.TRUE_LEAF, expression.FALSE_LEAF):
                result.append(leaf)
                continue
            path, operator, value = leaf
            fname, __, rest = path.partition(".")
            if fname == "date":
                # the bounds of a month, quarter or year group (its domain
                # when the pivot expands it) are first days of month
                day = fields.Date.to_date(value) if isinstance(value, str) else value
                if rest or operator not in (">=", "<") or not day or day.day != 1:
                    return None
            elif fname not in SUMMARY_FIELDS:
                return None
            if fname == "month" and (rest or operator == "any"):
                return None
            target = SUMMARY_FIELDS[fname] + (rest and "." + rest)
            result.append((target, operator, value))
        return result

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        """Groups and filters the summary holds (item, survey, measure,
        segment, company, month) are read from the summary, a few thousand
        rows, instead of the answered items: the same figures (its averages
        are weighted by the answers) as of the same refresh."""
        summary_groupby = [self._summary_spec(spec) for spec in groupby]
        summary_aggregates = [self._summary_spec(spec) for spec in aggregates]
        summary_domain = self._summary_domain(domain)
        summary_order = self._summary_order(order, groupby, aggregates)
        if (
            having
            or summary_domain is None
            or summary_order is None
            or None in summary_groupby
            or None in summary_aggregates
        ):
            return super()._read_group(
                domain, groupby, aggregates, having, offset, limit, order
            )
        self.browse().check_access("read")
        return self.env["customer.satisfaction.summary"]._read_group(
            summary_domain,
            summary_groupby,
            summary_aggregates,
            offset=offset,
            limit=limit,
            order=summary_order,
        )

    @api.model
    def _summary_order(self, order, groupby, aggregates):
        """``order`` (terms of groupby or aggregate specs) for the summary."""
        if not order:
            return order
        terms = []
        for term in order.split(","):
            spec, __, direction = term.strip().partition(" ")
            if spec not in groupby and spec not in aggregates:
                return None
            mapped = self._summary_spec(spec)
            if mapped is None:
                return None
            terms.append(f"{mapped} {direction}".strip())
        return ", ".join(terms)

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
