from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .signals_common import SignalsCase


@tagged("post_install", "-at_install")
class TestLostServiceCadence(SignalsCase):
    def _refresh(self):
        self.Snapshot._cron_refresh_snapshots()
        self.Snapshot._cron_refresh_snapshots()

    @freeze_time("2020-12-20")
    def test_bimonthly_quarterly_and_yearly_billing_raise_no_loss(self):
        bimonthly = self._customer("Every Other Month SL")
        # invoices on months -9, -7, -5, -3 and -1
        self._bill_every(bimonthly, self.server, 2, date(2020, 3, 5), date(2020, 11, 5))
        quarterly = self._customer("Quarterly SL")
        self._bill_every(
            quarterly, self.backup, 3, date(2019, 10, 1), date(2020, 10, 1)
        )
        yearly = self._customer("Yearly SL")
        self._bill_every(yearly, self.domain, 12, date(2018, 2, 10), date(2020, 2, 10))
        self._refresh()
        for customer in (bimonthly, quarterly, yearly):
            with self.subTest(customer=customer.name):
                self.assertFalse(self._losses(customer))
                self.assertFalse(
                    self.Snapshot.search(
                        [
                            ("partner_id", "=", customer.id),
                            ("lost_product_count", ">", 0),
                        ]
                    )
                )
                self.assertFalse(self._activities(customer))

    def test_a_monthly_service_that_stops_is_lost_once_then_recovered(self):
        customer = self._customer("Monthly SL")
        self._bill_every(customer, self.server, 1, date(2020, 1, 10), date(2020, 6, 10))
        # also billed every other month: never lost
        self._bill_every(customer, self.backup, 2, date(2020, 1, 10), date(2020, 7, 10))
        with freeze_time("2020-07-20"):
            # the July invoice is expected on the 10th, lost after the grace
            self._refresh()
            self.assertFalse(self._losses(customer))
        with freeze_time("2020-07-26"):
            self._refresh()
        loss = self._losses(customer)
        self.assertEqual(len(loss), 1)
        self.assertEqual(
            (loss.product_id, loss.cadence, loss.state),
            (self.server, "monthly", "lost"),
        )
        self.assertEqual(
            (loss.last_billed_date, loss.expected_date, loss.lost_date),
            (date(2020, 6, 10), date(2020, 7, 10), date(2020, 7, 25)),
        )
        activity = self._activities(customer)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(loss.activity_id, activity)
        july = self.Snapshot.search(
            [("partner_id", "=", customer.id), ("month", "=", date(2020, 7, 1))]
        )
        self.assertEqual(
            (july.lost_product_count, july.lost_product_names, july.is_lost),
            (1, "Dedicated server", False),
        )
        # done activity or not, the loss is never notified twice
        activity.action_feedback(feedback="Called")
        with freeze_time("2020-08-05"):
            self._refresh()
        self.assertEqual(len(self._losses(customer)), 1)
        self.assertFalse(self._activities(customer))
        # billing resumes in September
        self._invoice(customer, date(2020, 9, 10), [(self.server, 100)])
        with freeze_time("2020-09-12"):
            self._refresh()
        self.assertEqual(
            (loss.state, loss.recovered_date), ("recovered", date(2020, 9, 10))
        )
        september = self.Snapshot.search(
            [("partner_id", "=", customer.id), ("month", "=", date(2020, 9, 1))]
        )
        self.assertEqual(
            (september.lost_product_count, september.recovered_product_count), (0, 1)
        )
        self.assertEqual(len(self._losses(customer)), 1)

    def test_a_customer_whose_every_service_is_lost_stopped_buying(self):
        customer = self._customer("Leaving SL")
        self._bill_every(customer, self.server, 1, date(2020, 1, 10), date(2020, 5, 10))
        with freeze_time("2020-06-30"):
            self._refresh()
        june = self.Snapshot.search(
            [("partner_id", "=", customer.id), ("month", "=", date(2020, 6, 1))]
        )
        self.assertEqual((june.lost_product_count, june.is_lost), (1, True))

    def test_a_service_billed_once_is_never_lost(self):
        customer = self._customer("One Purchase SL")
        self._invoice(customer, date(2020, 1, 10), [(self.server, 900)])
        with freeze_time("2021-06-30"):
            self._refresh()
        self.assertFalse(self._losses(customer))

    def test_the_grace_is_set_per_company(self):
        customer = self._customer("Late Payer SL")
        self._bill_every(customer, self.server, 1, date(2020, 1, 10), date(2020, 6, 10))
        self.company.loyalty_lost_grace_days = 30
        with freeze_time("2020-08-05"):
            self._refresh()
        self.assertFalse(self._losses(customer))
        with freeze_time("2020-08-09"):
            self._refresh()
        self.assertEqual(self._losses(customer).lost_date, date(2020, 8, 9))
