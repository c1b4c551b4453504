from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestTicketSegment(LoyaltyCase):
    def test_ticket_takes_the_segment_of_its_customer(self):
        ticket = self._create_ticket(self.customer_pref)
        self.assertEqual(ticket.customer_segment_id, self.preferential)
        self.assertTrue(ticket.customer_segment_is_preferential)

    def test_ticket_of_a_contact_uses_the_company_segment(self):
        ticket = self._create_ticket(self.contact_star)
        self.assertEqual(ticket.customer_segment_id, self.star)

    def test_ticket_segment_is_kept_when_the_customer_changes_segment(self):
        ticket = self._create_ticket(self.customer_star)
        self.customer_star.customer_segment_id = self.standard
        ticket.invalidate_recordset()
        self.assertEqual(ticket.customer_segment_id, self.star)
        # and a new ticket takes the new segment
        self.assertEqual(
            self._create_ticket(self.customer_star).customer_segment_id, self.standard
        )

    def test_customer_set_later_on_an_open_ticket_gives_its_segment(self):
        ticket = self.Ticket.create(
            {"name": "Anonymous call", "description": "<p>Call</p>"}
        )
        self.assertFalse(ticket.customer_segment_id)
        ticket.partner_id = self.contact_star
        self.assertEqual(ticket.customer_segment_id, self.star)

    def test_closed_ticket_keeps_its_segment_when_its_customer_changes(self):
        ticket = self._create_ticket(self.customer_star)
        ticket.stage_id = self.closed_stage
        ticket.partner_id = self.customer_pref
        self.assertEqual(ticket.customer_segment_id, self.star)

    def test_new_customer_gets_the_default_segment_with_its_first_ticket(self):
        newcomer = self.Partner.create({"name": "Newcomer SL", "is_company": True})
        self.assertFalse(newcomer.customer_segment_id)
        ticket = self._create_ticket(newcomer)
        self.assertEqual(newcomer.customer_segment_id, self.standard)
        self.assertEqual(ticket.customer_segment_id, self.standard)
        self.assertEqual(
            self.History.search_count([("partner_id", "=", newcomer.id)]), 1
        )

    def test_a_changed_default_segment_reaches_the_next_new_customer(self):
        # new tickets read the default segment from the registry cache: the
        # company's change must clear it
        self._create_ticket(
            self.Partner.create({"name": "First SL", "is_company": True})
        )
        self.company.default_customer_segment_id = self.preferential
        newcomer = self.Partner.create({"name": "Second SL", "is_company": True})
        self.assertEqual(
            self._create_ticket(newcomer).customer_segment_id, self.preferential
        )
        self.company.default_customer_segment_id = False
        loner = self.Partner.create({"name": "Third SL", "is_company": True})
        self.assertFalse(self._create_ticket(loner).customer_segment_id)
        self.assertFalse(loner.customer_segment_id)

    def test_team_and_priority_default_from_the_segment(self):
        ticket = self._create_ticket(self.customer_star)
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.priority, self.star.ticket_priority)

    def test_explicit_team_and_priority_are_kept(self):
        ticket = self._create_ticket(
            self.customer_star, team_id=self.team_general.id, priority="0"
        )
        self.assertEqual(ticket.team_id, self.team_general)
        self.assertEqual(ticket.priority, "0")

    def test_form_onchange_fills_segment_team_and_priority(self):
        ticket = self.Ticket.new({"name": "Form ticket"})
        ticket.partner_id = self.contact_star
        ticket._onchange_partner_id()
        self.assertEqual(ticket.customer_segment_id, self.star)
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.priority, "3")

    def test_deadlines_come_from_the_segment_targets(self):
        start = datetime(2026, 4, 1, 9, 0, 0)
        ticket = self._backdate(self._create_ticket(self.customer_star), start)
        self.assertEqual(
            ticket.response_deadline,
            start + timedelta(hours=self.star.response_target_hours),
        )
        self.assertEqual(
            ticket.resolution_deadline,
            start + timedelta(hours=self.star.resolution_target_hours),
        )

    def test_later_target_changes_do_not_move_existing_deadlines(self):
        ticket = self._create_ticket(self.customer_star)
        deadline = ticket.resolution_deadline
        self.star.resolution_target_hours = 100
        self.env.flush_all()
        ticket.invalidate_recordset()
        self.assertEqual(ticket.resolution_deadline, deadline)

    def test_segment_without_target_gives_no_deadline(self):
        self.standard.write({"response_target_hours": 0, "resolution_target_hours": 0})
        ticket = self._create_ticket(self.customer_std)
        self.assertFalse(ticket.response_deadline)
        self.assertFalse(ticket.resolution_deadline)

    def test_overdue_filters_find_late_open_tickets(self):
        nine, ten = datetime(2026, 4, 1, 9, 0), datetime(2026, 4, 1, 10, 0)
        late = self._backdate(self._create_ticket(self.customer_star), nine)
        closed = self._backdate(self._create_ticket(self.customer_star), nine)
        closed.stage_id = self.closed_stage
        fresh = self._backdate(self._create_ticket(self.customer_star), ten)
        tickets = late | closed | fresh
        with freeze_time("2026-04-01 11:30:00"):
            response_late = self.Ticket.search(
                [("id", "in", tickets.ids), ("is_response_overdue", "=", True)]
            )
            self.assertEqual(response_late, late)
            not_late = self.Ticket.search(
                [("id", "in", tickets.ids), ("is_response_overdue", "=", False)]
            )
            self.assertEqual(not_late, closed | fresh)
        with freeze_time("2026-04-02 09:30:00"):
            resolution_late = self.Ticket.search(
                [("id", "in", tickets.ids), ("is_resolution_overdue", "=", True)]
            )
            self.assertEqual(resolution_late, late)
            late.invalidate_recordset()
            self.assertTrue(late.is_resolution_overdue)
            self.assertFalse(fresh.is_resolution_overdue)

    def test_first_public_answer_of_an_agent_is_the_first_response(self):
        ticket = self._create_ticket(self.customer_star)
        ticket.message_post(body="Internal note", message_type="comment")
        self.assertFalse(ticket.first_response_date)
        ticket.with_user(self.user_agent).message_post(
            body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(ticket.first_response_date)

    def test_customer_message_is_not_a_response(self):
        ticket = self._create_ticket(self.contact_star)
        ticket.message_post(
            body="Any news?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.contact_star.id,
        )
        self.assertFalse(ticket.first_response_date)

    def test_closing_without_answer_sets_the_first_response(self):
        ticket = self._create_ticket(self.customer_std)
        ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.first_response_date)

    def test_preferential_filter_and_group_by_segment(self):
        pref = self._create_ticket(self.customer_pref)
        std = self._create_ticket(self.customer_std)
        found = self.Ticket.search(
            [
                ("id", "in", (pref | std).ids),
                ("customer_segment_id.is_preferential", "=", True),
            ]
        )
        self.assertEqual(found, pref)
        groups = self.Ticket._read_group(
            [("id", "in", (pref | std).ids)], ["customer_segment_id"], ["__count"]
        )
        self.assertEqual(dict(groups), {self.preferential: 1, self.standard: 1})
