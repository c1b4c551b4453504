"""Crash-safe crons: a worker dying in the middle of a batch loses nothing
and duplicates nothing once the cron runs again.

Each test first drains what the database already had to do, then builds its
own work, runs the cron in batches with a crash inside the second batch (the
batch did part of its work: answers created, e-mails queued, rows inserted),
reruns it and checks every item was done exactly once.
"""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .cron_common import CronRunnerMixin, crash_on_call
from .kpi_common import KpiCase, dt
from .survey_common import SurveyLoyaltyCase

# every cron of the addon and the test proving it crash-safe and idempotent
CRON_TESTS = {
    "ir_cron_send_ticket_surveys": "test_ticket_surveys_resume_after_a_crash",
    "ir_cron_survey_campaigns": "test_survey_campaign_resumes_after_a_crash",
    "ir_cron_send_followup_updates": "test_followup_updates_resume_after_a_crash",
    "ir_cron_compute_kpis": "test_kpis_resume_after_a_crash",
    "ir_cron_refresh_partner_snapshots": "test_snapshots_resume_after_a_crash",
    "ir_cron_refresh_ticket_analysis": "test_ticket_analysis_resumes_after_a_crash",
    "ir_cron_refresh_satisfaction_summary": (
        "test_satisfaction_summary_resumes_after_a_crash"
    ),
    "ir_cron_send_service_reports": "test_service_reports_resume_after_a_crash",
    # re-measures (overwrites) indicator results: rerun proven in test_improvement
    "ir_cron_measure_improvement_indicators": "test_improvement",
    # creates one campaign per segment and period (unique), run twice in
    # test_periodic_surveys; the sending is the campaign cron above
    "ir_cron_start_periodic_campaigns": "test_periodic_surveys",
    # one mail per company and month (marker on the company), run twice there
    "ir_cron_send_balanced_scorecard": "test_service_availability",
}


