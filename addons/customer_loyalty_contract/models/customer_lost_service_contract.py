from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# a later contract line of the same service starting within this many days of
# the end continues it (renewals are often signed a few days late)
CONTINUATION_DAYS = 31
# lines that ended longer ago than this when the bridge first runs are history,
# not losses to act on
LOOKBACK_DAYS = 365


class CustomerLostService(models.Model):
    """A contract line that ends with no successor is a lost service: the
    customer stops receiving something they had contracted."""

    _inherit = "customer.lost.service"

    source = fields.Selection(
        selection_add=[("contract", "Contract ended")],
        ondelete={"contract": "cascade"},
    )
    contract_line_id = fields.Many2one(
        "contract.line",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The contract line that ended without a successor.",
        check_company=True,
    )

    @api.model
    def _contract_line_losses(self, company, today):
        """Rows ``(line_id, customer_id, product_id, date_end, rule, interval)``
        of the customer contract lines of ``company`` that ended before
        ``today`` (within the look-back) and that nothing continues: no line of
        the same service for the customer starting by the end plus
        ``CONTINUATION_DAYS`` and ending later, no successor contract, and no
        loss recorded for them yet."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, c.commercial_partner_id, l.product_id, l.date_end,
                       l.recurring_rule_type, l.recurring_interval
                  FROM contract_line l
                  JOIN contract_contract c ON c.id = l.contract_id
                 WHERE c.company_id = %(company)s
                   AND c.active
                   AND c.contract_type = 'sale'
                   AND l.display_type IS NULL
                   AND l.product_id IS NOT NULL
                   AND NOT coalesce(l.is_canceled, false)
                   AND l.date_end < %(today)s
                   AND l.date_end >= %(since)s
                   AND NOT EXISTS (
                       SELECT 1 FROM contract_contract s
                        WHERE s.predecessor_contract_id = c.id AND s.active)
                   AND NOT EXISTS (
                       SELECT 1
                         FROM contract_line n
                         JOIN contract_contract nc ON nc.id = n.contract_id
                        WHERE nc.commercial_partner_id = c.commercial_partner_id
                          AND nc.company_id = c.company_id
                          AND nc.active
                          AND nc.contract_type = 'sale'
                          AND n.product_id = l.product_id
                          AND n.id != l.id
                          AND NOT coalesce(n.is_canceled, false)
                          AND n.date_start <= l.date_end + %(continuation)s
                          AND (n.date_end IS NULL OR n.date_end > l.date_end))
                   AND NOT EXISTS (
                       SELECT 1 FROM customer_lost_service s
                        WHERE s.partner_id = c.commercial_partner_id
                          AND s.company_id = c.company_id
                          AND s.product_id = l.product_id
                          AND s.source = 'contract'
                          AND s.last_billed_date = l.date_end)
                 ORDER BY l.date_end, l.id
                """,
                company=company.id,
                today=today,
                since=today - relativedelta(days=LOOKBACK_DAYS),
                continuation=CONTINUATION_DAYS,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _contract_cadence(self, rule, interval):
        months = {
            "monthly": 1,
            "monthlylastday": 1,
            "quarterly": 3,
            "semesterly": 6,
            "yearly": 12,
        }.get(rule)
        return {1: "monthly", 2: "bimonthly", 3: "quarterly", 12: "yearly"}.get(
            (months or 0) * (interval or 1), "irregular"
        )

    @api.model
    def _record_contract_losses(self, company):
        """Create one lost service per contract line of ``company`` that ended
        without a successor; a second run creates nothing."""
        today = fields.Date.context_today(self)
        vals_list = []
        seen = set()
        for (
            line_id,
            customer_id,
            product_id,
            date_end,
            rule,
            interval,
        ) in self._contract_line_losses(company, today):
            # two lines of the same service ending the same day are one loss
            if (customer_id, product_id, date_end) in seen:
                continue
            seen.add((customer_id, product_id, date_end))
            vals_list.append(
                {
                    "partner_id": customer_id,
                    "company_id": company.id,
                    "product_id": product_id,
                    "source": "contract",
                    "cadence": self._contract_cadence(rule, interval),
                    "last_billed_date": date_end,
                    "expected_date": date_end + relativedelta(days=1),
                    "lost_date": date_end + relativedelta(days=1),
                    "contract_line_id": line_id,
                }
            )
        return self.sudo().with_company(company).create(vals_list)
