import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

KPI_FORMULAS = [
    ("revenue", "Segment revenue"),
    ("revenue_growth", "Revenue growth vs. last year"),
    ("revenue_share", "Share of revenue"),
    ("customer_count", "Customers in segment at period end"),
    ("customer_share", "Share of customers"),
    ("loyalty_index", "Loyalty index"),
    ("lost_customers", "Lost customers"),
    ("churn_rate", "Churn (customer loss index)"),
    ("cancellations", "Cancellations"),
    ("cancellation_rate", "Cancellation index"),
    ("family_growth", "Product families per customer growth"),
    ("lost_business", "Lost business"),
    ("retention_rate", "Retention (renewal) rate"),
    ("resolution_hours", "Average resolution time"),
    ("first_response_hours", "Average first response time"),
    ("within_target_rate", "Tickets closed within segment target"),
    ("satisfaction_index", "Overall satisfaction index"),
    ("satisfied_rate", "Satisfied customers"),
    ("recommend_rate", "Recommend rate"),
    ("complaint_satisfaction", "Satisfaction with complaint handling"),
    ("complaints", "Complaints"),
    ("complaint_resolution_hours", "Average resolution time of complaints"),
    ("contacts_per_ticket", "Customer contacts per ticket"),
    ("followup_on_time_rate", "Follow-ups on time"),
]
# formulas reading the satisfaction analysis
SATISFACTION_FORMULAS = {
    "satisfaction_index",
    "satisfied_rate",
    "recommend_rate",
    "complaint_satisfaction",
}


