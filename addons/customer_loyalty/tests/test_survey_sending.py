from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .survey_common import SurveyLoyaltyCase

# 2026-03-02 is a Monday
MONDAY = datetime(2026, 3, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestSurveySending(SurveyLoyaltyCase):
    def _run_cron(self):
        return self.Ticket._cron_send_satisfaction_surveys()

    def _opened_at(self, ticket, when):
        """Pretend the ticket was opened at ``when`` (create_date is set by
        PostgreSQL, out of freezegun's reach)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                when,
                ticket.id,
            )
        )
        ticket.invalidate_recordset(["create_date"])
        return ticket

    def _ticket_closed_at(self, partner, when, opened=None):
        with freeze_time(opened or when):
            ticket = self._create_ticket(partner)
        self._opened_at(ticket, opened or when)
        with freeze_time(when):
            self._close(ticket)
        return ticket

    def _surveys(self, tickets):
        return self.UserInput.search([("ticket_id", "in", tickets.ids)])

    def test_star_ticket_survey_is_sent_once_at_the_next_run(self):
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
            self._run_cron()
        survey = self._surveys(ticket)
        self.assertEqual(len(survey), 1, "the cron runs twice and sends once")
        self.assertEqual(survey.survey_id, self.survey_post)
        self.assertEqual(survey.partner_id, self.contact_star)
        self.assertEqual(survey.loyalty_customer_id, self.customer_star)
        self.assertEqual(survey.customer_segment_id, self.star)
        self.assertEqual(ticket.survey_status, "sent")
        mails = self.env["mail.mail"].search(
            [("email_to", "ilike", "ana@star.example.com")]
        )
        self.assertEqual(len(mails), 1)
        self.assertIn(survey.access_token, mails.body_html)

    def test_closing_an_immediate_ticket_wakes_the_sending_job_up(self):
        cron = self.env.ref("customer_loyalty.ir_cron_send_ticket_surveys")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        self._ticket_closed_at(self.customer_std, MONDAY)  # delayed segment
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before)
        self._ticket_closed_at(self.contact_star, MONDAY)
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)

    def test_segment_of_the_survey_is_kept_when_the_customer_changes_segment(self):
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self.customer_star.customer_segment_id = self.standard
        self.assertEqual(self._surveys(ticket).customer_segment_id, self.star)

    def test_delayed_survey_waits_for_the_segment_delay(self):
        ticket = self._ticket_closed_at(self.customer_std, MONDAY)
        with freeze_time("2026-03-06 10:00"):  # 4 days after closing
            self._run_cron()
        self.assertFalse(self._surveys(ticket))
        self.assertFalse(ticket.survey_status)
        with freeze_time("2026-03-07 09:30"):  # 5 days
            self._run_cron()
            self._run_cron()
        self.assertEqual(len(self._surveys(ticket)), 1)
        self.assertEqual(ticket.survey_status, "sent")

    def test_weekly_batch_waits_for_the_sending_day(self):
        # opened on Wednesday, closed on Thursday: not solved immediately
        ticket = self._ticket_closed_at(
            self.customer_pref,
            datetime(2026, 3, 5, 11, 0),
            opened=datetime(2026, 3, 4, 16, 0),
        )
        with freeze_time("2026-03-08 23:00"):  # Sunday
            self._run_cron()
        self.assertFalse(self._surveys(ticket))
        with freeze_time("2026-03-09 08:00"):  # next Monday
            self._run_cron()
            self._run_cron()
        self.assertEqual(len(self._surveys(ticket)), 1)

    def test_weekly_batch_skips_tickets_solved_the_day_they_were_opened(self):
        ticket = self._ticket_closed_at(
            self.customer_pref,
            datetime(2026, 3, 5, 11, 0),
            opened=datetime(2026, 3, 5, 9, 0),
        )
        with freeze_time("2026-03-09 08:00"):
            self._run_cron()
        self.assertFalse(self._surveys(ticket))
        self.assertEqual(ticket.survey_status, "skipped_immediate")

    def test_opted_out_customer_is_never_surveyed(self):
        self.customer_star.is_survey_opt_out = True
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self.assertFalse(self._surveys(ticket))
        self.assertEqual(ticket.survey_status, "skipped_opt_out")

    def test_customer_is_surveyed_at_most_once_per_window(self):
        self.company.loyalty_survey_window_days = 30
        first = self._ticket_closed_at(self.contact_star, MONDAY)
        second = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self.assertEqual(len(self._surveys(first | second)), 1)
        self.assertEqual(
            sorted((first | second).mapped("survey_status")),
            ["sent", "skipped_window"],
        )
        within = self._ticket_closed_at(self.contact_star, datetime(2026, 3, 20))
        with freeze_time("2026-03-20 10:00"):
            self._run_cron()
        self.assertEqual(within.survey_status, "skipped_window")
        after = self._ticket_closed_at(self.contact_star, datetime(2026, 4, 2))
        with freeze_time("2026-04-02 10:00"):
            self._run_cron()
        self.assertEqual(after.survey_status, "sent")

    def test_contact_without_email_is_skipped_without_error(self):
        self.customer_std.email = False
        ticket = self._ticket_closed_at(self.customer_std, MONDAY)
        with freeze_time("2026-03-09 10:00"):
            self._run_cron()
        self.assertEqual(ticket.survey_status, "skipped_no_email")

    def test_open_and_old_tickets_are_not_surveyed(self):
        with freeze_time(MONDAY):
            open_ticket = self._create_ticket(self.contact_star)
        old = self._ticket_closed_at(self.contact_star, datetime(2026, 1, 2))
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self.assertFalse(self._surveys(open_ticket | old))
        self.assertFalse(open_ticket.survey_status)
        self.assertFalse(old.survey_status)

    def test_segment_that_never_sends_surveys_nothing(self):
        self.star.survey_send_mode = "never"
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self.assertFalse(self._surveys(ticket))

    def test_deleted_answer_or_survey_never_triggers_a_second_sending(self):
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self._surveys(ticket).unlink()
        with freeze_time("2026-03-02 11:00"):
            self._run_cron()
        self.assertFalse(self._surveys(ticket))
        self.assertEqual(ticket.survey_status, "sent")

    def test_survey_deleted_before_sending_is_a_safe_no_op(self):
        survey = self.survey_post.copy()
        self.star.survey_id = survey
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        survey.unlink()
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        self.assertFalse(self._surveys(ticket))
        self.assertFalse(ticket.survey_status, "sent once a survey is chosen again")

    def test_survey_answered_by_customers_cannot_be_deleted(self):
        survey = self.survey_post.copy()
        self.star.survey_id = survey
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        answers = self._surveys(ticket)
        self.assertTrue(answers)
        with self.assertRaises(UserError):
            survey.unlink()
        self.assertTrue(answers.exists(), "nothing lost")
        survey.active = False
        self.assertTrue(answers.exists())

    def test_cron_works_in_batches_and_reports_what_remains(self):
        customers = self.Partner.create(
            [
                {
                    "name": f"Batch customer {n}",
                    "email": f"batch{n}@example.com",
                    "customer_segment_id": self.star.id,
                }
                for n in range(3)
            ]
        )
        tickets = self.Ticket
        for customer in customers:
            tickets |= self._ticket_closed_at(customer, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            sent = self.Ticket._cron_send_satisfaction_surveys(batch_size=2)
            self.assertEqual(sent, 2)
            self.assertEqual(len(tickets.filtered("survey_status")), 2)
            sent = self.Ticket._cron_send_satisfaction_surveys(batch_size=2)
            self.assertEqual(sent, 1)
            self.assertEqual(self.Ticket._cron_send_satisfaction_surveys(), 0)
        self.assertEqual(len(self._surveys(tickets)), 3)

    def test_scheduled_action_sends_the_due_surveys(self):
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        cron = self.env.ref("customer_loyalty.ir_cron_send_ticket_surveys")
        with freeze_time("2026-03-02 10:00"):
            cron.method_direct_trigger()
            cron.method_direct_trigger()
        self.assertEqual(len(self._surveys(ticket)), 1)

    def test_agent_sees_the_survey_of_a_ticket_but_plain_employees_do_not(self):
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with freeze_time("2026-03-02 10:00"):
            self._run_cron()
        survey = self._surveys(ticket)
        self.assertEqual(
            survey.with_user(self.user_agent).read(["ticket_id"])[0]["ticket_id"][0],
            ticket.id,
        )
        self.assertFalse(survey.with_user(self.user_employee).has_access("read"))
        action = ticket.with_user(self.user_agent).action_view_survey_answers()
        self.assertEqual(
            self.UserInput.with_user(self.user_agent).search(action["domain"]), survey
        )

    def test_answer_cannot_be_linked_to_a_ticket_of_another_customer(self):
        ticket = self._ticket_closed_at(self.contact_star, MONDAY)
        with self.assertRaises(ValidationError):
            self.UserInput.create(
                {
                    "survey_id": self.survey_post.id,
                    "partner_id": self.customer_pref.id,
                    "ticket_id": ticket.id,
                }
            )
