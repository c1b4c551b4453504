from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.cron_lock import lock_marker, rows_deleted_since
from ..models.customer_revenue import revenue_lines
from ..models.table_stats import analyze_if_stale

PARAM_KEY = "customer_loyalty.snapshot_refreshed_at"
# rows ever deleted from the tables the snapshot counts, when it last looked
DELETED_KEY = "customer_loyalty.snapshot_deleted_rows"


class CustomerPartnerSnapshot(models.Model):
    """One row per customer (commercial entity), month and company: revenue,
    products and product families invoiced, tickets and complaints opened,
    surveys completed and their mean overall score, new / lost flags.

    The hosting company's loyalty process measures per customer the services
    contracted and the revenue per natural period, "identifying at once the
    loss of a service". Lost services are the ``customer.lost.service`` rows
    whose loss (or recovery) falls in the month, whatever detected them: the
    billing cadence (a service not billed for longer than its own usual
    interval plus the company's grace, so bimonthly, quarterly or yearly
    billing is never a loss) or another addon (a contract that ended). Filled
    by :meth:`_cron_refresh_snapshots`, incrementally: only the (customer,
    month) pairs whose invoices, tickets, survey answers or losses changed
    since the last run, and the month after them, are rebuilt; a change of
    segment re-labels the rows of the customer.
    """

    _name = "customer.partner.snapshot"
    _description = "Customer Monthly Snapshot"
    _order = "month desc, partner_id"
    _rec_name = "partner_id"

    # no single-column indexes: the unique (partner, month, company) and the
    # (month, segment) indexes serve the lookups, and each index is paid on
    # every row the refresh writes
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    customer_segment_id = fields.Many2one(
        "customer.segment",
        string="Segment",
        readonly=True,
        help="Segment of the customer on the last day of the month.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue = fields.Monetary(
        readonly=True, help="Untaxed invoices minus refunds of the month."
    )
    product_count = fields.Integer(string="Products Bought", readonly=True)
    product_names = fields.Char(string="Products", readonly=True)
    family_count = fields.Integer(string="Product Families", readonly=True)
    ticket_count = fields.Integer(string="Tickets Opened", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    survey_count = fields.Integer(
        string="Surveys Answered",
        readonly=True,
        help="Completed surveys with an overall score of the month.",
    )
    satisfaction = fields.Float(
        readonly=True,
        aggregator="avg",
        help="Mean overall score (/10) of the surveys completed in the month.",
    )
    is_new = fields.Boolean(
        string="New Customer",
        readonly=True,
        help="First month with products invoiced to this customer.",
    )
    is_lost = fields.Boolean(
        string="Stopped Buying",
        readonly=True,
        help="Services were lost this month and every service billed to the "
        "customer in the 13 months before the end of the month is lost.",
    )
    lost_product_count = fields.Integer(
        string="Lost Services",
        readonly=True,
        help="Services lost this month: not billed for longer than their usual "
        "interval plus the grace, or whose contract ended.",
    )
    lost_product_names = fields.Char(string="Lost Products", readonly=True)
    recovered_product_count = fields.Integer(
        string="Recovered Services",
        readonly=True,
        help="Lost services billed again this month.",
    )

    _sql_constraints = [
        (
            "partner_month_company_uniq",
            "UNIQUE (partner_id, month, company_id)",
            "One snapshot per customer, month and company.",
        ),
    ]

    def init(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                "ALTER TABLE customer_partner_snapshot"
                " ADD COLUMN IF NOT EXISTS product_ids integer[]"
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_partner_snapshot_month_segment_idx"
                " ON customer_partner_snapshot (month, customer_segment_id)"
            )
        )
        # the incremental refresh looks for the invoices written since its last
        # run (the answers, tickets and segment history index their write
        # date with their own models)
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS account_move_write_date_idx"
                " ON account_move (write_date)"
            )
        )

    # ------------------------------------------------------------------
    # Incremental refresh
    # ------------------------------------------------------------------
    @api.model
    def _last_closed_month(self):
        today = fields.Date.context_today(self)
        return today.replace(day=1) - relativedelta(months=1)

    @api.model
    def _changed_pairs(self, since):
        """``(partner_id, month, company_id)`` whose invoices, tickets or
        survey answers were written since ``since`` (all of them when
        ``since`` is None). An answer counts in the company of its ticket,
        else of its campaign, else of its segment, else of the user who
        created it (as in the satisfaction analysis)."""
        move_clause = SQL(" AND m.write_date >= %s", since) if since else SQL()
        ticket_clause = SQL(" AND t.write_date >= %s", since) if since else SQL()
        answer_clause = SQL(" AND ui.write_date >= %s", since) if since else SQL()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT m.commercial_partner_id,
                       date_trunc('month', m.date)::date, m.company_id
                  FROM account_move m
                 WHERE m.move_type IN ('out_invoice', 'out_refund')
                   AND m.commercial_partner_id IS NOT NULL%s
                UNION
                SELECT DISTINCT t.commercial_partner_id,
                       date_trunc('month', t.create_date)::date, t.company_id
                  FROM helpdesk_ticket t
                 WHERE t.commercial_partner_id IS NOT NULL%s
                UNION
                SELECT DISTINCT ui.loyalty_customer_id,
                       date_trunc('month', ui.end_datetime)::date,
                       COALESCE(t.company_id, camp.company_id, seg.company_id,
                                u.company_id)
                  FROM survey_user_input ui
                  LEFT JOIN helpdesk_ticket t ON t.id = ui.ticket_id
                  LEFT JOIN customer_survey_campaign camp
                         ON camp.id = ui.survey_campaign_id
                  LEFT JOIN customer_segment seg ON seg.id = ui.customer_segment_id
                  LEFT JOIN res_users u ON u.id = ui.create_uid
                 WHERE ui.has_loyalty_overall_score
                   AND ui.loyalty_customer_id IS NOT NULL
                   AND ui.end_datetime IS NOT NULL%s
                """,
                move_clause,
                ticket_clause,
                answer_clause,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _pairs_of_deleted_sources(self):
        """The rows of the months whose tickets or survey answers no longer
        add up to what the rows count: one of them was deleted (a deletion
        leaves no write date behind; posted invoices cannot be deleted).
        Counted only after deletions from those tables
        (:func:`rows_deleted_since`)."""
        changed, deleted = rows_deleted_since(
            self.env, DELETED_KEY, ["helpdesk_ticket", "survey_user_input"]
        )
        if not changed:
            return []
        self.env.cr.execute(
            SQL(
                """
                WITH stored AS (
                    SELECT month, sum(ticket_count) AS tickets,
                           sum(survey_count) AS surveys
                      FROM customer_partner_snapshot GROUP BY month
                ), tickets AS (
                    SELECT date_trunc('month', create_date)::date AS month,
                           count(*) AS n
                      FROM helpdesk_ticket
                     WHERE commercial_partner_id IS NOT NULL
                     GROUP BY 1
                ), answers AS (
                    SELECT date_trunc('month', end_datetime)::date AS month,
                           count(*) AS n
                      FROM survey_user_input
                     WHERE state = 'done' AND NOT COALESCE(test_entry, FALSE)
                       AND has_loyalty_overall_score
                       AND loyalty_customer_id IS NOT NULL
                       AND end_datetime IS NOT NULL
                     GROUP BY 1
                ), gone AS (
                    SELECT s.month
                      FROM stored s
                      LEFT JOIN tickets t USING (month)
                      LEFT JOIN answers a USING (month)
                     WHERE s.tickets > coalesce(t.n, 0)
                        OR s.surveys > coalesce(a.n, 0)
                )
                SELECT s.partner_id, s.month, s.company_id
                  FROM customer_partner_snapshot s
                  JOIN gone USING (month)
                """
            )
        )
        pairs = self.env.cr.fetchall()
        self.env["ir.config_parameter"].sudo().set_param(DELETED_KEY, deleted)
        return pairs

    @api.model
    def _refresh_pairs(self, pairs):
        """Rebuild the snapshot of ``pairs`` and of the month after each of
        them (its lost services depend on them) with set-based SQL.

        The rebuilt pairs stay in the temporary table
        ``customer_snapshot_pairs`` (analyzed) until the end of the
        transaction, for the extensions that add their own figures to the
        same rows."""
        last_closed = self._last_closed_month()
        pairs = set(pairs)
        pairs |= {
            (partner, month + relativedelta(months=1), company)
            for partner, month, company in pairs
            if month + relativedelta(months=1) <= last_closed
        }
        if not pairs:
            return 0
        cr = self.env.cr
        partners, months, companies = (list(col) for col in zip(*pairs, strict=True))
        cr.execute(
            SQL(
                """
                CREATE TEMP TABLE IF NOT EXISTS customer_snapshot_pairs
                    (partner_id int, month date, company_id int) ON COMMIT DROP;
                TRUNCATE customer_snapshot_pairs;
                INSERT INTO customer_snapshot_pairs
                SELECT * FROM unnest(%s::int[], %s::date[], %s::int[]);
                ANALYZE customer_snapshot_pairs;
                """,
                partners,
                months,
                companies,
            )
        )
        # 1. the new figures of every pair, with the previous month's
        #    products and "bought before" from window functions over the
        #    customer's months (fresh figures for the pairs, stored ones for
        #    the other months): one sort, no lookup per row
        cr.execute(
            SQL(
                """
                CREATE TEMP TABLE IF NOT EXISTS customer_snapshot_new (
                    partner_id int, month date, company_id int, segment_id int,
                    revenue numeric, products int[], families int, tickets int,
                    complaints int, surveys int, score float8,
                    bought_before bool) ON COMMIT DROP;
                TRUNCATE customer_snapshot_new;
                WITH inv AS (
                    SELECT p.partner_id, p.month, p.company_id,
                           sum(r.amount) AS revenue,
                           array_agg(DISTINCT r.product_id ORDER BY r.product_id)
                               FILTER (WHERE r.move_type = 'out_invoice'
                                       AND r.product_id IS NOT NULL) AS products,
                           count(DISTINCT t.categ_id)
                               FILTER (WHERE r.move_type = 'out_invoice') AS families
                      FROM customer_snapshot_pairs p
                      JOIN (%(revenue_lines)s) r
                        ON r.partner_id = p.partner_id
                       AND r.company_id = p.company_id
                       AND r.date >= p.month
                       AND r.date < p.month + interval '1 month'
                      LEFT JOIN product_product pp ON pp.id = r.product_id
                      LEFT JOIN product_template t ON t.id = pp.product_tmpl_id
                     GROUP BY p.partner_id, p.month, p.company_id
                ), tk AS (
                    SELECT p.partner_id, p.month, p.company_id, count(*) AS tickets,
                           count(*) FILTER (WHERE tt.contact_type = 'complaint')
                               AS complaints
                      FROM customer_snapshot_pairs p
                      JOIN helpdesk_ticket tt
                        ON tt.commercial_partner_id = p.partner_id
                       AND tt.company_id = p.company_id
                       AND tt.create_date >= p.month
                       AND tt.create_date < p.month + interval '1 month'
                     GROUP BY p.partner_id, p.month, p.company_id
                ), sat AS (
                    SELECT p.partner_id, p.month, p.company_id,
                           count(*) AS surveys,
                           avg(ui.loyalty_overall_score) AS score
                      FROM customer_snapshot_pairs p
                      JOIN survey_user_input ui
                        ON ui.loyalty_customer_id = p.partner_id
                       AND coalesce(ui.loyalty_company_id, p.company_id) = p.company_id
                       AND ui.state = 'done'
                       AND NOT COALESCE(ui.test_entry, FALSE)
                       AND ui.has_loyalty_overall_score
                       AND ui.end_datetime >= p.month
                       AND ui.end_datetime < p.month + interval '1 month'
                     GROUP BY p.partner_id, p.month, p.company_id
                ), fresh AS (
                    SELECT p.partner_id, p.month, p.company_id, h.segment_id,
                           coalesce(inv.revenue, 0) AS revenue,
                           coalesce(inv.products, '{}') AS products,
                           coalesce(inv.families, 0) AS families,
                           coalesce(tk.tickets, 0) AS tickets,
                           coalesce(tk.complaints, 0) AS complaints,
                           coalesce(sat.surveys, 0) AS surveys, sat.score
                      FROM customer_snapshot_pairs p
                      LEFT JOIN inv USING (partner_id, month, company_id)
                      LEFT JOIN tk USING (partner_id, month, company_id)
                      LEFT JOIN sat USING (partner_id, month, company_id)
                      LEFT JOIN customer_segment_history h
                        ON h.partner_id = p.partner_id
                       AND h.date_from <= (p.month + interval '1 month - 1 day')::date
                       AND (h.date_to IS NULL
                            OR h.date_to > (p.month + interval '1 month - 1 day')::date)
                       -- a shared customer's segment counts in its own company
                       AND EXISTS (
                           SELECT 1 FROM customer_segment seg
                            WHERE seg.id = h.segment_id
                              AND coalesce(seg.company_id, p.company_id) = p.company_id)
                ), timeline AS (
                    SELECT partner_id, month, company_id, products, true AS is_pair
                      FROM fresh
                    UNION ALL
                    SELECT s.partner_id, s.month, s.company_id, s.product_ids, false
                      FROM customer_partner_snapshot s
                     WHERE (s.partner_id, s.company_id) IN (
                           SELECT partner_id, company_id FROM customer_snapshot_pairs)
                       AND NOT EXISTS (
                           SELECT 1 FROM customer_snapshot_pairs p
                            WHERE p.partner_id = s.partner_id AND p.month = s.month
                              AND p.company_id = s.company_id)
                ), ranked AS (
                    SELECT partner_id, month, company_id, is_pair,
                           coalesce(bool_or(cardinality(products) > 0) OVER (
                               w ROWS BETWEEN UNBOUNDED PRECEDING
                                          AND 1 PRECEDING), false)
                               AS bought_before
                      FROM timeline
                    WINDOW w AS (PARTITION BY partner_id, company_id ORDER BY month)
                )
                INSERT INTO customer_snapshot_new
                SELECT f.partner_id, f.month, f.company_id, f.segment_id, f.revenue,
                       f.products, f.families, f.tickets, f.complaints, f.surveys,
                       f.score, r.bought_before
                  FROM fresh f
                  JOIN ranked r
                    ON r.is_pair AND r.partner_id = f.partner_id
                   AND r.month = f.month AND r.company_id = f.company_id;
                ANALYZE customer_snapshot_new;
                """,
                revenue_lines=revenue_lines(),
            )
        )
        # 2. rows with something to show are written (lost services, product
        #    names: set-based joins on the products), the others removed
        cr.execute(
            SQL(
                """
                WITH product_name AS (
                    SELECT pp.id,
                           coalesce(t.name->>%(lang)s, t.name->>'en_US') AS name
                      FROM product_product pp
                      JOIN product_template t ON t.id = pp.product_tmpl_id
                ), lost AS (
                    SELECT n.partner_id, n.month, n.company_id,
                           count(*) AS lost_count,
                           string_agg(pn.name, ', ' ORDER BY pn.name) AS names,
                           max(l.lost_date) AS last_lost
                      FROM customer_snapshot_new n
                      JOIN customer_lost_service l
                        ON l.partner_id = n.partner_id
                       AND l.company_id = n.company_id
                       AND l.lost_date >= n.month
                       AND l.lost_date < n.month + interval '1 month'
                      JOIN product_name pn ON pn.id = l.product_id
                     GROUP BY n.partner_id, n.month, n.company_id
                ), recovered AS (
                    SELECT n.partner_id, n.month, n.company_id,
                           count(*) AS recovered_count
                      FROM customer_snapshot_new n
                      JOIN customer_lost_service l
                        ON l.partner_id = n.partner_id
                       AND l.company_id = n.company_id
                       AND l.recovered_date >= n.month
                       AND l.recovered_date < n.month + interval '1 month'
                     GROUP BY n.partner_id, n.month, n.company_id
                ), stopped AS (
                    -- every service billed in the 13 months before the end
                    -- of the month is lost by then
                    SELECT lost.partner_id, lost.month, lost.company_id
                      FROM lost
                     WHERE NOT EXISTS (
                           SELECT 1
                             FROM account_move m
                             JOIN account_move_line aml
                               ON aml.move_id = m.id
                              AND aml.display_type = 'product'
                              AND aml.product_id IS NOT NULL
                            WHERE m.commercial_partner_id = lost.partner_id
                              AND m.company_id = lost.company_id
                              AND m.state = 'posted'
                              AND m.move_type = 'out_invoice'
                              AND m.date > lost.month - interval '12 months'
                              AND m.date < lost.month + interval '1 month'
                              AND NOT EXISTS (
                                  SELECT 1 FROM customer_lost_service l
                                   WHERE l.partner_id = lost.partner_id
                                     AND l.company_id = lost.company_id
                                     AND l.product_id = aml.product_id
                                     AND l.last_billed_date >= m.date
                                     AND l.lost_date <= lost.last_lost))
                ), bought AS (
                    SELECT n.partner_id, n.month, n.company_id,
                           string_agg(pn.name, ', ' ORDER BY u.pos) AS names
                      FROM customer_snapshot_new n
                     CROSS JOIN LATERAL unnest(n.products)
                           WITH ORDINALITY AS u(product_id, pos)
                      JOIN product_name pn ON pn.id = u.product_id
                     GROUP BY n.partner_id, n.month, n.company_id
                )
                INSERT INTO customer_partner_snapshot AS s
                    (partner_id, month, company_id, customer_segment_id, revenue,
                     product_ids, product_count, product_names, family_count,
                     ticket_count, complaint_count, survey_count, satisfaction,
                     is_new, is_lost, lost_product_count, lost_product_names,
                     recovered_product_count, create_uid, create_date, write_uid,
                     write_date)
                SELECT n.partner_id, n.month, n.company_id, n.segment_id, n.revenue,
                       n.products, cardinality(n.products), bought.names,
                       n.families, n.tickets, n.complaints, n.surveys, n.score,
                       cardinality(n.products) > 0 AND NOT n.bought_before,
                       stopped.partner_id IS NOT NULL,
                       coalesce(lost.lost_count, 0), lost.names,
                       coalesce(recovered.recovered_count, 0),
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM customer_snapshot_new n
                  LEFT JOIN lost USING (partner_id, month, company_id)
                  LEFT JOIN recovered USING (partner_id, month, company_id)
                  LEFT JOIN stopped USING (partner_id, month, company_id)
                  LEFT JOIN bought USING (partner_id, month, company_id)
                 WHERE n.revenue != 0 OR cardinality(n.products) > 0
                    OR n.tickets > 0 OR n.surveys > 0
                    OR lost.lost_count IS NOT NULL
                    OR recovered.recovered_count IS NOT NULL
                ON CONFLICT (partner_id, month, company_id) DO UPDATE
                   SET customer_segment_id = EXCLUDED.customer_segment_id,
                       revenue = EXCLUDED.revenue,
                       product_ids = EXCLUDED.product_ids,
                       product_count = EXCLUDED.product_count,
                       product_names = EXCLUDED.product_names,
                       family_count = EXCLUDED.family_count,
                       ticket_count = EXCLUDED.ticket_count,
                       complaint_count = EXCLUDED.complaint_count,
                       survey_count = EXCLUDED.survey_count,
                       satisfaction = EXCLUDED.satisfaction,
                       is_new = EXCLUDED.is_new,
                       is_lost = EXCLUDED.is_lost,
                       lost_product_count = EXCLUDED.lost_product_count,
                       lost_product_names = EXCLUDED.lost_product_names,
                       recovered_product_count = EXCLUDED.recovered_product_count,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                """,
                uid=self.env.uid,
                lang=self.env.lang or "en_US",
            )
        )
        # the first refresh of a live database writes every row: the
        # statements below join the table on fresh statistics
        analyze_if_stale(self.env, self._table, cr.rowcount)
        cr.execute(
            SQL(
                """
                DELETE FROM customer_partner_snapshot s
                 USING customer_snapshot_new n
                 WHERE s.partner_id = n.partner_id AND s.month = n.month
                   AND s.company_id = n.company_id
                   AND n.revenue = 0 AND cardinality(n.products) = 0
                   AND n.tickets = 0 AND n.surveys = 0
                   -- the month's health score is kept
                   AND s.health_score IS NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM customer_lost_service l
                        WHERE l.partner_id = n.partner_id
                          AND l.company_id = n.company_id
                          AND ((l.lost_date >= n.month
                                AND l.lost_date < n.month + interval '1 month')
                               OR (l.recovered_date >= n.month
                                   AND l.recovered_date
                                       < n.month + interval '1 month')))
                """
            )
        )
        self.invalidate_model()
        # the segment x month pivot reads the months added up
        self.env["customer.segment.snapshot"]._refresh_months(
            {month for __, month, __ in pairs}
        )
        return len(pairs)

    @api.model
    def _cron_refresh_snapshots(self):
        """Detect the lost and recovered services, refresh the snapshots they
        and the data written since the last run change, then plan one activity
        per new loss."""
        params = self.env["ir.config_parameter"].sudo()
        if not lock_marker(self.env, PARAM_KEY):
            # another worker is refreshing: it does this run's work
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        last_run = params.get_param(PARAM_KEY)
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT now() at time zone 'UTC'"))
        started = self.env.cr.fetchone()[0]
        Lost = self.env["customer.lost.service"].sudo()
        pairs = set(self._changed_pairs(last_run or None))
        pairs |= Lost._detect_from_invoices()
        if last_run:
            pairs |= set(Lost._changed_pairs(last_run))
            pairs |= set(self._pairs_of_deleted_sources())
        count = self._refresh_pairs(pairs)
        if last_run:
            self._relabel_segments(last_run)
        Lost._notify_losses()
        self._cron_refresh_health({partner for partner, __, __ in pairs})
        params.set_param(PARAM_KEY, fields.Datetime.to_string(started))
        self.env["ir.cron"]._notify_progress(done=count, remaining=0)
        return count

    @api.model
    def _relabel_segments(self, since):
        """Give the rows of the customers whose segment history was written
        since ``since`` the segment they had on the last day of each month,
        and add the segment table of those months up again."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE customer_partner_snapshot s
                   SET customer_segment_id = h.segment_id
                  FROM customer_partner_snapshot s2
                  LEFT JOIN customer_segment_history h
                    ON h.partner_id = s2.partner_id
                   AND h.date_from <= (s2.month + interval '1 month - 1 day')::date
                   AND (h.date_to IS NULL
                        OR h.date_to > (s2.month + interval '1 month - 1 day')::date)
                   AND EXISTS (
                       SELECT 1 FROM customer_segment seg
                        WHERE seg.id = h.segment_id
                          AND coalesce(seg.company_id, s2.company_id) = s2.company_id)
                 WHERE s.id = s2.id
                   AND s2.partner_id IN (SELECT partner_id
                                           FROM customer_segment_history
                                          WHERE write_date >= %s)
                   AND s.customer_segment_id IS DISTINCT FROM h.segment_id
             RETURNING s.month
                """,
                since,
            )
        )
        months = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_model()
        # the segment x month table adds the relabelled rows up again
        self.env["customer.segment.snapshot"]._refresh_months(months)
