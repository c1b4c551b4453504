from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LoyaltyCase

FEBRUARY_MINUTES = 28 * 24 * 60  # 2026 is not a leap year


@tagged("post_install", "-at_install")
class TestServiceAvailability(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.fibre = Product.create({"name": "Fibre 600 Mb", "type": "service"})
        cls.hosting = Product.create({"name": "Hosting", "type": "service"})
        cls.Report = cls.env["report.customer_loyalty.report_customer_service"]

    def _outage(self, partner, service, start, end=None):
        return self._create_ticket(
            partner,
            contact_type="incident",
            is_outage=True,
            outage_service_id=service.id,
            outage_start=start,
            outage_end=end,
        )

    def test_availability_against_a_hand_computed_month(self):
        # fibre: 10:00-12:00 and 11:00-13:30 overlap -> 210 min; an outage
        # from 31 January 23:00 to 1 February 01:00 -> 60 min in February
        self._outage(
            self.customer_std,
            self.fibre,
            datetime(2026, 2, 3, 10),
            datetime(2026, 2, 3, 12),
        )
        self._outage(
            self.customer_std,
            self.fibre,
            datetime(2026, 2, 3, 11),
            datetime(2026, 2, 3, 13, 30),
        )
        self._outage(
            self.customer_std,
            self.fibre,
            datetime(2026, 1, 31, 23),
            datetime(2026, 2, 1, 1),
        )
        # hosting: still down since 28 February 23:00 -> 60 min in February
        self._outage(self.customer_std, self.hosting, datetime(2026, 2, 28, 23))
        # another customer's outage and a March outage do not count
        self._outage(
            self.customer_pref, self.fibre, datetime(2026, 2, 5), datetime(2026, 2, 6)
        )
        self._outage(
            self.customer_std,
            self.fibre,
            datetime(2026, 3, 1, 1),
            datetime(2026, 3, 1, 2),
        )
        rows = {
            row["service"]: row
            for row in self.Report._availability(
                self.customer_std.ids, date(2026, 2, 1)
            )[self.customer_std.id]
        }
        self.assertAlmostEqual(rows["Fibre 600 Mb"]["outage_minutes"], 270)
        self.assertAlmostEqual(
            rows["Fibre 600 Mb"]["availability"], 100 * (1 - 270 / FEBRUARY_MINUTES)
        )
        self.assertAlmostEqual(rows["Hosting"]["outage_minutes"], 60)
        self.assertAlmostEqual(
            rows["Hosting"]["availability"], 100 * (1 - 60 / FEBRUARY_MINUTES)
        )

    def test_report_of_the_chosen_month_shows_availability_and_tickets(self):
        self._outage(
            self.customer_std,
            self.fibre,
            datetime(2026, 2, 3, 10),
            datetime(2026, 2, 3, 12),
        )
        wizard = (
            self.env["customer.service.report.print"]
            .with_user(self.user_agent)
            .with_context(active_model="res.partner", active_ids=self.customer_std.ids)
            .create({"month": date(2026, 2, 14)})
        )
        action = wizard.action_print()
        self.assertEqual(action["data"]["month"], "2026-02-01")
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "customer_loyalty.report_customer_service",
            self.customer_std.ids,
            data=action["data"],
        )
        html = html.decode()
        self.assertIn("February 2026", html)
        self.assertIn("Fibre 600 Mb", html)
        self.assertIn("99.702", html)  # 1 - 120 / 40320
        self.assertIn("Tickets opened", html)

    def test_outage_needs_a_start_and_an_end_after_it(self):
        with self.assertRaises(ValidationError):
            self._outage(self.customer_std, self.fibre, False)
        with self.assertRaises(ValidationError):
            self._outage(
                self.customer_std,
                self.fibre,
                datetime(2026, 2, 3, 12),
                datetime(2026, 2, 3, 10),
            )


@tagged("post_install", "-at_install")
class TestMonthlyMails(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_std.write(
            {"is_service_report_opt_in": True, "email": "std@example.com"}
        )
        # customers of the database (demo) are not part of these tests
        cls.Partner.search(
            [("is_service_report_opt_in", "=", True), ("id", "!=", cls.customer_std.id)]
        ).is_service_report_opt_in = False
        cls.user_direction.email = "direction@example.com"

    def test_service_reports_leave_on_the_first_working_day(self):
        ticket = self._create_ticket(self.customer_std)
        self._backdate(ticket, datetime(2026, 7, 20, 9))
        Partner = self.env["res.partner"]
        # 1 August 2026 is a Saturday: the reports wait for Monday the 3rd
        with freeze_time("2026-08-01 09:00:00"):
            self.assertFalse(Partner._cron_send_service_reports())
        with freeze_time("2026-08-03 09:00:00"):
            self.assertEqual(Partner._cron_send_service_reports(), self.customer_std)
            self.assertFalse(Partner._cron_send_service_reports())
        self.assertEqual(self.customer_std.service_report_month, date(2026, 7, 1))

    def test_balanced_scorecard_mail_is_queued_for_the_direction_once(self):
        kpi = self.env["customer.kpi"].create(
            {
                "name": "Profitability",
                "code": "TEST_PROFIT",
                "category": "results",
                "unit": "percent",
                "direction": "higher",
                "computation": "manual",
            }
        )
        self.env["customer.kpi.value"].create(
            {
                "kpi_id": kpi.id,
                "period": date(2026, 7, 1),
                "company_id": self.company.id,
                "value": 92,
            }
        )
        self.company.scorecard_sent_month = False
        Value = self.env["customer.kpi.value"]
        with freeze_time("2026-08-03 07:00:00"):
            mails = Value._cron_send_balanced_scorecard()
            self.assertFalse(Value._cron_send_balanced_scorecard())
        mail = mails.filtered(lambda m: m.res_id == self.company.id)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn(self.user_direction.partner_id, mail.recipient_ids)
        self.assertNotIn(self.user_agent.partner_id, mail.recipient_ids)
        self.assertEqual(len(mail.attachment_ids), 1)
        self.assertIn("2026-07", mail.subject)
        self.assertEqual(self.company.scorecard_sent_month, date(2026, 7, 1))
