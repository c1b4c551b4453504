"""Each built-in KPI on the hand-built data set of ``kpi_common``.

Windows: the year 2020 ([2020-01-01, 2021-01-01)); customers at start are
those of 2019-12-31, at end those of 2020-12-31::

    start: A(P) B(P) C(P) D(S)          end: A(P) B(S) D(S) E(R)
"""

from datetime import date

from odoo.tests import tagged

from .kpi_common import KpiCase, dt


@tagged("post_install", "-at_install")
class TestKpiFormulas(KpiCase):
    def test_revenue_is_invoices_minus_refunds_by_segment_on_invoice_date(self):
        # P: A 1200 + 300 + 200 - 100 refund = 1600 (B's 800 is in S: August)
        # S: B 800; R: E 1000; F (no segment) 250 only in the total
        # all: 1600 + 800 + 1000 + 250 = 3650
        result = self._compute("revenue")
        self.assertValues(result, {"pref": 1600, "std": 800, "star": 1000, "all": 3650})

    def test_revenue_of_a_segment_without_invoices_is_zero_not_empty(self):
        # 2019: nobody was in R, its revenue is a real 0
        result = self._compute("revenue", (date(2019, 1, 1), date(2020, 1, 1)))
        self.assertEqual(result["star"], 0)

    def test_revenue_growth_compares_with_the_same_window_last_year(self):
        # 2019: P = A 1500 + C 2000 + B 600 = 4100; S = D 400; all 4500
        # P (1600 - 4100) / 4100 = -60.9756 %; S (800 - 400) / 400 = 100 %
        # R: 0 last year -> no value; all (3650 - 4500) / 4500 = -18.8889 %
        result = self._compute("revenue_growth")
        self.assertValues(
            result,
            {"pref": -60.97560976, "std": 100.0, "star": None, "all": -18.88888889},
        )

    def test_revenue_share_is_segment_over_total(self):
        # P 1600 / 3650, S 800 / 3650, R 1000 / 3650, all 100
        result = self._compute("revenue_share")
        self.assertValues(
            result,
            {
                "pref": 43.83561644,
                "std": 21.91780822,
                "star": 27.39726027,
                "all": 100.0,
            },
        )

    def test_customers_at_period_end_come_from_segment_history(self):
        # end of 2020: P {A}, S {B, D}, R {E}; all 4 (C lost, F never in one)
        result = self._compute("customer_count")
        self.assertValues(result, {"pref": 1, "std": 2, "star": 1, "all": 4})

    def test_customer_share_is_segment_over_customers_in_any_segment(self):
        result = self._compute("customer_share")
        self.assertValues(result, {"pref": 25, "std": 50, "star": 25, "all": 100})

    def test_loyalty_index_counts_start_customers_still_in_the_segment(self):
        # P: of A, B, C only A stays = 1/3; S: D stays = 1/1; R: nobody at start
        # all: A, B, D still in some segment = 3/4
        result = self._compute("loyalty_index")
        self.assertValues(
            result, {"pref": 33.33333333, "std": 100, "star": None, "all": 75}
        )

    def test_lost_customers_left_every_segment(self):
        # C left P for no segment; B only moved down to S
        result = self._compute("lost_customers")
        self.assertValues(result, {"pref": 1, "std": 0, "star": 0, "all": 1})

    def test_churn_is_lost_over_customers_at_start(self):
        # P 1/3, S 0/1, R no base, all 1/4
        result = self._compute("churn_rate")
        self.assertValues(
            result, {"pref": 33.33333333, "std": 0, "star": None, "all": 25}
        )

    def test_cancellations_count_downgrades_and_losses(self):
        # P: B (to S) and C (lost) = 2; all customers: only C is lost = 1
        result = self._compute("cancellations")
        self.assertValues(result, {"pref": 2, "std": 0, "star": 0, "all": 1})
        # index: P 2/3, S 0/1, R no base, all 1/4
        rate = self._compute("cancellation_rate")
        self.assertValues(
            rate, {"pref": 66.66666667, "std": 0, "star": None, "all": 25}
        )

    def test_product_families_per_customer_growth(self):
        # 2020 invoices: A {Hosting, Domains, Backup}=3 (P), B {Hosting} (S),
        #   E {Backup} (R), F {Domains}: P 3/1, S 1/1, R 1/1, all 6/4 = 1.5
        # 2019 invoices: A {Hosting, Domains}, C {Hosting}, B {Domains} (P),
        #   D {Hosting} (S): P 4/3, S 1, R none, all 5/4 = 1.25
        # growth: P (3 - 4/3)/(4/3) = 125 %, S 0 %, R no value, all 20 %
        result = self._compute("family_growth")
        self.assertValues(result, {"pref": 125, "std": 0, "star": None, "all": 20})

    def test_lost_business_is_last_year_revenue_of_customers_gone(self):
        # P lost B (2019: 600) and C (2019: 2000) = 2600; all: only C = 2000
        result = self._compute("lost_business")
        self.assertValues(result, {"pref": 2600, "std": 0, "star": 0, "all": 2000})

    def test_retention_counts_last_year_customers_invoiced_again(self):
        # invoiced in 2019: A, B, C (P on 2019-12-31), D (S)
        # invoiced again in 2020: A, B -> P 2/3, S 0/1, R none, all 2/4
        result = self._compute("retention_rate")
        self.assertValues(
            result, {"pref": 66.66666667, "std": 0, "star": None, "all": 50}
        )

    def test_foreign_currency_invoices_count_at_the_invoice_date_rate(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            {"currency_id": eur.id, "name": "2020-12-01", "rate": 0.5}
        )
        # 100 EUR at 0.5 EUR per USD = 200 USD more in star for 2020
        self._invoice(self.e, "2020-12-20", [(self.backup, 100)], currency_id=eur.id)
        result = self._compute("revenue")
        self.assertValues(result, {"star": 1200, "all": 3850})

    def test_ticket_times_and_target_rate_of_the_month(self):
        december = (date(2020, 12, 1), date(2021, 1, 1))
        # T1 (P) 24 h to close, answered after 2 h, within its deadline;
        # T2 (P) 48 h to close, answered after 4 h, late
        self._december_tickets_of_a()
        # T3 (S) opened in November, 24 h to close, answered after 12 h
        self._ticket_at(
            self.d,
            dt("2020-11-30 12:00"),
            closed=dt("2020-12-01 12:00"),
            first_response=dt("2020-12-01 00:00"),
        )
        # T4 (R) still open: in no average
        self._ticket_at(self.e, dt("2020-12-10 00:00"))
        # resolution: P (24 + 48) / 2 = 36, S 24, all (24 + 48 + 24) / 3 = 32
        self.assertValues(
            self._compute("resolution_hours", december),
            {"pref": 36, "std": 24, "star": None, "all": 32},
        )
        # first response: P (2 + 4) / 2 = 3, S 12, all 18 / 3 = 6
        self.assertValues(
            self._compute("first_response_hours", december),
            {"pref": 3, "std": 12, "star": None, "all": 6},
        )
        # within target: P 1 of 2, S none with deadline, all 1 of 2
        self.assertValues(
            self._compute("within_target_rate", december),
            {"pref": 50, "std": None, "star": None, "all": 50},
        )
