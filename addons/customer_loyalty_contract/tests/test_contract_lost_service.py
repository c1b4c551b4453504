from freezegun import freeze_time

from odoo.tests import tagged

from .common import ContractLoyaltyCase

TODAY = "2020-06-01"


@tagged("post_install", "-at_install")
class TestContractLostService(ContractLoyaltyCase):
    def _losses(self, partner):
        return self.env["customer.lost.service"].search(
            [("partner_id", "=", partner.id), ("source", "=", "contract")]
        )

    @freeze_time(TODAY)
    def test_a_line_ended_without_successor_is_one_lost_service(self):
        contract = self._create_contract(
            self.customer_pref,
            "2019-05-15",
            "2020-05-14",
            lines=[
                (self.product_hosting, 1200.0, "yearly"),
                (self.product_backup, 50.0, "monthly"),
            ],
        )
        self._run_cron()
        self._run_cron()
        losses = self._losses(self.customer_pref)
        self.assertEqual(len(losses), 2)
        backup = losses.filtered(lambda loss: loss.product_id == self.product_backup)
        self.assertEqual(backup.cadence, "monthly")
        self.assertEqual(str(backup.last_billed_date), "2020-05-14")
        self.assertEqual(str(backup.lost_date), "2020-05-15")
        self.assertEqual(backup.customer_segment_id, self.preferential)
        self.assertEqual(backup.contract_line_id.contract_id, contract)
        hosting = losses - backup
        self.assertEqual(hosting.cadence, "yearly")

    @freeze_time(TODAY)
    def test_lines_continued_by_a_successor_or_the_same_service_are_not_lost(self):
        original = self._create_contract(self.customer_star, "2019-05-01", "2020-04-30")
        self._create_contract(
            self.customer_star,
            "2020-05-01",
            "2021-04-30",
            lines=[(self.product_backup, 50.0, "monthly")],
            predecessor_contract_id=original.id,
        )
        # the same service contracted again a few days after the end
        self._create_contract(self.customer_std, "2019-05-01", "2020-04-30")
        self._create_contract(self.customer_std, "2020-05-10", "2021-05-09")
        self._run_cron()
        self.assertFalse(self._losses(self.customer_star))
        self.assertFalse(self._losses(self.customer_std))

    @freeze_time(TODAY)
    def test_running_canceled_and_long_ended_lines_are_not_lost(self):
        self._create_contract(self.customer_pref, "2019-06-01", "2020-06-01")
        canceled = self._create_contract(self.customer_pref, "2019-05-01", "2020-04-30")
        canceled.contract_line_ids.is_canceled = True
        self._create_contract(self.customer_pref, "2018-01-01", "2018-12-31")
        self._run_cron()
        self.assertFalse(self._losses(self.customer_pref))
