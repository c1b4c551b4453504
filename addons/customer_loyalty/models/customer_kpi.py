"""Definition of a loyalty indicator, and how its formulas are registered.
A KPI is either manual (values entered by the managers) or built-in: the
method ``_kpi_<formula>(date_from, date_to, segments)`` of this model
computes it and returns ``{segment_id or False (all customers): value}``,
where None means "no value" (a rate without base) and 0 is a real zero.

The formulas are grouped by the data they read, one file each, every file a
class inheriting ``customer.kpi`` that adds its ``_kpi_<formula>`` methods and
their entries to the ``formula`` selection with ``selection_add``:

- ``customer_kpi_customers.py``: segment membership (segment history);
- ``customer_kpi_revenue.py``: posted customer invoices;
- ``customer_kpi_tickets.py``: tickets and their follow-ups;
- ``customer_kpi_satisfaction.py``: the satisfaction analysis.

Another addon adds KPIs the same way (a contracts group, for instance): a
class inheriting ``customer.kpi`` with ``formula = fields.Selection(
selection_add=[...], ondelete={...: "set null"})``, its ``_kpi_<formula>``
methods, and ``customer.kpi`` records with ``computation = "builtin"`` in its
data files. The helpers below (``_by_segment``, ``_segment_stats``,
``_percent``) serve every group.
"""

import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .loyalty_access import DIRECTION_GROUP, USER_GROUP, check_loyalty_group

_logger = logging.getLogger(__name__)


class CustomerKpi(models.Model):
    """Definition of a loyalty indicator.

    A KPI is computed for every month (``customer.kpi.value.period``) over a
    window that depends on its periodicity: the month itself (monthly), the
    quarter to date (quarterly) or the year to date (yearly), so that the
    December row of a yearly KPI is the value of the year. Built-in KPIs are
    computed by the method ``_kpi_<formula>``; manual KPIs take values entered
    by the managers (data Odoo does not hold, e.g. profitability).
    """

    _name = "customer.kpi"
    _description = "Customer KPI"
    _check_company_auto = True
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
        [],
        help="Built-in formula computing the indicator (see the README table).",
    )
    segment_id = fields.Many2one(
        "customer.segment",
        help="Compute the indicator for this segment only (and all customers). "
        "Empty: every segment.",
        check_company=True,
    )
    process_id = fields.Many2one(
        "customer.process",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="Process of the process map measured by the indicator.",
        check_company=True,
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
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
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
        self._prepare_sources()
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

    def _prepare_sources(self):
        """Bring the tables the formulas of ``self`` read up to date before
        they compute (a formula group whose source is a reporting table
        refreshed by a cron extends this)."""

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

    @staticmethod
    def _percent(numerator, denominator):
        if not denominator or numerator is None:
            return None
        return 100.0 * numerator / denominator

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