@tagged("post_install", "-at_install")
class TestSurveyCronCrash(CronRunnerMixin, SurveyLoyaltyCase):
    def _customers(self, prefix, segment=None, count=5):
        """``count`` companies with an e-mail, in ``segment`` (Star)."""
        return self.Partner.create(
            [
                {
                    "name": f"{prefix.capitalize()} customer {n}",
                    "is_company": True,
                    "email": f"{prefix}{n}@example.com",
                    "customer_segment_id": (segment or self.star).id,
                }
                for n in range(count)
            ]
        )

    def test_every_cron_of_the_addon_is_covered(self):
        crons = self.env["ir.model.data"].search(
            [("module", "=", "customer_loyalty"), ("model", "=", "ir.cron")]
        )
        self.assertEqual(set(crons.mapped("name")), set(CRON_TESTS))

    def test_ticket_surveys_resume_after_a_crash(self):
        self.Ticket._cron_send_satisfaction_surveys(batch_size=100000)
        customers = self._customers("crash")
        tickets = self.Ticket.browse(
            [self._close(self._create_ticket(c)).id for c in customers]
        )
        template_class = type(self.env["mail.template"])

        def run(model):
            return model._cron_send_satisfaction_surveys(batch_size=2)

        cron = "customer_loyalty.ir_cron_send_ticket_surveys"
        with crash_on_call(template_class, "send_mail_batch", 2):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assertEqual(len(tickets.filtered("survey_status")), 2, "batch 1 kept")
        self.assertEqual(len(tickets.survey_user_input_ids), 2, "batch 2 rolled back")
        self.assert_resumes_then_idles(cron, run)
        for ticket in tickets:
            self.assertEqual(ticket.survey_status, "sent")
            self.assertEqual(len(ticket.survey_user_input_ids), 1)
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "survey.user_input"),
                ("res_id", "in", tickets.survey_user_input_ids.ids),
            ]
        )
        self.assertEqual(len(mails), 5, "one e-mail per ticket, never twice")

    def test_survey_campaign_resumes_after_a_crash(self):
        self.env["customer.survey.campaign"]._cron_process_survey_campaigns(
            batch_size=100000
        )
        segment = self.Segment.create(
            {
                "name": "Crash segment",
                "code": "CRASH",
                "sequence": 98,
                "is_revenue_reviewed": False,
                "periodic_survey_id": self.survey_pref.id,
                "periodic_survey_frequency": "semestral",
            }
        )
        customers = self._customers("campaign", segment)
        action = segment.action_new_survey_campaign()
        campaign = (
            self.env["customer.survey.campaign"]
            .with_context(**action["context"])
            .create({"name": "Crash campaign"})
        )
        campaign.action_launch()
        template_class = type(self.env["mail.template"])

        def run(model):
            return model._cron_process_survey_campaigns(batch_size=2)

        cron = "customer_loyalty.ir_cron_survey_campaigns"
        with crash_on_call(template_class, "send_mail_batch", 2):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assertEqual(len(campaign.user_input_ids), 2)
        self.assert_resumes_then_idles(cron, run)
        self.assertEqual(campaign.state, "done")
        self.assertEqual(len(campaign.user_input_ids), 5)
        self.assertEqual(campaign.user_input_ids.loyalty_customer_id, customers)

    def test_followup_updates_resume_after_a_crash(self):
        self.Ticket._cron_send_followup_updates(batch_size=100000)
        customers = self._customers("followup")
        tickets = self.Ticket.browse([self._create_ticket(c).id for c in customers])
        tickets.write({"needs_followup": True, "next_update_date": date(2020, 1, 1)})
        ticket_class = type(self.Ticket)

        def run(model):
            return model._cron_send_followup_updates(batch_size=2)

        cron = "customer_loyalty.ir_cron_send_followup_updates"
        with crash_on_call(ticket_class, "message_post_with_source", 3):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assertEqual(len(tickets.followup_ids), 2)
        self.assert_resumes_then_idles(cron, run)
        for ticket in tickets:
            self.assertEqual(len(ticket.followup_ids), 1)
            self.assertGreater(ticket.next_update_date, date.today())
            self.assertIn(ticket.followup_ids.message_id, ticket.message_ids)
            sent = self.env["mail.message"].search_count(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("subject", "ilike", "Status of your ticket"),
                ]
            )
            self.assertEqual(sent, 1)


