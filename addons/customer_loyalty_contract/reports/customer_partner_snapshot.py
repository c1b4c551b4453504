from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# contract lines changed since the last refresh rebuild at most this many
# months of their customer's snapshot
MONTHS_BACK = 24


class CustomerPartnerSnapshot(models.Model):
    """With contracts, the services a customer has contracted are its running
    contract lines, not the products invoiced in the month (a yearly service
    is invoiced once a year but contracted all year long)."""

    _inherit = "customer.partner.snapshot"

    contract_service_count = fields.Integer(
        string="Contracted Services",
        readonly=True,
        aggregator="sum",
        help="Customer contract lines running on the last day of the month (or "
        "today, for the current month), canceled lines left out.",
    )

    @api.model
    def _changed_pairs(self, since):
        """Also the months covered by the contract lines written since
        ``since`` (from their start, at most ``MONTHS_BACK`` months ago, to
        their end or this month)."""
        pairs = super()._changed_pairs(since)
        today = fields.Date.context_today(self)
        this_month = today.replace(day=1)
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT c.commercial_partner_id, m.month::date, c.company_id
                  FROM contract_line l
                  JOIN contract_contract c ON c.id = l.contract_id
                 CROSS JOIN LATERAL generate_series(
                       date_trunc('month', greatest(l.date_start, %(oldest)s)),
                       date_trunc('month', least(coalesce(l.date_end, %(today)s),
                                                 %(today)s)),
                       interval '1 month') AS m(month)
                 WHERE c.contract_type = 'sale'
                   AND l.display_type IS NULL
                   AND l.date_start IS NOT NULL
                   AND l.date_start <= %(today)s%(since)s
                """,
                oldest=this_month - relativedelta(months=MONTHS_BACK),
                today=today,
                since=SQL(" AND l.write_date >= %s", since) if since else SQL(),
            )
        )
        return pairs + self.env.cr.fetchall()

    @api.model
    def _refresh_pairs(self, pairs):
        count = super()._refresh_pairs(pairs)
        if count:
            self._refresh_contract_services()
        return count

    @api.model
    def _refresh_contract_services(self):
        """Count the running contract lines of the snapshot rows just rebuilt
        (the pairs :meth:`_refresh_pairs` leaves in its temporary table, with
        the month after each), in one set-based UPDATE; each row counts the
        contracts of its own company.

        The pairs are read from that table, analyzed, rather than passed
        again as arrays, which PostgreSQL estimates at 100 rows: the first
        refresh of a live database rebuilds more than a million pairs (this
        UPDATE took 47 s planned on that estimate, 35 s on the table)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH counted AS (
                    SELECT s.id, count(l.id) AS services
                      FROM customer_partner_snapshot s
                      JOIN customer_snapshot_pairs p
                        ON p.partner_id = s.partner_id AND p.month = s.month
                       AND p.company_id = s.company_id
                      LEFT JOIN contract_contract c
                        ON c.commercial_partner_id = s.partner_id
                       AND c.company_id = s.company_id
                       AND c.active
                       AND c.contract_type = 'sale'
                      LEFT JOIN contract_line l
                        ON l.contract_id = c.id
                       AND l.display_type IS NULL
                       AND NOT coalesce(l.is_canceled, false)
                       AND l.date_start <= least(
                           (s.month + interval '1 month - 1 day')::date, %(today)s)
                       AND (l.date_end IS NULL OR l.date_end >= least(
                           (s.month + interval '1 month - 1 day')::date, %(today)s))
                     GROUP BY s.id
                )
                UPDATE customer_partner_snapshot s
                   SET contract_service_count = counted.services
                  FROM counted
                 WHERE s.id = counted.id
                   AND s.contract_service_count IS DISTINCT FROM counted.services
                """,
                today=fields.Date.context_today(self),
            )
        )
        self.invalidate_model(["contract_service_count"])
