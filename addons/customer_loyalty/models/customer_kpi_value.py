from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang


class CustomerKpiValue(models.Model):
    """Monthly value of a KPI for a segment (or all customers).

    ``period`` is the first day of the month; the value covers the KPI's
    window ending with that month. ``has_value`` tells a real 0 from "no
    value" (e.g. a rate without base). ``target``, ``previous_value``,
    ``trend`` and ``status`` are derived in SQL by :meth:`_refresh_derived`
    each time values are written.
    """

    _name = "customer.kpi.value"
    _description = "Customer KPI Value"
    _check_company_auto = True
    _order = "period desc, kpi_id, segment_id"
    _rec_name = "kpi_id"

    kpi_id = fields.Many2one(
        "customer.kpi",
        string="KPI",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    segment_id = fields.Many2one(
        "customer.segment",
        ondelete="cascade",
        index="btree_not_null",
        help="Empty: all customers.",
        check_company=True,
    )
    # a key, not a text: its label is read in the reader's language
    segment_label = fields.Selection(
        selection="_selection_segment_label",
        string="Segment or All",
        compute="_compute_segment_label",
        store=True,
    )
    period = fields.Date(required=True, index=True, help="First day of the month.")
    # the month as people write it ("November 2026", "noviembre 2026"), in
    # the reader's language: lists show dates as 11/01/2026 whatever the view says
    period_label = fields.Char(string="Month", compute="_compute_period_label")
    category = fields.Selection(related="kpi_id.category", store=True)
    unit = fields.Selection(related="kpi_id.unit")
    survey_purpose = fields.Selection(related="kpi_id.survey_purpose")
    # "no value" rows keep NULL in the database so that pivots leave them
    # empty instead of showing 0; has_value tells them apart in the ORM
    value = fields.Float(digits=(16, 2), aggregator="avg")
    has_value = fields.Boolean(readonly=True)
    target = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    has_target = fields.Boolean(readonly=True)
    previous_value = fields.Float(digits=(16, 2), readonly=True, aggregator="avg")
    has_previous = fields.Boolean(readonly=True)
    last_year_value = fields.Float(
        string="Same Month Last Year",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Value of the same month of the previous year, to compare with the "
        "year's target.",
    )
    has_last_year = fields.Boolean(readonly=True)
    # the scorecard list groups rows of unlike KPIs (amounts, rates, counts):
    # these texts carry the unit and add nothing up in the group rows
    value_display = fields.Char(string="Value with Unit", compute="_compute_displays")
    target_display = fields.Char(string="Target with Unit", compute="_compute_displays")
    previous_display = fields.Char(
        string="Previous Value with Unit", compute="_compute_displays"
    )
    last_year_display = fields.Char(
        string="Same Month Last Year with Unit", compute="_compute_displays"
    )
    trend = fields.Selection(
        [("up", "Up"), ("flat", "Flat"), ("down", "Down")], readonly=True
    )
    status = fields.Selection(
        [("good", "Good"), ("warning", "Warning"), ("low", "Low")], readonly=True
    )
    error = fields.Char(
        readonly=True, help="Why the last computation of this value failed."
    )
    is_manual = fields.Boolean(readonly=True)
    computed_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )

    _sql_constraints = [
        (
            "kpi_segment_period_uniq",
            "UNIQUE NULLS NOT DISTINCT (kpi_id, segment_id, period, company_id)",
            "A KPI has one value per segment, month and company.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_kpi_value_kpi_period_idx"
                " ON customer_kpi_value (kpi_id, period, segment_id)"
            )
        )
        # rows whose segment column holds a name instead of its key
        self.env.cr.execute(
            SQL(
                "UPDATE customer_kpi_value SET segment_label ="
                " coalesce(segment_id::text, 'all')"
                " WHERE segment_label IS DISTINCT FROM"
                " coalesce(segment_id::text, 'all')"
            )
        )

    @api.model
    def _selection_segment_label(self):
        segments = self.env["customer.segment"].with_context(active_test=False)
        return [("all", self.env._("All customers"))] + [
            (str(segment.id), segment.name)
            for segment in segments.search([], order="sequence, id")
        ]

    @api.depends("segment_id")
    def _compute_segment_label(self):
        for row in self:
            row.segment_label = str(row.segment_id.id) if row.segment_id else "all"

    @api.depends("period")
    @api.depends_context("lang")
    def _compute_period_label(self):
        for row in self:
            row.period_label = (
                format_date(self.env, row.period, date_format="MMMM y")
                if row.period
                else False
            )

    @api.depends(
        "value",
        "has_value",
        "target",
        "has_target",
        "previous_value",
        "has_previous",
        "last_year_value",
        "has_last_year",
    )
    @api.depends_context("lang")
    def _compute_displays(self):
        for row in self:
            unit = row.kpi_id.unit
            row.value_display = row._format_kpi_number(row.value, row.has_value, unit)
            row.target_display = row._format_kpi_number(
                row.target, row.has_target, unit
            )
            row.previous_display = row._format_kpi_number(
                row.previous_value, row.has_previous, unit
            )
            row.last_year_display = row._format_kpi_number(
                row.last_year_value, row.has_last_year, unit
            )

    def _format_kpi_number(self, number, is_set, unit):
        if not is_set:
            return False
        if unit == "amount":
            return formatLang(
                self.env, number, currency_obj=self.company_id.currency_id
            )
        if unit == "percent":
            return "%s %%" % formatLang(self.env, number, digits=1)
        if unit == "count":
            return formatLang(self.env, number, digits=0)
        if unit == "hours":
            return "%s h" % formatLang(self.env, number, digits=1)
        if unit == "score":
            return "%s / 10" % formatLang(self.env, number, digits=2)
        return formatLang(self.env, number, digits=2)

    # ------------------------------------------------------------------
    # Manual values
    # ------------------------------------------------------------------
    def _check_manual_vals(self, vals, kpi):
        if kpi.computation != "manual":
            raise UserError(
                self.env._(
                    "The KPI %(kpi)s is computed by its formula: use Recompute "
                    "instead of entering values.",
                    kpi=kpi.display_name,
                )
            )
        if "period" in vals:
            period = fields.Date.to_date(vals["period"]).replace(day=1)
            if period > fields.Date.context_today(self).replace(day=1):
                raise ValidationError(
                    self.env._(
                        "%(kpi)s: %(period)s is a future month; values can only "
                        "be entered for months that have started.",
                        kpi=kpi.display_name,
                        period=period.strftime("%Y-%m"),
                    )
                )
            vals["period"] = period
        if "value" in vals:
            vals["has_value"] = vals["value"] is not False and vals["value"] is not None
        if vals.get("value") and vals["value"] < 0 and not kpi.is_signed:
            raise ValidationError(
                self.env._(
                    "%(kpi)s cannot be negative (%(value)s).",
                    kpi=kpi.display_name,
                    value=vals["value"],
                )
            )
        vals["is_manual"] = True
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        kpis = self.env["customer.kpi"].browse(
            [vals.get("kpi_id") for vals in vals_list]
        )
        for vals, kpi in zip(vals_list, kpis, strict=True):
            self._check_manual_vals(vals, kpi)
        values = super().create(vals_list)
        values._refresh_derived()
        return values

    def write(self, vals):
        derived = {"value", "period", "kpi_id", "segment_id"} & set(vals)
        self.check_access("write")
        if derived:
            kpis = (
                self.env["customer.kpi"].browse(vals["kpi_id"])
                if vals.get("kpi_id")
                else self.kpi_id
            )
            for kpi in kpis:
                vals = self._check_manual_vals(dict(vals), kpi)
        res = super().write(vals)
        if derived:
            self._refresh_derived()
        return res

    # ------------------------------------------------------------------
    # Set-based writing
    # ------------------------------------------------------------------
    @api.model
    def _upsert(self, kpi, period, company, rows, error=None):
        """Insert or update ``{segment_id or False: value or None}`` of ``kpi``
        for ``period`` in one statement, then derive target/status."""
        self.env.flush_all()
        segment_ids = [key or None for key in rows]
        values = [rows[key] for key in rows]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO customer_kpi_value AS v
                    (kpi_id, segment_id, segment_label, period, category, value,
                     has_value, error, is_manual, computed_date, company_id,
                     create_uid, create_date, write_uid, write_date)
                SELECT %(kpi)s, r.segment_id, coalesce(r.segment_id::text, 'all'),
                       %(period)s, %(category)s, r.value,
                       r.value IS NOT NULL, %(error)s, false,
                       now() at time zone 'UTC', %(company)s,
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM unnest(%(segments)s::int[], %(values)s::float[])
                       AS r(segment_id, value)
                ON CONFLICT ON CONSTRAINT customer_kpi_value_kpi_segment_period_uniq
                DO UPDATE SET value = EXCLUDED.value,
                              has_value = EXCLUDED.has_value,
                              error = EXCLUDED.error,
                              computed_date = EXCLUDED.computed_date,
                              write_uid = EXCLUDED.write_uid,
                              write_date = EXCLUDED.write_date
                RETURNING id
                """,
                kpi=kpi.id,
                period=period,
                category=kpi.category,
                error=error,
                company=company.id,
                uid=self.env.uid,
                segments=segment_ids,
                values=values,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model()
        records = self.browse(ids)
        records._refresh_derived()
        return records

    def _refresh_derived(self):
        """Set target, previous value, trend and status of these rows and of
        the rows of the next period (whose previous value they are), in SQL.

        Target: the KPI's yearly target of the period's year for the row's
        segment, else the one without segment. Status: by the thresholds when
        one is set (higher is better: value >= good is Good, value < low is
        Low; the opposite when lower is better), else against the target (Good
        when met, Warning within 10 %, Low beyond); no status without value.
        """
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT nxt.id FROM customer_kpi_value cur
                  JOIN customer_kpi_value nxt
                    ON nxt.kpi_id = cur.kpi_id
                   AND nxt.segment_id IS NOT DISTINCT FROM cur.segment_id
                   AND nxt.company_id = cur.company_id
                   AND nxt.period IN ((cur.period + interval '1 month')::date,
                                      (cur.period + interval '1 year')::date)
                 WHERE cur.id = ANY(%s)
                """,
                self.ids,
            )
        )
        ids = list(set(self.ids) | {row[0] for row in self.env.cr.fetchall()})
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_kpi_value v
                   SET target = tg.value,
                       has_target = tg.value IS NOT NULL,
                       previous_value = CASE WHEN prev.has_value THEN prev.value END,
                       has_previous = coalesce(prev.has_value, false),
                       last_year_value = CASE WHEN ly.has_value THEN ly.value END,
                       has_last_year = coalesce(ly.has_value, false),
                       trend = CASE
                           WHEN NOT v.has_value OR NOT coalesce(prev.has_value, false)
                               THEN NULL
                           WHEN v.value > prev.value THEN 'up'
                           WHEN v.value < prev.value THEN 'down'
                           ELSE 'flat' END,
                       status = CASE
                           WHEN NOT v.has_value THEN NULL
                           WHEN k.good_threshold != 0 OR k.low_threshold != 0 THEN
                               CASE WHEN k.direction = 'higher' THEN
                                   CASE WHEN v.value >= k.good_threshold THEN 'good'
                                        WHEN v.value < k.low_threshold THEN 'low'
                                        ELSE 'warning' END
                               ELSE
                                   CASE WHEN v.value <= k.good_threshold THEN 'good'
                                        WHEN v.value > k.low_threshold THEN 'low'
                                        ELSE 'warning' END
                               END
                           WHEN tg.value IS NULL THEN NULL
                           WHEN k.direction = 'higher' THEN
                               CASE WHEN v.value >= tg.value THEN 'good'
                                    WHEN v.value >= tg.value - abs(tg.value) * 0.1
                                        THEN 'warning'
                                    ELSE 'low' END
                           ELSE
                               CASE WHEN v.value <= tg.value THEN 'good'
                                    WHEN v.value <= tg.value + abs(tg.value) * 0.1
                                        THEN 'warning'
                                    ELSE 'low' END
                           END
                  FROM customer_kpi_value v2
                  JOIN customer_kpi k ON k.id = v2.kpi_id
                  LEFT JOIN LATERAL (
                      SELECT t.value FROM customer_kpi_target t
                       WHERE t.kpi_id = v2.kpi_id
                         AND t.year = extract(year FROM v2.period)
                         AND (t.segment_id = v2.segment_id OR t.segment_id IS NULL)
                       ORDER BY t.segment_id IS NULL
                       LIMIT 1
                  ) tg ON true
                  LEFT JOIN customer_kpi_value prev
                    ON prev.kpi_id = v2.kpi_id
                   AND prev.segment_id IS NOT DISTINCT FROM v2.segment_id
                   AND prev.company_id = v2.company_id
                   AND prev.period = (v2.period - interval '1 month')::date
                  LEFT JOIN customer_kpi_value ly
                    ON ly.kpi_id = v2.kpi_id
                   AND ly.segment_id IS NOT DISTINCT FROM v2.segment_id
                   AND ly.company_id = v2.company_id
                   AND ly.period = (v2.period - interval '1 year')::date
                 WHERE v.id = v2.id AND v.id = ANY(%s)
                """,
                ids,
            )
        )
        self.invalidate_model()

    @api.model
    def _refresh_kpi_targets(self, kpis):
        """Re-derive the rows of ``kpis`` after their targets or thresholds
        changed (one UPDATE)."""
        rows = self.search([("kpi_id", "in", kpis.ids)])
        rows._refresh_derived()
