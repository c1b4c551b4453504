from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestFollowup(IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.star.followup_interval_days = 2
        cls.followup_template = cls.env.ref(
            "customer_loyalty.mail_template_followup_status"
        )
        cls.team_general.user_ids = cls.user_agent | cls.user_manager

    def _followup_mails(self, ticket):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("subject", "ilike", "Status of your ticket"),
            ]
        )

    def _run_cron(self):
        self.Ticket._cron_send_followup_updates()

    def test_first_answer_without_closing_flags_the_ticket_for_followup(self):
        with freeze_time("2026-04-06 10:00:00"):
            ticket = self._create_ticket(self.contact_star, user_id=self.user_agent.id)
            self.assertFalse(ticket.needs_followup)
            ticket.with_user(self.user_agent).message_post(
                body="We are reinstalling it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(ticket.needs_followup)
        self.assertEqual(ticket.next_update_date, date(2026, 4, 8))

    def test_cron_run_twice_sends_one_status_mail_and_logs_it(self):
        with freeze_time("2026-04-06 10:00:00"):
            ticket = self._create_ticket(self.contact_star)
            ticket.write({"needs_followup": True, "next_update_date": "2026-04-08"})
        with freeze_time("2026-04-07 10:00:00"):
            self._run_cron()
            self.assertFalse(self._followup_mails(ticket), "not due yet")
        with freeze_time("2026-04-08 10:00:00"):
            self._run_cron()
            self._run_cron()
        mails = self._followup_mails(ticket)
        self.assertEqual(len(mails), 1)
        self.assertIn(self.contact_star, mails.recipient_ids)
        self.assertIn(ticket.number, mails.subject)
        followup = ticket.followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.due_date, date(2026, 4, 8))
        self.assertTrue(followup.is_on_time)
        self.assertEqual(followup.message_id.model, "helpdesk.ticket")
        self.assertEqual(ticket.next_update_date, date(2026, 4, 10))

    def test_a_late_update_is_counted_as_not_on_time(self):
        with freeze_time("2026-04-06 10:00:00"):
            ticket = self._create_ticket(self.contact_star)
            ticket.write({"needs_followup": True, "next_update_date": "2026-04-08"})
        with freeze_time("2026-04-11 10:00:00"):
            self._run_cron()
        self.assertFalse(ticket.followup_ids.is_on_time)
        on_time = self.env["helpdesk.ticket.followup"].search_count(
            [("ticket_id", "=", ticket.id), ("is_on_time", "=", True)]
        )
        self.assertEqual(on_time, 0)

    def test_closed_tickets_get_no_update_and_lose_the_flag(self):
        with freeze_time("2026-04-06 10:00:00"):
            ticket = self._create_ticket(self.contact_star)
            ticket.write({"needs_followup": True, "next_update_date": "2026-04-06"})
            ticket.stage_id = self.closed_stage
            self._run_cron()
        self.assertFalse(ticket.needs_followup)
        self.assertFalse(ticket.next_update_date)
        self.assertFalse(self._followup_mails(ticket))

    def test_updates_due_list_shows_due_open_tickets(self):
        with freeze_time("2026-04-08 10:00:00"):
            due = self._create_ticket(self.contact_star)
            due.write({"needs_followup": True, "next_update_date": "2026-04-07"})
            later = self._create_ticket(self.contact_star)
            later.write({"needs_followup": True, "next_update_date": "2026-04-20"})
            found = self.Ticket.search(
                [("is_update_due", "=", True), ("id", "in", (due | later).ids)]
            )
            self.assertEqual(found, due)
            not_due = self.Ticket.search(
                [("is_update_due", "=", False), ("id", "in", (due | later).ids)]
            )
            self.assertEqual(not_due, later)

    # ------------------------------------------------------------------
    # Derivation
    # ------------------------------------------------------------------
    def _derive(self, ticket, user=None, **vals):
        wizard = (
            self.env["helpdesk.ticket.derive"]
            .with_user(user or self.user_agent)
            .create({"ticket_id": ticket.id, **vals})
        )
        return wizard.action_derive()

    def test_derive_hands_the_ticket_over_logs_the_reason_and_counts(self):
        with freeze_time("2026-04-06 10:00:00"):
            ticket = self._create_ticket(self.contact_star, user_id=self.user_agent.id)
            self._derive(
                ticket,
                team_id=self.team_general.id,
                user_id=self.user_manager.id,
                reason="Needs a system administrator",
            )
        self.assertEqual(ticket.team_id, self.team_general)
        self.assertEqual(ticket.user_id, self.user_manager)
        self.assertEqual(ticket.derivation_count, 1)
        self.assertTrue(ticket.needs_followup)
        self.assertEqual(ticket.next_update_date, date(2026, 4, 8))
        self.assertIn("Needs a system administrator", ticket.message_ids[0].body)

    def test_derive_requires_a_reason_and_a_new_owner(self):
        ticket = self._create_ticket(self.contact_star, user_id=self.user_agent.id)
        with self.assertRaises(ValidationError):
            self._derive(ticket, team_id=self.team_general.id, reason="   ")
        with self.assertRaises(UserError):
            self._derive(ticket, reason="No target")
        self.assertEqual(ticket.derivation_count, 0)

    def test_plain_employee_cannot_derive(self):
        ticket = self._create_ticket(self.contact_star)
        with self.assertRaises(AccessError):
            self._derive(
                ticket,
                user=self.user_employee,
                team_id=self.team_general.id,
                reason="x",
            )

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    def test_mark_critical_escalates_to_direction_once(self):
        ticket = self._create_ticket(self.contact_star, user_id=self.user_agent.id)
        with freeze_time("2026-04-06 10:00:00"):
            ticket.with_user(self.user_agent).action_mark_critical()
        self.assertTrue(ticket.is_critical)
        self.assertEqual(str(ticket.escalation_date), "2026-04-06 10:00:00")
        activities = ticket.activity_ids.filtered(
            lambda a: a.user_id == self.user_direction
        )
        self.assertEqual(len(activities), 1)
        notified = ticket.message_ids.filtered(
            lambda m: self.user_direction.partner_id in m.partner_ids
        )
        self.assertEqual(len(notified), 1)
        with self.assertRaises(UserError):
            ticket.with_user(self.user_agent).action_mark_critical()
        self.assertEqual(
            len(
                ticket.activity_ids.filtered(lambda a: a.user_id == self.user_direction)
            ),
            1,
        )
