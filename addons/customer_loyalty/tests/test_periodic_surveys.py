from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .survey_common import SurveyLoyaltyCase


@tagged("post_install", "-at_install")
class TestPeriodicCampaigns(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Campaign = cls.env["customer.survey.campaign"]
        # only the segment of these tests starts campaigns
        cls.Segment.search([]).is_periodic_survey_scheduled = False
        cls.silver, cls.silver_customers, cls.silver_opt_out = cls._campaign_segment(
            "Silver", "SILVER", 98, 3, "silver-no@example.com"
        )

    def _start(self):
        return self.Campaign._cron_start_periodic_campaigns()

    def _campaigns(self):
        return self.Campaign.search([("segment_id", "=", self.silver.id)])

    def test_semestral_campaign_starts_once_per_semester(self):
        with freeze_time("2026-01-05 08:00:00"):
            first = self._start()
            again = self._start()
        self.assertEqual(len(first), 1)
        self.assertFalse(again)
        campaign = self._campaigns()
        self.assertEqual(campaign.period_start, date(2026, 1, 1))
        self.assertEqual(campaign.period_end, date(2026, 6, 30))
        self.assertEqual(campaign.state, "running")
        # the customer who opted out is not surveyed
        self.assertEqual(campaign.target_count, 3)
        with freeze_time("2026-06-30 20:00:00"):
            self.assertFalse(self._start())
        with freeze_time("2026-07-01 06:00:00"):
            second = self._start()
            self.assertFalse(self._start())
        self.assertEqual(second.period_start, date(2026, 7, 1))
        self.assertEqual(len(self._campaigns()), 2)

    def test_annual_campaign_starts_once_per_year(self):
        self.silver.periodic_survey_frequency = "annual"
        with freeze_time("2026-03-01"):
            self._start()
        with freeze_time("2026-09-01"):
            self._start()
        self.assertEqual(self._campaigns().period_start, date(2026, 1, 1))

    def test_cancelled_period_is_not_started_again(self):
        with freeze_time("2026-02-01"):
            self._start().action_cancel()
            self.assertFalse(self._start())

    def test_segment_without_customers_records_the_period(self):
        self.silver_customers.is_survey_opt_out = True
        with freeze_time("2026-02-01"):
            campaign = self._start()
            self.assertEqual(campaign.state, "cancel")
            self.assertFalse(self._start())

    def test_segment_not_scheduled_starts_nothing(self):
        self.silver.is_periodic_survey_scheduled = False
        with freeze_time("2026-02-01"):
            self.assertFalse(self._start())


@tagged("post_install", "-at_install")
class TestFrontOfficeKpi(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi = cls.env.ref(
            "customer_loyalty.customer_kpi_information_satisfied_rate"
        )
        # a segment of its own: answers of the demo data stay out of its row
        cls.front = cls.Segment.create(
            {"name": "Front office", "code": "FRONT", "is_revenue_reviewed": False}
        )
        cls.customers = cls.Partner.create(
            [
                {
                    "name": f"Front office customer {n}",
                    "is_company": True,
                    "email": f"fo{n}@example.com",
                    "customer_segment_id": cls.front.id,
                }
                for n in range(4)
            ]
        )

    def _answer_information(self, customer, value, when):
        user_input = self.UserInput.create(
            {
                "survey_id": self.survey_pref.id,
                "partner_id": customer.id,
                "email": customer.email,
                "customer_segment_id": customer.customer_segment_id.id,
            }
        )
        self._answer(user_input, {"q6s": value})
        user_input.end_datetime = when
        self._refresh_analysis()
        return user_input

    def test_semester_window(self):
        self.assertEqual(self.kpi.periodicity, "semester")
        self.assertEqual(
            self.kpi._window(date(2026, 5, 1)), (date(2026, 1, 1), date(2026, 6, 1))
        )
        self.assertEqual(
            self.kpi._window(date(2026, 9, 1)), (date(2026, 7, 1), date(2026, 10, 1))
        )

    def test_satisfied_customers_over_customers_attended_in_the_semester(self):
        # 3 of 4 customers satisfied (>= 7) with the information given: 75 %
        for customer, value in zip(self.customers, (9, 7, 10, 4), strict=True):
            self._answer_information(customer, value, datetime(2026, 2, 10, 10))
        # an answer of the previous semester does not count
        self._answer_information(self.customers[3], 10, datetime(2025, 11, 10, 10))
        values = self.kpi._kpi_information_satisfied_rate(
            *self.kpi._window(date(2026, 5, 1)), self.front
        )
        self.assertAlmostEqual(values[self.front.id], 75.0)
        self.kpi._compute_values([date(2026, 5, 1)])
        value = self.env["customer.kpi.value"].search(
            [
                ("kpi_id", "=", self.kpi.id),
                ("period", "=", date(2026, 5, 1)),
                ("segment_id", "=", self.front.id),
            ]
        )
        self.assertAlmostEqual(value.value, 75.0)
        self.assertEqual(value.status, "low")