class CustomerKpi(models.Model):
    """Definition of a loyalty indicator (seed 000 E.1, 001, 002, 004).

    A KPI is computed for every month (``customer.kpi.value.period``) over a
    window that depends on its periodicity: the month itself (monthly), the
    quarter to date (quarterly) or the year to date (yearly), so that the
    December row of a yearly KPI is the value of the year. Built-in KPIs are
    computed by the method ``_kpi_<formula>``; manual KPIs take values entered
    by the managers (data Odoo does not hold, e.g. profitability).
    """

    _name = "customer.kpi"
    _description = "Customer KPI"
    _inherit = ["mail.thread"]
    _order = "category, sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        translate=True,
        help="What is measured, over which records and for which period.",
    )
    category = fields.Selection(
        [("results", "Results"), ("customer", "Customer"), ("process", "Process")],
        required=True,
        default="results",
        tracking=True,
    )
    unit = fields.Selection(
        [
            ("amount", "Amount (company currency)"),
            ("percent", "%"),
            ("count", "Count"),
            ("hours", "Hours"),
            ("score", "Score /10"),
            ("ratio", "Ratio"),
        ],
        required=True,
        default="count",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    good_threshold = fields.Float(
        digits=(16, 2),
        help="Values at least this good are Good. Leave both thresholds at 0 "
        "to rate the values against the yearly target instead.",
    )
    low_threshold = fields.Float(
        digits=(16, 2),
        help="Values worse than this are Low; between the thresholds, Warning.",
    )
    is_signed = fields.Boolean(
        string="Can Be Negative",
        help="Growth rates can be negative; counts, amounts and rates cannot.",
    )
    periodicity = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="monthly",
        help="Window of each monthly value: the month, the quarter to date or "
        "the year to date.",
    )
    computation = fields.Selection(
        [("builtin", "Built-in formula"), ("manual", "Manual values")],
        required=True,
        default="manual",
    )
    formula = fields.Selection(
        KPI_FORMULAS,
        help="Built-in formula computing the indicator (see the README table).",
    )
    segment_id = fields.Many2one(
        "customer.segment",
        help="Compute the indicator for this segment only (and all customers). "
        "Empty: every segment.",
    )
    process_id = fields.Many2one(
        "customer.process",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="Process of the process map measured by the indicator.",
    )
    target_ids = fields.One2many("customer.kpi.target", "kpi_id", string="Targets")
    value_ids = fields.One2many("customer.kpi.value", "kpi_id", string="Values")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the KPI between all companies."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "The KPI code must be unique per company.",
        ),
    ]

    def init(self):
        # the ticket indicators select the tickets closed / first answered in
        # a month: keep them off a full scan of helpdesk_ticket
        for column in ("closed_date", "first_response_date"):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (company_id, %s)"
                    " WHERE %s IS NOT NULL",
                    SQL.identifier(f"helpdesk_ticket_company_{column}_idx"),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )

    @api.constrains("computation", "formula")
    def _check_formula(self):
        for kpi in self:
            if kpi.computation == "builtin" and not kpi.formula:
                raise ValidationError(
                    self.env._(
                        "The KPI %(kpi)s is computed by a built-in formula but "
                        "has none: choose a Formula or set Computation to "
                        "Manual values.",
                        kpi=kpi.display_name,
                    )
                )

    @api.constrains("direction", "good_threshold", "low_threshold", "is_signed")
    def _check_thresholds(self):
        for kpi in self:
            if not kpi.is_signed and min(kpi.good_threshold, kpi.low_threshold) < 0:
                raise ValidationError(
                    self.env._(
                        "The thresholds of %(kpi)s cannot be negative: this "
                        "indicator only takes positive values.",
                        kpi=kpi.display_name,
                    )
                )
            higher = kpi.direction == "higher"
            if (higher and kpi.good_threshold < kpi.low_threshold) or (
                not higher and kpi.good_threshold > kpi.low_threshold
            ):
                raise ValidationError(
                    self.env._(
                        "The thresholds of %(kpi)s contradict its direction: "
                        "when %(direction)s, the Good threshold (%(good)s) must "
                        "be on the better side of the Low threshold (%(low)s).",
                        kpi=kpi.display_name,
                        direction=dict(
                            self._fields["direction"]._description_selection(self.env)
                        )[kpi.direction],
                        good=kpi.good_threshold,
                        low=kpi.low_threshold,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if {"good_threshold", "low_threshold", "direction"} & set(vals):
            self.env["customer.kpi.value"]._refresh_kpi_targets(self)
        return res

    def action_view_values(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.customer_kpi_value_action"
        )
        action["domain"] = [("kpi_id", "=", self.id)]
        action["context"] = {"default_kpi_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    @api.model
    def _last_closed_period(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=1)

    def _window(self, period):
        """Return ``(date_from, date_to)`` of the value of ``period`` (a first
        day of month): ``date_from`` included, ``date_to`` excluded."""
        self.ensure_one()
        date_to = period + relativedelta(months=1)
        if self.periodicity == "yearly":
            return period.replace(month=1), date_to
        if self.periodicity == "quarterly":
            return period.replace(month=(period.month - 1) // 3 * 3 + 1), date_to
        return period, date_to

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    def _segments_to_compute(self):
        self.ensure_one()
        if self.segment_id:
            return self.segment_id
        return (
            self.env["customer.segment"]
            .with_context(active_test=True)
            .search(
                [("company_id", "in", [False, self.env.company.id])],
            )
        )

    def _compute_values(self, periods):
        """Compute the built-in KPIs of ``self`` for ``periods`` in the current
        company and upsert one value per segment and one for all customers.

        Each KPI runs in a savepoint: a failing KPI is logged, its rows carry
        the error, and the other KPIs still compute. Returns the failing KPIs.
        """
        failed = self.browse()
        Value = self.env["customer.kpi.value"]
        company = self.env.company
        if any(kpi.formula in SATISFACTION_FORMULAS for kpi in self):
            # the satisfaction analysis is a table refreshed hourly: bring it
            # up to date with the answers completed since
            self.env["customer.satisfaction.summary"].sudo()._refresh_changed()
        for kpi in self.filtered(lambda k: k.computation == "builtin"):
            segments = kpi._segments_to_compute()
            keys = [False, *segments.ids]
            for period in periods:
                date_from, date_to = kpi._window(period)
                try:
                    with self.env.cr.savepoint():
                        method = getattr(kpi, f"_kpi_{kpi.formula}")
                        result = method(date_from, date_to, segments)
                        rows = {key: result.get(key) for key in keys}
                        Value._upsert(kpi, period, company, rows)
                except Exception as error:  # logged, kept on the rows, others go on
                    _logger.exception(
                        "KPI %s failed for %s (company %s)",
                        kpi.code,
                        period,
                        company.id,
                    )
                    failed |= kpi
                    Value._upsert(
                        kpi,
                        period,
                        company,
                        dict.fromkeys(keys),
                        error=str(error) or error.__class__.__name__,
                    )
        return failed

    @api.model
    def _cron_compute_kpis(self, batch_size=50):
        """Compute the last closed month for every built-in KPI of every company.

        A (company, KPI) pair is pending while it has no all-customers row for
        the month, so a second run does nothing and an interrupted run resumes
        where it stopped; progress is reported to the cron in batches.
        """
        period = self._last_closed_period()
        companies = self.env["res.company"].search([])
        pending = []
        for company in companies:
            kpis = (
                self.with_company(company)
                .sudo()
                .search(
                    [
                        ("computation", "=", "builtin"),
                        ("company_id", "in", [False, company.id]),
                    ]
                )
            )
            if not kpis:
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT kpi_id FROM customer_kpi_value WHERE period = %s"
                    " AND company_id = %s AND segment_id IS NULL AND kpi_id = ANY(%s)",
                    period,
                    company.id,
                    kpis.ids,
                )
            )
            done = {row[0] for row in self.env.cr.fetchall()}
            pending += [(company, kpi) for kpi in kpis if kpi.id not in done]
        batch, rest = pending[:batch_size], pending[batch_size:]
        for company, kpi in batch:
            kpi.with_company(company).sudo()._compute_values([period])
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(rest))
        return len(batch)

    # ------------------------------------------------------------------
    # Shared set-based queries
    # ------------------------------------------------------------------
    @staticmethod
    def _by_segment(rows):
        """Turn ``(segment_id, is_total, value)`` rows of a GROUPING SETS
        query into ``{segment_id or False: value}``; rows of tickets or
        invoices without segment only count in the total."""
        result = {}
        for segment_id, is_total, value in rows:
            if is_total:
                result[False] = value
            elif segment_id:
                result[segment_id] = value
        return result

    def _revenue_by_segment(self, date_from, date_to, partner_ids=None):
        """Untaxed revenue in company currency of posted customer invoices
        minus refunds dated in ``[date_from, date_to)``, by the segment of the
        customer on the invoice date (history), plus the total."""
        partner_clause = (
            SQL(" AND m.commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT h.segment_id, GROUPING(h.segment_id),
                       coalesce(sum(-aml.balance), 0)
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  LEFT JOIN customer_segment_history h
                    ON h.partner_id = m.commercial_partner_id
                   AND h.date_from <= aml.date
                   AND (h.date_to IS NULL OR h.date_to > aml.date)
                 WHERE aml.parent_state = 'posted'
                   AND aml.display_type = 'product'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND aml.company_id = %s
                   AND aml.date >= %s AND aml.date < %s%s
                 GROUP BY GROUPING SETS ((h.segment_id), ())
                """,
                self.env.company.id,
                date_from,
                date_to,
                partner_clause,
            )
        )
        result = self._by_segment(self.env.cr.fetchall())
        result.setdefault(False, 0.0)
        return result

    def _members_at(self, day):
        """Query of the ``(partner_id, segment_id)`` customers of the company
        (or shared) in a segment on ``day``, from the segment history."""
        return SQL(
            """
            SELECT DISTINCT partner_id, segment_id
              FROM customer_segment_history
             WHERE date_from <= %(day)s
               AND (date_to IS NULL OR date_to > %(day)s)
               AND (company_id IS NULL OR company_id = %(company)s)
            """,
            day=day,
            company=self.env.company.id,
        )

    def _customer_flows(self, date_from, date_to):
        """Customers by segment on the day before ``date_from`` (start) and
        on the last day of the window (end), in one query.

        Returns ``{segment_id or False: (at_start, stayed, lost, at_end)}``:
        ``stayed`` are start customers still in the same segment at the end
        (for all customers: still in any segment), ``lost`` start customers in
        no segment at the end.
        """
        self.env.flush_all()
        start = date_from - relativedelta(days=1)
        end = date_to - relativedelta(days=1)
        self.env.cr.execute(
            SQL(
                """
                WITH s AS (%(members_at_start)s), e AS (%(members_at_end)s), seg AS (
                    SELECT segment_id FROM s UNION SELECT segment_id FROM e
                )
                SELECT seg.segment_id,
                       (SELECT count(*) FROM s WHERE s.segment_id = seg.segment_id),
                       (SELECT count(*) FROM s JOIN e USING (partner_id, segment_id)
                         WHERE s.segment_id = seg.segment_id),
                       (SELECT count(*) FROM s
                         WHERE s.segment_id = seg.segment_id
                           AND NOT EXISTS (SELECT 1 FROM e
                                            WHERE e.partner_id = s.partner_id)),
                       (SELECT count(*) FROM e WHERE e.segment_id = seg.segment_id)
                  FROM seg
                """,
                members_at_start=self._members_at(start),
                members_at_end=self._members_at(end),
            )
        )
        flows = {row[0]: tuple(row[1:]) for row in self.env.cr.fetchall()}
        at_start = sum(f[0] for f in flows.values())
        lost = sum(f[2] for f in flows.values())
        at_end = sum(f[3] for f in flows.values())
        flows[False] = (at_start, at_start - lost, lost, at_end)
        return flows

    @staticmethod
    def _percent(numerator, denominator):
        if not denominator or numerator is None:
            return None
        return 100.0 * numerator / denominator

    # ------------------------------------------------------------------
    # Built-in indicators: {segment_id or False (all customers): value}
    # None means "no value" (e.g. a rate without base), 0 is a real zero.
    # ------------------------------------------------------------------
    def _kpi_revenue(self, date_from, date_to, segments):
        """Segment revenue: sum of the untaxed product lines (``-balance``,
        company currency, converted at the invoice date) of posted customer
        invoices minus posted refunds dated in the window, by the customer's
        segment on the invoice date. No invoice gives 0."""
        revenue = self._revenue_by_segment(date_from, date_to)
        return {key: revenue.get(key, 0.0) for key in [False, *segments.ids]}

    def _kpi_revenue_growth(self, date_from, date_to, segments):
        """Revenue growth %: (revenue of the window - revenue of the same
        window one year earlier) / revenue one year earlier x 100. No value
        when last year's revenue is 0."""
        year = relativedelta(years=1)
        now = self._revenue_by_segment(date_from, date_to)
        before = self._revenue_by_segment(date_from - year, date_to - year)
        return {
            key: self._percent(
                now.get(key, 0.0) - before.get(key, 0.0), before.get(key, 0.0)
            )
            for key in [False, *segments.ids]
        }

    def _kpi_revenue_share(self, date_from, date_to, segments):
        """Share of revenue %: segment revenue / revenue of all customers x
        100 over the window (100 for all customers). No value when the total
        revenue is 0."""
        revenue = self._revenue_by_segment(date_from, date_to)
        total = revenue[False]
        return {
            key: self._percent(revenue.get(key, 0.0), total)
            for key in [False, *segments.ids]
        }

    def _kpi_customer_count(self, date_from, date_to, segments):
        """Customers in the segment on the last day of the window, from the
        segment history (all customers: in any segment)."""
        flows = self._customer_flows(date_from, date_to)
        return {key: flows.get(key, (0, 0, 0, 0))[3] for key in [False, *segments.ids]}

    def _kpi_customer_share(self, date_from, date_to, segments):
        """Share of customers %: customers in the segment / customers in any
        segment on the last day of the window x 100."""
        flows = self._customer_flows(date_from, date_to)
        total = flows[False][3]
        return {
            key: self._percent(flows.get(key, (0, 0, 0, 0))[3], total)
            for key in [False, *segments.ids]
        }

    def _kpi_loyalty_index(self, date_from, date_to, segments):
        """Loyalty index %: customers in the segment the day before the window
        that are still in it on its last day / customers at start x 100 (all
        customers: still in any segment). No value without customers at start."""
        flows = self._customer_flows(date_from, date_to)
        empty = (0, 0, 0, 0)
        return {
            key: self._percent(flows.get(key, empty)[1], flows.get(key, empty)[0])
            for key in [False, *segments.ids]
        }

    def _kpi_lost_customers(self, date_from, date_to, segments):
        """Lost customers: customers in the segment the day before the window
        that are in no segment at all on its last day."""
        flows = self._customer_flows(date_from, date_to)
        return {key: flows.get(key, (0, 0, 0, 0))[2] for key in [False, *segments.ids]}

    def _kpi_churn_rate(self, date_from, date_to, segments):
        """Churn % (customer loss index): lost customers / customers at start
        x 100. No value without customers at start."""
        flows = self._customer_flows(date_from, date_to)
        empty = (0, 0, 0, 0)
        return {
            key: self._percent(flows.get(key, empty)[2], flows.get(key, empty)[0])
            for key in [False, *segments.ids]
        }

    def _kpi_cancellations(self, date_from, date_to, segments):
        """Cancellations (bajas): customers in the segment the day before the
        window that are no longer in it on its last day (moved to another
        segment or lost). For all customers: the lost customers."""
        flows = self._customer_flows(date_from, date_to)
        empty = (0, 0, 0, 0)
        return {
            key: flows.get(key, empty)[0] - flows.get(key, empty)[1]
            for key in [False, *segments.ids]
        }

    def _kpi_cancellation_rate(self, date_from, date_to, segments):
        """Cancellation index %: cancellations / customers at start x 100."""
        flows = self._customer_flows(date_from, date_to)
        empty = (0, 0, 0, 0)
        return {
            key: self._percent(
                flows.get(key, empty)[0] - flows.get(key, empty)[1],
                flows.get(key, empty)[0],
            )
            for key in [False, *segments.ids]
        }

    def _kpi_lost_business(self, date_from, date_to, segments):
        """Lost business (company currency): revenue of the 12 months before
        the window of the customers cancelled in it (segment rows) or lost
        (all customers row), counted in the segment they left."""
        self.env.flush_all()
        start = date_from - relativedelta(days=1)
        end = date_to - relativedelta(days=1)
        self.env.cr.execute(
            SQL(
                """
                WITH s AS (%(members_at_start)s), e AS (%(members_at_end)s), gone AS (
                    SELECT s.partner_id, s.segment_id,
                           stay.partner_id IS NULL AS is_lost
                      FROM s
                      -- joins, not a subquery per row: both sides are large
                      LEFT JOIN (SELECT DISTINCT partner_id FROM e) stay
                        ON stay.partner_id = s.partner_id
                     WHERE NOT EXISTS (SELECT 1 FROM e
                                        WHERE e.partner_id = s.partner_id
                                          AND e.segment_id = s.segment_id)
                ), rev AS (
                    SELECT m.commercial_partner_id AS partner_id,
                           sum(-aml.balance) AS amount
                      FROM account_move_line aml
                      JOIN account_move m ON m.id = aml.move_id
                     WHERE aml.parent_state = 'posted'
                       AND aml.display_type = 'product'
                       AND m.move_type IN ('out_invoice', 'out_refund')
                       AND aml.company_id = %(company)s
                       AND aml.date >= %(rev_from)s AND aml.date < %(rev_to)s
                       AND m.commercial_partner_id IN (SELECT partner_id FROM gone)
                     GROUP BY m.commercial_partner_id
                )
                SELECT gone.segment_id,
                       coalesce(sum(rev.amount), 0),
                       coalesce(sum(rev.amount) FILTER (WHERE gone.is_lost), 0)
                  FROM gone LEFT JOIN rev USING (partner_id)
                 GROUP BY gone.segment_id
                """,
                members_at_start=self._members_at(start),
                members_at_end=self._members_at(end),
                company=self.env.company.id,
                rev_from=date_from - relativedelta(years=1),
                rev_to=date_from,
            )
        )
        rows = self.env.cr.fetchall()
        result = {segment_id: amount for segment_id, amount, __ in rows}
        result[False] = sum(lost for __, __, lost in rows)
        return {key: result.get(key, 0.0) for key in [False, *segments.ids]}

    def _families_per_customer(self, date_from, date_to):
        """Distinct (customer, product category) pairs / distinct customers on
        the product lines of posted customer invoices (not refunds) of the
        window, by segment on the invoice date."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT h.segment_id, GROUPING(h.segment_id),
                       count(DISTINCT (m.commercial_partner_id, t.categ_id))::float
                       / NULLIF(count(DISTINCT m.commercial_partner_id), 0)
                  FROM account_move_line aml
                  JOIN account_move m ON m.id = aml.move_id
                  JOIN product_product p ON p.id = aml.product_id
                  JOIN product_template t ON t.id = p.product_tmpl_id
                  LEFT JOIN customer_segment_history h
                    ON h.partner_id = m.commercial_partner_id
                   AND h.date_from <= aml.date
                   AND (h.date_to IS NULL OR h.date_to > aml.date)
                 WHERE aml.parent_state = 'posted'
                   AND aml.display_type = 'product'
                   AND m.move_type = 'out_invoice'
                   AND aml.company_id = %s
                   AND aml.date >= %s AND aml.date < %s
                 GROUP BY GROUPING SETS ((h.segment_id), ())
                """,
                self.env.company.id,
                date_from,
                date_to,
            )
        )
        return self._by_segment(self.env.cr.fetchall())

    def _kpi_family_growth(self, date_from, date_to, segments):
        """Product families per customer growth %: families (product
        categories) per invoiced customer in the window vs. the same window
        one year earlier, (now - before) / before x 100. No value when nobody
        was invoiced one year earlier."""
        year = relativedelta(years=1)
        now = self._families_per_customer(date_from, date_to)
        before = self._families_per_customer(date_from - year, date_to - year)
        return {
            key: self._percent(
                (now.get(key) or 0.0) - (before.get(key) or 0.0), before.get(key)
            )
            for key in [False, *segments.ids]
        }

    def _kpi_retention_rate(self, date_from, date_to, segments):
        """Retention (renewal) rate %: customers invoiced (posted customer
        invoice) in the 12 months before the window that are invoiced again in
        the window / customers invoiced in those 12 months x 100, by their
        segment the day before the window. No value without such customers."""
        self.env.flush_all()
        start = date_from - relativedelta(days=1)
        self.env.cr.execute(
            SQL(
                """
                WITH inv AS (
                    SELECT DISTINCT m.commercial_partner_id AS partner_id,
                           m.date >= %(d1)s AS in_window
                      FROM account_move m
                     WHERE m.state = 'posted'
                       AND m.move_type = 'out_invoice'
                       AND m.company_id = %(company)s
                       AND m.date >= %(base_from)s AND m.date < %(d2)s
                ), base AS (
                    SELECT partner_id FROM inv WHERE NOT in_window
                ), renewed AS (
                    SELECT DISTINCT partner_id FROM inv WHERE in_window
                )
                SELECT h.segment_id, GROUPING(h.segment_id),
                       100.0 * count(DISTINCT b.partner_id) FILTER (
                           WHERE r.partner_id IS NOT NULL)
                       / NULLIF(count(DISTINCT b.partner_id), 0)
                  FROM base b
                  -- a hash join: an EXISTS on the CTE would rescan it per row
                  LEFT JOIN renewed r ON r.partner_id = b.partner_id
                  LEFT JOIN customer_segment_history h
                    ON h.partner_id = b.partner_id
                   AND h.date_from <= %(start)s
                   AND (h.date_to IS NULL OR h.date_to > %(start)s)
                 GROUP BY GROUPING SETS ((h.segment_id), ())
                """,
                d1=date_from,
                d2=date_to,
                base_from=date_from - relativedelta(years=1),
                start=start,
                company=self.env.company.id,
            )
        )
        result = self._by_segment(self.env.cr.fetchall())
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _segment_stats(self, table, segment_column, date_column, expression, where):
        """Return a function of the window ``(date_from, date_to)`` giving
        ``expression`` aggregated over the rows ``t`` of ``table`` whose
        ``date_column`` falls in the window and that match ``where`` (the
        company condition at least), by ``segment_column``, plus the total."""
        segment = SQL.identifier("t", segment_column)
        day = SQL.identifier("t", date_column)

        def query(date_from, date_to):
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT %(segment)s, GROUPING(%(segment)s), %(expression)s
                      FROM %(table)s t
                     WHERE %(where)s AND %(day)s >= %(date_from)s
                       AND %(day)s < %(date_to)s
                     GROUP BY GROUPING SETS ((%(segment)s), ())
                    """,
                    segment=segment,
                    expression=expression,
                    table=SQL.identifier(table),
                    where=where,
                    day=day,
                    date_from=date_from,
                    date_to=date_to,
                )
            )
            return self._by_segment(self.env.cr.fetchall())

        return query

    def _ticket_stats(self, date_field, expression, where=None):
        """``expression`` aggregated over the tickets of the company whose
        ``date_field`` falls in the window, by the ticket's segment (the
        customer's segment when the ticket was opened)."""
        company = SQL("t.company_id = %s", self.env.company.id)
        return self._segment_stats(
            "helpdesk_ticket",
            "customer_segment_id",
            date_field,
            expression,
            SQL("%s AND %s", company, where) if where else company,
        )

    def _kpi_resolution_hours(self, date_from, date_to, segments):
        """Average resolution time (hours): mean of ``closed_date -
        create_date`` of the tickets closed in the window (UTC). No value
        without closed tickets."""
        result = self._ticket_stats(
            "closed_date",
            SQL("avg(extract(epoch FROM t.closed_date - t.create_date)) / 3600.0"),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_first_response_hours(self, date_from, date_to, segments):
        """Average first response time (hours): mean of ``first_response_date
        - create_date`` of the tickets first answered in the window."""
        result = self._ticket_stats(
            "first_response_date",
            SQL(
                "avg(extract(epoch FROM t.first_response_date - t.create_date))"
                " / 3600.0"
            ),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_within_target_rate(self, date_from, date_to, segments):
        """% tickets within segment target: tickets closed in the window with
        a resolution deadline that were closed at or before it / tickets
        closed in the window with a resolution deadline x 100."""
        result = self._ticket_stats(
            "closed_date",
            SQL(
                "100.0 * count(*) FILTER (WHERE t.closed_date <= t.resolution_deadline)"
                " / NULLIF(count(*), 0)"
            ),
            where=SQL("t.resolution_deadline IS NOT NULL"),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_complaint_resolution_hours(self, date_from, date_to, segments):
        """Average resolution time of complaints (hours): mean of
        ``closed_date - create_date`` of the tickets of contact type
        complaint closed in the window. No value without such tickets."""
        result = self._ticket_stats(
            "closed_date",
            SQL("avg(extract(epoch FROM t.closed_date - t.create_date)) / 3600.0"),
            where=SQL("t.contact_type = 'complaint'"),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_complaints(self, date_from, date_to, segments):
        """Complaints: tickets of contact type complaint opened (created) in
        the window, by the ticket's segment. None gives 0."""
        result = self._ticket_stats(
            "create_date",
            SQL("count(*)"),
            where=SQL("t.contact_type = 'complaint'"),
        )(date_from, date_to)
        return {key: result.get(key) or 0 for key in [False, *segments.ids]}

    def _kpi_contacts_per_ticket(self, date_from, date_to, segments):
        """Customer contacts per ticket: mean ``customer_contact_count``
        (inbound customer messages and logged calls) of the tickets closed in
        the window. No value without closed tickets."""
        result = self._ticket_stats(
            "closed_date", SQL("avg(t.customer_contact_count)")
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_followup_on_time_rate(self, date_from, date_to, segments):
        """% follow-ups on time: proactive status updates sent in the window
        no later than their due date / updates sent in the window x 100, by
        the ticket's segment. No value without updates."""
        result = self._segment_stats(
            "helpdesk_ticket_followup",
            "customer_segment_id",
            "sent_date",
            SQL("100.0 * count(*) FILTER (WHERE t.is_on_time) / NULLIF(count(*), 0)"),
            SQL("t.company_id = %s", self.env.company.id),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _satisfaction_stats(self, measure, expression, date_from, date_to, segments):
        """``expression`` aggregated over the rows of the satisfaction
        analysis (``customer.satisfaction.report``: completed, non-test
        answers) of ``measure`` completed in the window, of the company or
        shared, by the segment of the customer stored on the answer when the
        survey was sent, plus the total."""
        result = self._segment_stats(
            "customer_satisfaction_report",
            "segment_id",
            "date",
            expression,
            SQL(
                "t.measure = %s AND (t.company_id IS NULL OR t.company_id = %s)",
                measure,
                self.env.company.id,
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
