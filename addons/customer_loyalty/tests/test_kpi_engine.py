"""KPI values: upsert, cron, recompute, targets and status, manual values."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .kpi_common import KpiCase, dt


@tagged("post_install", "-at_install")
class TestKpiEngine(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kpi_churn = cls.env.ref("customer_loyalty.customer_kpi_churn_rate")
        cls.kpi_revenue = cls.env.ref("customer_loyalty.customer_kpi_revenue")
        cls.kpi_customers = cls.env.ref("customer_loyalty.customer_kpi_customer_count")
        cls.kpi_profit = cls.env.ref("customer_loyalty.customer_kpi_profitability")

    def _rows(self, kpi, period):
        return self.Value.search(
            [
                ("kpi_id", "=", kpi.id),
                ("period", "=", period),
                ("company_id", "=", self.company.id),
            ]
        )

    def _row(self, kpi, period, segment=False):
        return self._rows(kpi, period).filtered(
            lambda v: v.segment_id == (segment or self.Segment)
        )

    def test_cron_computes_the_closed_month_once_and_twice_gives_same_rows(self):
        december = date(2020, 12, 1)
        with freeze_time("2021-01-15"):
            self._settle_other_companies(december)
            self.Kpi._cron_compute_kpis()
            self.env.invalidate_all()
            first = self.Value.search([("period", "=", december)])
            snapshot = sorted(
                (v.id, v.kpi_id.id, v.segment_id.id, v.value, v.has_value)
                for v in first
            )
            self.assertEqual(self.Kpi._cron_compute_kpis(), 0, "nothing left to do")
            self.env.invalidate_all()
            second = self.Value.search([("period", "=", december)])
            self.assertEqual(
                snapshot,
                sorted(
                    (v.id, v.kpi_id.id, v.segment_id.id, v.value, v.has_value)
                    for v in second
                ),
            )
        builtin = self.Kpi.search([("computation", "=", "builtin")])
        # one row per built-in KPI and (active segment or all customers)
        segments = self.Segment.search([("company_id", "in", [False, self.company.id])])
        self.assertEqual(
            len(
                self.Value.search(
                    [("period", "=", december), ("company_id", "=", self.company.id)]
                )
            ),
            len(builtin) * (len(segments) + 1),
        )
        # December revenue of the preferential segment: nobody invoiced -> 0
        self.assertTrue(
            self._row(self.kpi_revenue, december, self.preferential).has_value
        )
        # December revenue of all customers: E 1000 + F 250
        self.assertEqual(self._row(self.kpi_revenue, december).value, 1250)

    def test_scheduled_action_computes_and_reports_its_progress(self):
        cron = self.env.ref("customer_loyalty.ir_cron_compute_kpis")
        with freeze_time("2021-01-15"):
            self._settle_other_companies(date(2020, 12, 1))
            cron.method_direct_trigger()
        progress = self.env["ir.cron.progress"].search(
            [("cron_id", "=", cron.id)], order="id desc", limit=1
        )
        builtin = self.Kpi.search_count([("computation", "=", "builtin")])
        self.assertEqual((progress.done, progress.remaining), (builtin, 0))
        self.assertEqual(self._row(self.kpi_revenue, date(2020, 12, 1)).value, 1250)

    def test_cron_works_in_batches_and_reports_progress(self):
        with freeze_time("2021-01-15"):
            self._settle_other_companies(date(2020, 12, 1))
            total = self.Kpi.search_count([("computation", "=", "builtin")])
            self.assertEqual(self.Kpi._cron_compute_kpis(batch_size=5), 5)
            self.assertEqual(
                self.Kpi._cron_compute_kpis(batch_size=100),
                total - 5,
                "the second run resumes with the pending KPIs only",
            )

    def test_recompute_a_past_range_upserts_and_follows_data_changes(self):
        wizard = self.env["customer.kpi.recompute"].create(
            {
                "date_from": date(2020, 10, 1),
                "date_to": date(2020, 12, 31),
                "kpi_ids": [self.kpi_revenue.id],
            }
        )
        wizard.action_recompute()
        domain = [
            ("kpi_id", "=", self.kpi_revenue.id),
            ("period", ">=", date(2020, 1, 1)),
            ("period", "<", date(2021, 1, 1)),
        ]
        rows = self.Value.search(domain)
        self.assertEqual(
            set(rows.mapped("period")),
            {date(2020, 10, 1), date(2020, 11, 1), date(2020, 12, 1)},
        )
        december = self._row(self.kpi_revenue, date(2020, 12, 1))
        self.assertEqual(december.value, 1250)
        # November all-customers revenue is 0: the previous value of December
        self.assertTrue(december.has_previous)
        self.assertEqual(december.previous_value, 0)
        self.assertEqual(december.trend, "up")
        # a new invoice then a recompute update the same row
        self._invoice(self.f, "2020-12-28", [(self.domain, 50)])
        wizard.action_recompute()
        self.assertEqual(self.Value.search(domain), rows)
        self.assertEqual(december.value, 1300)

    def test_recompute_refuses_future_and_reversed_ranges(self):
        with freeze_time("2021-01-15"):
            with self.assertRaisesRegex(ValidationError, "closed months"):
                self.env["customer.kpi.recompute"].create(
                    {"date_from": date(2020, 12, 1), "date_to": date(2021, 1, 1)}
                )
            with self.assertRaisesRegex(ValidationError, "swap"):
                self.env["customer.kpi.recompute"].create(
                    {"date_from": date(2020, 12, 1), "date_to": date(2020, 11, 1)}
                )

    def test_a_failing_kpi_is_logged_and_the_others_still_compute(self):
        kpis = self.kpi_revenue | self.kpi_churn
        with (
            patch.object(
                type(self.Kpi),
                "_kpi_churn_rate",
                side_effect=ZeroDivisionError("broken formula"),
            ),
            self.assertLogs(
                "odoo.addons.customer_loyalty.models.customer_kpi", "ERROR"
            ),
        ):
            failed = kpis._compute_values([date(2020, 12, 1)])
        self.assertEqual(failed, self.kpi_churn)
        churn = self._row(self.kpi_churn, date(2020, 12, 1))
        self.assertFalse(churn.has_value)
        self.assertIn("broken formula", churn.error)
        self.assertEqual(self._row(self.kpi_revenue, date(2020, 12, 1)).value, 1250)

    def test_results_table_row_customer_loss_index(self):
        """The results table of the loyalty procedure: "Índice de pérdida de
        clientes (%)", target for the year and value of the year, for the
        preferential customers."""
        self.env["customer.kpi.target"].create(
            {"kpi_id": self.kpi_churn.id, "year": 2020, "value": 5}
        )
        self.kpi_churn._compute_values([date(2020, 12, 1)])
        row = self._row(self.kpi_churn, date(2020, 12, 1), self.preferential)
        # year to date: 3 preferential customers on 2019-12-31 (A, B, C), C lost
        self.assertAlmostEqual(row.value, 100 / 3, places=4)
        self.assertEqual((row.target, row.has_target), (5, True))
        # lower is better, thresholds good 5 / low 10: 33.3 % is Low
        self.assertEqual(row.status, "low")
        # standard: nobody lost, 0 % is Good
        self.assertEqual(
            self._row(self.kpi_churn, date(2020, 12, 1), self.standard).status, "good"
        )
        # star had no customer at start: no value, no status
        star = self._row(self.kpi_churn, date(2020, 12, 1), self.star)
        self.assertEqual((star.has_value, star.status), (False, False))

    def test_status_against_the_target_when_there_are_no_thresholds(self):
        # customers at end of 2020, segment target 2 (P has 1, S has 2)
        self.env["customer.kpi.target"].create(
            [
                {"kpi_id": self.kpi_customers.id, "year": 2020, "value": 2},
                {
                    "kpi_id": self.kpi_customers.id,
                    "year": 2020,
                    "segment_id": self.star.id,
                    "value": 1,
                },
            ]
        )
        self.kpi_customers._compute_values([date(2020, 12, 1)])
        period = date(2020, 12, 1)
        self.assertEqual(
            self._row(self.kpi_customers, period, self.standard).status, "good"
        )
        self.assertEqual(
            self._row(self.kpi_customers, period, self.preferential).status, "low"
        )
        # the segment's own target wins over the general one
        star = self._row(self.kpi_customers, period, self.star)
        self.assertEqual((star.target, star.status), (1, "good"))
        # changing the target re-rates the stored rows
        self.kpi_customers.target_ids.filtered(lambda t: not t.segment_id).value = 1
        self.assertEqual(
            self._row(self.kpi_customers, period, self.preferential).status, "good"
        )

    def test_manual_kpi_takes_values_and_rejects_future_months(self):
        with freeze_time("2021-01-15"):
            value = self.Value.with_user(self.user_manager).create(
                {
                    "kpi_id": self.kpi_profit.id,
                    "segment_id": self.preferential.id,
                    "period": date(2020, 12, 17),
                    "value": 12.5,
                }
            )
            self.assertEqual(value.period, date(2020, 12, 1))
            self.assertTrue(value.has_value and value.is_manual)
            with self.assertRaisesRegex(ValidationError, "future month"):
                self.Value.create(
                    {
                        "kpi_id": self.kpi_profit.id,
                        "period": date(2021, 2, 1),
                        "value": 3,
                    }
                )

    def test_builtin_kpi_values_cannot_be_typed_in(self):
        with self.assertRaisesRegex(UserError, "Recompute"):
            self.Value.create(
                {"kpi_id": self.kpi_revenue.id, "period": date(2020, 1, 1), "value": 1}
            )

    def test_one_value_per_kpi_segment_and_month(self):
        self.Value.create(
            {"kpi_id": self.kpi_profit.id, "period": date(2020, 1, 1), "value": 1}
        )
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.Value.create(
                {"kpi_id": self.kpi_profit.id, "period": date(2020, 1, 1), "value": 2}
            )

    def test_bad_definitions_are_refused_with_a_clear_error(self):
        with self.assertRaisesRegex(ValidationError, "no formula|has none"):
            self.Kpi.create(
                {"name": "Mystery", "code": "MYST", "computation": "builtin"}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.env["customer.kpi.target"].create(
                {"kpi_id": self.kpi_customers.id, "year": 2021, "value": -3}
            )
        with self.assertRaisesRegex(ValidationError, "contradict"):
            self.kpi_churn.write({"good_threshold": 20, "low_threshold": 10})
        # growth can be negative
        growth = self.env.ref("customer_loyalty.customer_kpi_revenue_growth")
        self.env["customer.kpi.target"].create(
            {"kpi_id": growth.id, "year": 2021, "value": -2}
        )

    def test_direction_reads_the_scorecard_but_cannot_change_it(self):
        self.kpi_revenue._compute_values([date(2020, 12, 1)])
        rows = self.Value.with_user(self.user_direction).search(
            [("kpi_id", "=", self.kpi_revenue.id)]
        )
        self.assertTrue(rows)
        with self.assertRaises(AccessError):
            rows[0].with_user(self.user_direction).write({"value": 3})
        with self.assertRaises(AccessError):
            self.kpi_revenue.with_user(self.user_direction).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.Value.with_user(self.user_employee).search([])


@tagged("post_install", "-at_install")
class TestKpiScale(KpiCase):
    def _queries(self, kpis, periods):
        # flush the test data and run its pending tracking (precommit hooks)
        self.env.cr.flush()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        kpis._compute_values(periods)
        return self.cr.sql_log_count - before

    def test_computation_costs_the_same_queries_whatever_the_data(self):
        kpis = self.Kpi.search([("computation", "=", "builtin")])
        december = [date(2020, 12, 1)]
        # one run first: the satisfaction analysis is then up to date and the
        # caches warm, so both measured runs start from the same state
        self._queries(kpis, december)
        first = self._queries(kpis, december)
        # ten more customers, invoices and tickets in December
        for index in range(10):
            partner = self.Partner.with_context(
                segment_change_date=date(2020, 1, 1)
            ).create(
                {
                    "name": f"Bulk {index}",
                    "is_company": True,
                    "customer_segment_id": self.star.id,
                }
            )
            self._invoice(partner, "2020-12-15", [(self.hosting, 10), (self.backup, 5)])
            self._ticket_at(
                partner, dt("2020-12-02 00:00"), closed=dt("2020-12-03 00:00")
            )
        self.assertEqual(self._queries(kpis, december), first)
        # a handful of queries per KPI and month
        self.assertLessEqual(first, 10 * len(kpis))

    def test_each_company_gets_its_own_values(self):
        other = self.env["res.company"].create({"name": "Other Hosting SL"})
        revenue = self.env.ref("customer_loyalty.customer_kpi_revenue")
        december = date(2020, 12, 1)
        revenue._compute_values([december])
        revenue.with_company(other)._compute_values([december])
        rows = self.Value.search(
            [
                ("kpi_id", "=", revenue.id),
                ("period", "=", december),
                ("segment_id", "=", False),
            ]
        )
        by_company = {row.company_id: row.value for row in rows}
        self.assertEqual(by_company[self.company], 1250)
        self.assertEqual(by_company[other], 0)
        visible = self.Value.with_user(self.user_manager).search(
            [("kpi_id", "=", revenue.id), ("period", "=", december)]
        )
        self.assertEqual(visible.company_id, self.company)
