"""PDF reports: balanced scorecard, monthly service report and its e-mail."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PdfReportCase
from .kpi_common import KpiCase, dt


@tagged("post_install", "-at_install")
class TestKpiReports(KpiCase, PdfReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a.write(
            {"email": "it@a-hosting.example.com", "is_service_report_opt_in": True}
        )
        # December 2020 for A: T1 closed in 24 h within target, T2 closed in
        # 48 h late, T3 opened in December still pending; T0 of November
        # closed in December (counted as closed, not as opened)
        cls._ticket_at(
            cls.a,
            dt("2020-12-01 08:00"),
            closed=dt("2020-12-02 08:00"),
            deadline=dt("2020-12-03 08:00"),
        )
        cls._ticket_at(
            cls.a,
            dt("2020-12-03 00:00"),
            closed=dt("2020-12-05 00:00"),
            deadline=dt("2020-12-04 00:00"),
        )
        cls._ticket_at(cls.a, dt("2020-12-20 00:00"))
        cls._ticket_at(cls.a, dt("2020-11-29 00:00"), closed=dt("2020-12-01 00:00"))

    def test_service_figures_of_the_month(self):
        report = self.env["report.customer_loyalty.report_customer_service"]
        figures = report._service_figures([self.a.id], date(2020, 12, 1))[self.a.id]
        # opened in December: T1, T2, T3; closed: T1, T2, T0
        # resolution (24 + 48 + 48) / 3 = 40 h; within target: 1 of 2
        self.assertEqual(figures["opened"], 3)
        self.assertEqual(figures["closed"], 3)
        self.assertAlmostEqual(figures["resolution_hours"], 40.0)
        self.assertEqual((figures["within_target"], figures["with_target"]), (1, 2))
        self.assertEqual(figures["pending"], 1)

    def test_service_report_renders_the_key_figures(self):
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "customer_loyalty.report_customer_service",
            self.a.ids,
            data={"month": "2020-12-01"},
        )
        html = html.decode()
        self.assertIn("A Hosting", html)
        self.assertIn("December 2020", html)
        self.assertIn("40.0", html)
        self.assertRegex(html, r">50</span>\s*%")
        self.assertRendersToPdf(
            "customer_loyalty.report_customer_service",
            self.a.ids,
            data={"month": "2020-12-01"},
        )

    def test_service_report_cron_emails_opted_in_customers_once_a_month(self):
        with freeze_time("2021-01-10"):
            sent = self.env["res.partner"]._cron_send_service_reports()
            self.assertEqual(sent, self.a)
            self.assertEqual(self.a.service_report_month, date(2020, 12, 1))
            mails = self.env["mail.mail"].search(
                [("model", "=", "res.partner"), ("res_id", "=", self.a.id)]
            )
            self.assertEqual(len(mails), 1)
            self.assertTrue(mails.attachment_ids)
            self.assertFalse(self.env["res.partner"]._cron_send_service_reports())
            self.assertEqual(
                self.env["mail.mail"].search_count(
                    [("model", "=", "res.partner"), ("res_id", "=", self.a.id)]
                ),
                1,
            )
        # B did not opt in: never e-mailed
        self.assertFalse(self.b.service_report_month)

    def test_balanced_scorecard_renders_values_targets_and_status(self):
        churn = self.env.ref("customer_loyalty.customer_kpi_churn_rate")
        revenue = self.env.ref("customer_loyalty.customer_kpi_revenue")
        self.env["customer.kpi.target"].create(
            {"kpi_id": churn.id, "year": 2020, "value": 5}
        )
        (churn | revenue)._compute_values([date(2020, 12, 1)])
        values = self.env["customer.kpi.value"].search(
            [
                ("kpi_id", "in", (churn | revenue).ids),
                ("period", "=", date(2020, 12, 1)),
            ]
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "customer_loyalty.report_balanced_scorecard", values.ids
        )
        html = html.decode()
        self.assertIn("December 2020", html)
        self.assertIn("Customer loss index", html)
        self.assertIn("33.33", html)  # preferential churn of 2020
        self.assertIn("1,250.00", html)  # December revenue of all customers
        self.assertIn("no value", html)  # star churn: no customer at start
        self.assertIn("text-bg-danger", html)
        self.assertRendersToPdf(
            "customer_loyalty.report_balanced_scorecard", values.ids
        )
