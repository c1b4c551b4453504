from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .signals_common import SignalsCase


@tagged("post_install", "-at_install")
class TestLostCustomers(SignalsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaving = cls._customer("Leaving Hosting SL")
        cls._bill_every(
            cls.leaving, cls.server, 1, date(2019, 1, 10), date(2019, 12, 10)
        )
        cls.active = cls._customer("Active Hosting SL")
        cls._bill_every(cls.active, cls.server, 1, date(2019, 1, 10), date(2020, 8, 10))
        cls.price = cls.env.ref("customer_loyalty.customer_lost_reason_price")

    def _review(self):
        review = (
            self.env["customer.segment.review"]
            .with_user(self.user_manager)
            .create({"review_date": date(2020, 9, 1)})
        )
        review.action_propose()
        return review

    def _lost_kpis(self):
        Kpi = self.env["customer.kpi"]
        window = (date(2020, 1, 1), date(2021, 1, 1))
        return {
            formula: Kpi.search([("formula", "=", formula)], limit=1).__getattribute__(
                f"_kpi_{formula}"
            )(*window, self.standard)
            for formula in ("lost_customers", "churn_rate")
        }

    def test_a_customer_billed_nothing_for_its_window_is_proposed_lost(self):
        review = self._review()
        line = review.line_ids.filtered(lambda line: line.partner_id == self.leaving)
        self.assertEqual((line.kind, line.direction), ("lost", "lost"))
        self.assertEqual(line.last_invoice_date, date(2019, 12, 10))
        self.assertIn("2019-12-10", line.evidence)
        self.assertIn("266", line.evidence)
        self.assertFalse(
            review.line_ids.filtered(lambda line: line.partner_id == self.active)
        )
        # a longer window for the segment: not lost yet
        self.standard.lost_inactivity_days = 300
        review = self._review()
        self.assertNotIn("lost", review.line_ids.mapped("kind"))

    def test_an_accepted_lost_customer_closes_its_period_and_moves_the_kpis(self):
        before = self._lost_kpis()
        review = self._review()
        line = review.line_ids.filtered(lambda line: line.partner_id == self.leaving)
        (review.line_ids - line).action_reject()
        line.action_accept()
        line.lost_reason_id = False
        with self.assertRaises(UserError):
            review.action_apply()
        line.write({"lost_reason_id": self.price.id, "lost_note": "Cheaper offer"})
        review.action_apply()
        self.assertFalse(self.leaving.customer_segment_id)
        period = self.History.search(
            [
                ("partner_id", "=", self.leaving.id),
                ("segment_id", "=", self.standard.id),
            ]
        )
        self.assertEqual(
            (period.date_to, period.lost_reason_id, period.lost_note),
            (date(2020, 9, 1), self.price, "Cheaper offer"),
        )
        after = self._lost_kpis()
        for key in (False, self.standard.id):
            self.assertEqual(
                after["lost_customers"][key], (before["lost_customers"][key] or 0) + 1
            )
            self.assertGreater(after["churn_rate"][key], before["churn_rate"][key] or 0)
        # the lost-customer analysis shows it by reason
        groups = self.History._read_group(
            [("lost_reason_id", "!=", False), ("partner_id", "=", self.leaving.id)],
            ["lost_reason_id", "segment_id"],
            ["__count"],
        )
        self.assertEqual(groups, [(self.price, self.standard, 1)])
