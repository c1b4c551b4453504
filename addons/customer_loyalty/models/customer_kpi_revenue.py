"""Revenue KPIs, from the posted customer invoices and refunds."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL

from .customer_revenue import revenue_lines


class CustomerKpi(models.Model):
    _inherit = "customer.kpi"

    formula = fields.Selection(
        selection_add=[
            ("revenue", "Segment revenue"),
            ("revenue_growth", "Revenue growth vs. last year"),
            ("revenue_share", "Share of revenue"),
            ("family_growth", "Product families per customer growth"),
            ("lost_business", "Lost business"),
            ("retention_rate", "Repeat purchase rate (retention proxy)"),
        ]
    )

    def _revenue_by_segment(self, date_from, date_to, partner_ids=None):
        """Untaxed revenue in company currency of posted customer invoices
        minus refunds dated in ``[date_from, date_to)``, by the segment of the
        customer on the invoice date (history), plus the total."""
        partner_clause = (
            SQL(" AND r.partner_id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT h.segment_id, GROUPING(h.segment_id),
                       coalesce(sum(r.amount), 0)
                  FROM (%s) r
                  LEFT JOIN customer_segment_history h
                    ON h.partner_id = r.partner_id
                   AND h.date_from <= r.date
                   AND (h.date_to IS NULL OR h.date_to > r.date)
                 WHERE r.company_id = %s
                   AND r.date >= %s AND r.date < %s%s
                 GROUP BY GROUPING SETS ((h.segment_id), ())
                """,
                revenue_lines(),
                self.env.company.id,
                date_from,
                date_to,
                partner_clause,
            )
        )
        result = self._by_segment(self.env.cr.fetchall())
        result.setdefault(False, 0.0)
        return result

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
                    SELECT r.partner_id, sum(r.amount) AS amount
                      FROM (%(revenue_lines)s) r
                     WHERE r.company_id = %(company)s
                       AND r.date >= %(rev_from)s AND r.date < %(rev_to)s
                       AND r.partner_id IN (SELECT partner_id FROM gone)
                     GROUP BY r.partner_id
                )
                SELECT gone.segment_id,
                       coalesce(sum(rev.amount), 0),
                       coalesce(sum(rev.amount) FILTER (WHERE gone.is_lost), 0)
                  FROM gone LEFT JOIN rev USING (partner_id)
                 GROUP BY gone.segment_id
                """,
                members_at_start=self._members_at(start),
                members_at_end=self._members_at(end),
                revenue_lines=revenue_lines(),
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
        """Repeat purchase rate % (a proxy of retention, not a renewal rate: a
        customer billed once a year counts as lost until this year's invoice):
        customers invoiced (posted customer invoice) in the 12 months before
        the window that are invoiced again in the window / customers invoiced
        in those 12 months x 100, by their segment the day before the window.
        No value without such customers. Renewals of real contracts are
        measured by the contract bridge."""
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
