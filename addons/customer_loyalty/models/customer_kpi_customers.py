"""Customer KPIs from segment membership: customers in a segment at the
end of the window, those that stayed, moved or left (segment history)."""

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.tools import SQL


class CustomerKpi(models.Model):
    _inherit = "customer.kpi"

    formula = fields.Selection(
        selection_add=[
            ("customer_count", "Customers in segment at period end"),
            ("customer_share", "Share of customers"),
            ("loyalty_index", "Loyalty index"),
            ("lost_customers", "Lost customers"),
            ("churn_rate", "Churn (customer loss index)"),
            ("cancellations", "Cancellations"),
            ("cancellation_rate", "Cancellation index"),
        ]
    )

    def _members_at(self, day):
        """Query of the ``(partner_id, segment_id)`` customers of the company
        (or shared) in a segment on ``day``, from the segment history."""
        return SQL(
            """
            SELECT DISTINCT h.partner_id, h.segment_id
              FROM customer_segment_history h
              -- a shared customer may hold another company's segment
              JOIN customer_segment seg ON seg.id = h.segment_id
             WHERE h.date_from <= %(day)s
               AND (h.date_to IS NULL OR h.date_to > %(day)s)
               AND (h.company_id IS NULL OR h.company_id = %(company)s)
               AND (seg.company_id IS NULL OR seg.company_id = %(company)s)
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
