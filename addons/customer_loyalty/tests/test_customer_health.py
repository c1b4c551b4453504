from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .signals_common import SignalsCase


@tagged("post_install", "-at_install")
class TestCustomerHealth(SignalsCase):
    def _refresh(self):
        self.Snapshot._cron_refresh_snapshots()
        self.Snapshot._cron_refresh_snapshots()

    @freeze_time("2020-12-20")
    def test_health_factors_match_the_hand_computed_values(self):
        customer = self._customer("Weak Signals SL")
        later = date(2099, 1, 1)
        # the 12 months before the last 12: 10 x 100 billed monthly
        self._bill_every(
            customer, self.server, 1, date(2019, 1, 10), date(2019, 10, 10), due=later
        )
        # the last 12 months: 6 x 100, then the server stops (lost in July)
        self._bill_every(
            customer, self.server, 1, date(2020, 1, 10), date(2020, 6, 10), due=later
        )
        # and 50 overdue since November
        self._invoice(
            customer, date(2020, 11, 15), [(self.domain, 50)], due=date(2020, 11, 30)
        )
        # two complaints: one closed on time (1 contact), one open and late
        self._ticket(
            customer,
            datetime(2020, 9, 1, 9),
            closed=datetime(2020, 9, 2, 9),
            deadline=datetime(2020, 9, 3, 9),
            contact_type="complaint",
            customer_contact_count=1,
        )
        self._ticket(
            customer,
            datetime(2020, 11, 1, 9),
            deadline=datetime(2020, 11, 2, 9),
            contact_type="complaint",
            customer_contact_count=4,
        )
        self._answer(customer, overall=6, recommend=0)
        self.env["survey.user_input"].create(
            {
                "survey_id": self.env.ref(
                    "customer_loyalty.survey_preferential_satisfaction"
                ).id,
                "partner_id": customer.id,
                "email": "customer@example.com",
                "loyalty_sent_date": datetime(2020, 11, 1, 9),
            }
        )
        self._refresh()
        expected = {
            # (650 - 1000) / 1000 = -35 %: 20 x 35 / 50
            "revenue_trend": [-35.0, 14.0],
            # one service still lost: 15 x 1 / 2
            "lost_services": [1, 7.5],
            # (2 + 1 open) / 4 x 15 = 11.25
            "complaints": [2, 11.3, 1],
            # 10 x (10 - 6) / 10
            "satisfaction": [6.0, 4.0],
            "recommendation": [0.0, 5.0],
            # 1 of 2 tickets late = 50 %: the whole weight
            "tickets_late": [50.0, 10.0],
            # (1 + 4) / 2 = 2.5 contacts: 5 x 1.5 / 2 = 3.75
            "contacts": [2.5, 3.8],
            # 1 sent, 1 unanswered: 5 x 100 %
            "unanswered_surveys": [100.0, 5.0],
            # 50 overdue for 650 / 12 = 54.17 a month: 15 x 0.923 = 13.85
            "overdue_debt": [50.0, 13.8],
        }
        factors = customer.customer_health_factors
        for key, values in expected.items():
            with self.subTest(factor=key):
                self.assertEqual(
                    [float(v) for v in factors[key]], [float(v) for v in values]
                )
        # 100 - 74.4
        self.assertEqual(customer.customer_health_score, 26)
        self.assertTrue(customer.is_customer_health_at_risk)
        reason = customer.customer_health_reason
        self.assertTrue(reason.startswith("Revenue trend"), reason)
        self.assertIn("(-14)", reason)
        month = self.Snapshot.search(
            [("partner_id", "=", customer.id), ("month", "=", date(2020, 12, 1))]
        )
        self.assertEqual((month.health_score, month.is_health_at_risk), (26, True))

    def test_a_drop_creates_one_activity_even_when_the_cron_runs_twice(self):
        customer = self._customer("Falling SL")
        self.company.loyalty_health_drop_points = 10
        with freeze_time("2020-11-20"):
            self._refresh()
        self.assertEqual(customer.customer_health_score, 100)
        self.assertFalse(self._activities(customer, "Health"))
        for created in (datetime(2020, 12, 1, 9), datetime(2020, 12, 2, 9)):
            self._ticket(customer, created, contact_type="complaint")
        with freeze_time("2020-12-10"):
            self._refresh()
            # two open complaints: (2 + 2) / 4 x 15 points
            self.assertEqual(customer.customer_health_score, 85)
            activity = self._activities(customer, "Health")
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.user_manager)
            self.assertIn("100", activity.summary)
            # now also below the segment's threshold: still one activity
            self.standard.health_threshold = 90
            self._refresh()
            self.assertTrue(customer.is_customer_health_at_risk)
            self.assertEqual(len(self._activities(customer, "Health")), 1)

    def test_health_by_segment_is_the_average_of_its_customers(self):
        strong = self._customer("Strong SL")
        weak = self._customer("Weak SL")
        for created in (datetime(2020, 12, 1, 9), datetime(2020, 12, 2, 9)):
            self._ticket(weak, created, contact_type="complaint")
        with freeze_time("2020-12-10"):
            self._refresh()
        self.assertLess(weak.customer_health_score, strong.customer_health_score)
        month = date(2020, 12, 1)
        scored = self.Snapshot.search(
            [
                ("month", "=", month),
                ("company_id", "=", self.company.id),
                ("health_score", "!=", False),
            ]
        )
        standard = scored.filtered(lambda s: s.customer_segment_id == self.standard)
        self.assertIn(weak, standard.partner_id)
        row = self.env["customer.segment.snapshot"].search(
            [
                ("month", "=", month),
                ("company_id", "=", self.company.id),
                ("customer_segment_id", "=", self.standard.id),
            ]
        )
        self.assertEqual(row.health_scored_count, len(standard))
        self.assertAlmostEqual(
            row.health_score, sum(standard.mapped("health_score")) / len(standard)
        )
        self.assertEqual(
            row.health_at_risk_count, len(standard.filtered("is_health_at_risk"))
        )
        # over every segment, the customers' average, not the segments'
        [(average,)] = self.env["customer.segment.snapshot"]._read_group(
            [("month", "=", month), ("company_id", "=", self.company.id)],
            aggregates=["health_score:avg"],
        )
        self.assertAlmostEqual(
            average, sum(scored.mapped("health_score")) / len(scored), places=6
        )
        menu = self.env.ref("customer_loyalty.customer_partner_snapshot_menu_health")
        self.assertEqual(menu.action.res_model, "customer.segment.snapshot")

    def test_customers_without_segment_are_not_scored(self):
        customer = self.Partner.create({"name": "No Segment SL", "is_company": True})
        with freeze_time("2020-12-10"):
            self._refresh()
        self.assertFalse(customer.customer_health_factors)
        self.assertIs(
            self.Partner.search_count(
                [("id", "=", customer.id), ("customer_health_score", "!=", False)]
            ),
            0,
        )

    def test_the_weights_never_add_up_to_more_than_100(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.company.loyalty_health_weight_revenue = 50
