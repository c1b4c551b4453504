from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ContractLoyaltyCase


@tagged("post_install", "-at_install")
class TestContractSnapshot(ContractLoyaltyCase):
    def _snapshot(self, partner, month):
        self.env.flush_all()
        return self.env["customer.partner.snapshot"].search(
            [("partner_id", "=", partner.id), ("month", "=", month)]
        )

    def test_a_line_ended_without_successor_is_a_lost_service_in_the_snapshot(self):
        self._create_contract(
            self.customer_pref,
            "2019-04-01",
            "2020-04-30",
            lines=[
                (self.product_hosting, 1200.0, "yearly"),
                (self.product_backup, 50.0, "monthly"),
            ],
        )
        # the hosting goes on in a successor contract, the backup does not
        self._create_contract(self.customer_pref, "2020-05-01", "2021-04-30")
        Snapshot = self.env["customer.partner.snapshot"]
        with freeze_time("2020-06-02"):
            for __ in range(2):
                self._run_cron()
                Snapshot._cron_refresh_snapshots()
        row = self._snapshot(self.customer_pref, "2020-05-01")
        self.assertEqual(row.lost_product_count, 1)
        self.assertIn(self.product_backup.name, row.lost_product_names)
        losses = self.env["customer.lost.service"].search(
            [("partner_id", "=", self.customer_pref.id)]
        )
        self.assertEqual(len(losses), 1)
        self.assertEqual(losses.source, "contract")

    def test_the_snapshot_counts_the_contract_lines_running_at_month_end(self):
        self._create_contract(
            self.customer_star,
            "2019-01-01",
            "2020-12-31",
            lines=[
                (self.product_hosting, 1200.0, "yearly"),
                (self.product_backup, 50.0, "monthly"),
            ],
        )
        # ends mid-April: running at the end of March, not of April
        self._create_contract(self.customer_star, "2019-05-01", "2020-04-15")
        canceled = self._create_contract(self.customer_star, "2019-01-01", "2020-12-31")
        canceled.contract_line_ids.is_canceled = True
        # a ticket each month: the snapshot keeps rows with something to show
        for day in ("2020-03-10 10:00:00", "2020-04-10 10:00:00"):
            self._backdate(self._create_ticket(self.customer_star), day)
        with freeze_time("2020-05-03"):
            self.env["customer.partner.snapshot"]._refresh_pairs(
                [
                    (self.customer_star.id, fields.Date.to_date(month), self.company.id)
                    for month in ("2020-03-01", "2020-04-01")
                ]
            )
        march = self._snapshot(self.customer_star, "2020-03-01")
        april = self._snapshot(self.customer_star, "2020-04-01")
        self.assertEqual(march.ticket_count, 1)
        self.assertEqual(march.contract_service_count, 3)
        self.assertEqual(april.contract_service_count, 2)
