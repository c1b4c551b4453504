"""The planner statistics of a table a cron fills in bulk are refreshed
within the cron's transaction, past autovacuum's own threshold."""

from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tools import SQL

from ..models.table_stats import analyze_if_stale
from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestTableStats(LoyaltyCase):
    def _known_rows(self, table):
        self.env.cr.execute(
            SQL("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", table)
        )
        return self.env.cr.fetchone()[0]

    def test_a_bulk_insert_refreshes_the_statistics(self):
        Lost = self.env["customer.lost.service"]
        table = Lost._table
        self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
        self.env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        self.assertEqual(self._known_rows(table), 0)
        server = self.env["product.product"].create({"name": "Dedicated server"})
        first = date(2020, 1, 10)
        Lost.create(
            [
                {
                    "partner_id": self.customer_star.id,
                    "product_id": server.id,
                    "last_billed_date": first + timedelta(days=n),
                    "expected_date": first + timedelta(days=n + 31),
                    "lost_date": first + timedelta(days=n + 45),
                    "cadence": "monthly",
                }
                for n in range(60)
            ]
        )
        self.env.flush_all()
        # within autovacuum's threshold (50 rows): left to autovacuum
        self.assertFalse(analyze_if_stale(self.env, table, 40))
        self.assertEqual(self._known_rows(table), 0)
        # past it: the statistics count the rows at once
        self.assertTrue(analyze_if_stale(self.env, table, 60))
        self.assertEqual(self._known_rows(table), 60)
        # now 50 rows plus 10 % of the 60 known
        self.assertFalse(analyze_if_stale(self.env, table, 55))
        self.assertTrue(analyze_if_stale(self.env, table, 57))