@tagged("post_install", "-at_install")
class TestReportingCronCrash(CronRunnerMixin, KpiCase):
    def _duplicates(self, query):
        self.env.flush_all()
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    @freeze_time("2021-01-15")
    def test_kpis_resume_after_a_crash(self):
        self._settle_other_companies(date(2020, 12, 1))
        self.Kpi._cron_compute_kpis(batch_size=100000)
        # what the drain did is undone: the whole month of the test company is
        # computed again
        self.env.cr.execute(
            SQL(
                "DELETE FROM customer_kpi_value WHERE period = %s AND company_id = %s",
                date(2020, 12, 1),
                self.company.id,
            )
        )
        self.env.invalidate_all()
        kpi_class = type(self.Kpi)

        def run(model):
            return model._cron_compute_kpis(batch_size=2)

        cron = "customer_loyalty.ir_cron_compute_kpis"
        with crash_on_call(kpi_class, "_compute_values", 3):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assert_resumes_then_idles(cron, run)
        self.assertEqual(self.Kpi._cron_compute_kpis(), 0, "nothing skipped")
        self.assertFalse(
            self._duplicates(
                SQL(
                    "SELECT kpi_id, company_id, segment_id, count(*)"
                    " FROM customer_kpi_value WHERE period = %s"
                    " GROUP BY 1, 2, 3 HAVING count(*) > 1",
                    date(2020, 12, 1),
                )
            )
        )
        builtin = self.Kpi.search(
            [
                ("computation", "=", "builtin"),
                ("company_id", "in", [False, self.company.id]),
            ]
        )
        done = self.Value.search(
            [
                ("period", "=", date(2020, 12, 1)),
                ("company_id", "=", self.company.id),
                ("segment_id", "=", False),
            ]
        )
        self.assertEqual(done.kpi_id, builtin)

    @freeze_time("2020-04-15")
    def test_snapshots_resume_after_a_crash(self):
        self.preferential.manager_id = self.user_manager
        # A is billed the backup monthly until February, not in March
        self._invoice(self.a, "2019-12-10", [(self.backup, 200)])
        self._invoice(self.a, "2020-01-10", [(self.backup, 200)])
        self._invoice(self.a, "2020-03-10", [(self.hosting, 1200), (self.domain, 300)])

        def lost_backup_activities():
            return self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.a.id),
                    ("summary", "like", "Online backup"),
                ]
            )

        def run(model):
            return model._cron_refresh_snapshots()

        cron = "customer_loyalty.ir_cron_refresh_partner_snapshots"
        Lost = self.env["customer.lost.service"]
        with crash_on_call(type(Lost), "_notify_losses", 1):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assertFalse(lost_backup_activities(), "rolled back with its batch")
        self.assert_resumes_then_idles(cron, run)
        self.assertEqual(len(lost_backup_activities()), 1)
        self.assertFalse(
            self._duplicates(
                SQL(
                    "SELECT partner_id, month, company_id, count(*)"
                    " FROM customer_partner_snapshot GROUP BY 1, 2, 3"
                    " HAVING count(*) > 1"
                )
            )
        )

    def test_ticket_analysis_resumes_after_a_crash(self):
        Analysis = self.env["helpdesk.ticket.analysis"]
        self._ticket_at(self.a, dt("2020-12-01 08:00"), closed=dt("2020-12-02 08:00"))
        self._ticket_at(self.d, dt("2020-12-07 00:00"))

        def run(model):
            return model._cron_refresh()

        cron = "customer_loyalty.ir_cron_refresh_ticket_analysis"
        with crash_on_call(type(Analysis), "_refresh_months", 1):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assert_resumes_then_idles(cron, run)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT (SELECT count(*) FROM helpdesk_ticket WHERE active),
                       (SELECT sum(ticket_count) FROM helpdesk_ticket_analysis)
                """
            )
        )
        tickets, counted = self.env.cr.fetchone()
        self.assertEqual(counted, tickets, "every ticket counted exactly once")

    def test_satisfaction_summary_resumes_after_a_crash(self):
        Summary = self.env["customer.satisfaction.summary"]

        def run(model):
            return model._cron_refresh()

        cron = "customer_loyalty.ir_cron_refresh_satisfaction_summary"
        self.env["ir.config_parameter"].set_param(Summary._refresh_marker, False)
        with crash_on_call(type(Summary), "_refresh_months", 1):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assert_resumes_then_idles(cron, run)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT (SELECT count(*) FROM customer_satisfaction_report),
                       (SELECT sum(answer_count) FROM customer_satisfaction_summary)
                """
            )
        )
        rows, counted = self.env.cr.fetchone()
        self.assertEqual(counted or 0, rows, "every answered item counted once")

    @freeze_time("2021-01-15")
    def test_service_reports_resume_after_a_crash(self):
        Partner = self.env["res.partner"]
        Partner._cron_send_service_reports(batch_size=100000)
        customers = self.a | self.d | self.e
        for n, customer in enumerate(customers):
            customer.write(
                {
                    "email": f"report{n}@example.com",
                    "is_service_report_opt_in": True,
                }
            )
            self._ticket_at(customer, dt("2020-12-10 10:00"))

        def run(model):
            return model._cron_send_service_reports(batch_size=1)

        cron = "customer_loyalty.ir_cron_send_service_reports"
        with crash_on_call(type(self.env["mail.template"]), "send_mail", 2):
            self.assertEqual(self.run_like_the_scheduler(cron, run), "crashed")
        self.assertEqual(len(customers.filtered("service_report_month")), 1)
        self.assert_resumes_then_idles(cron, run)
        for customer in customers:
            mails = self.env["mail.mail"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "=", customer.id),
                    ("subject", "ilike", "monthly service report"),
                ]
            )
            self.assertEqual(len(mails), 1, customer.name)
            self.assertEqual(customer.service_report_month, date(2020, 12, 1))
