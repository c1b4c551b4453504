from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestTicketClassification(IntakeCase):
    def test_contact_types_are_the_contract_keys(self):
        keys = [key for key, _label in self.Ticket._fields["contact_type"].selection]
        self.assertEqual(
            keys,
            [
                "question",
                "request",
                "incident",
                "complaint",
                "suggestion",
                "compliment",
            ],
        )

    def test_contact_type_is_filterable(self):
        complaint = self._create_ticket(self.customer_std, contact_type="complaint")
        question = self._create_ticket(self.customer_std, contact_type="question")
        found = self.Ticket.search(
            [
                ("contact_type", "=", "complaint"),
                ("id", "in", (complaint | question).ids),
            ]
        )
        self.assertEqual(found, complaint)

    def test_contact_centre_channels_are_shipped(self):
        for xmlid in (
            "helpdesk_mgmt.helpdesk_ticket_channel_email",
            "helpdesk_mgmt.helpdesk_ticket_channel_phone",
            "helpdesk_mgmt.helpdesk_ticket_channel_web",
            "customer_loyalty.helpdesk_ticket_channel_whatsapp",
            "customer_loyalty.helpdesk_ticket_channel_in_person",
            "customer_loyalty.helpdesk_ticket_channel_social",
            "customer_loyalty.helpdesk_ticket_channel_suggestion_box",
        ):
            channel = self.env.ref(xmlid)
            self.assertTrue(channel.active, xmlid)

    def test_complaint_carries_its_register_fields_and_handling_time(self):
        with freeze_time("2026-02-02 09:00:00"):
            ticket = self._create_ticket(
                self.customer_pref,
                contact_type="complaint",
                complaint_root_cause="Invoice sent to the wrong office",
                complaint_corrective_action="Check the DIR3 codes at contract time",
                complaint_action_user_id=self.user_manager.id,
                complaint_action_deadline="2026-03-01",
            )
            self.env.flush_all()
            self.cr.execute(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                (datetime(2026, 2, 2, 9), ticket.id),
            )
            ticket.invalidate_recordset(["create_date"])
        with freeze_time("2026-02-03 15:00:00"):
            ticket.stage_id = self.closed_stage
        self.assertAlmostEqual(ticket.complaint_handling_hours, 30.0, places=2)
        self.assertEqual(ticket.complaint_action_user_id, self.user_manager)
        register = self.env.ref("customer_loyalty.helpdesk_ticket_action_complaint")
        self.assertIn(ticket, self.Ticket.search(safe_eval(register.domain)))

    def test_closing_a_complaint_without_cause_and_action_is_refused(self):
        ticket = self._create_ticket(self.customer_pref, contact_type="complaint")
        with self.assertRaises(UserError) as caught:
            ticket.stage_id = self.closed_stage
        message = str(caught.exception)
        self.assertIn("Root Cause", message)
        self.assertIn("Corrective Action", message)
        self.assertFalse(ticket.closed)
        ticket.complaint_root_cause = "Invoice sent to the wrong office"
        with self.assertRaises(UserError) as caught:
            ticket.stage_id = self.closed_stage
        self.assertNotIn("Root Cause", str(caught.exception))
        self.assertIn("Corrective Action", str(caught.exception))
        # blanks are not a corrective action
        ticket.complaint_corrective_action = "   "
        with self.assertRaises(UserError):
            ticket.stage_id = self.closed_stage
        ticket.complaint_corrective_action = "Check the DIR3 codes at contract time"
        ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.closed)

    def _closed_complaint(self):
        """A complaint of the preferential customer closed with its root
        cause and corrective action."""
        ticket = self._create_ticket(
            self.customer_pref,
            contact_type="complaint",
            complaint_root_cause="Wrong office",
            complaint_corrective_action="Check the codes",
        )
        ticket.stage_id = self.closed_stage
        return ticket

    def test_other_contact_types_close_without_cause_and_action(self):
        ticket = self._create_ticket(self.customer_pref, contact_type="incident")
        ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.closed)

    def test_a_closed_complaint_keeps_its_cause_and_action(self):
        ticket = self._closed_complaint()
        with self.assertRaises(ValidationError) as caught:
            ticket.complaint_root_cause = False
        self.assertIn("Root Cause", str(caught.exception))
        self.assertEqual(ticket.complaint_root_cause, "Wrong office")
        # reclassifying a closed ticket as a complaint needs them too
        question = self._create_ticket(self.customer_pref, contact_type="question")
        question.stage_id = self.closed_stage
        with self.assertRaises(ValidationError) as caught:
            question.contact_type = "complaint"
        self.assertIn("Corrective Action", str(caught.exception))
        # once reopened, the complaint can be edited freely again
        ticket.stage_id = self.open_stage
        ticket.complaint_root_cause = False
        self.assertFalse(ticket.complaint_root_cause)

    def test_reopened_complaint_has_no_handling_time_until_closed_again(self):
        ticket = self._closed_complaint()
        self.assertTrue(ticket.closed_date)
        ticket.stage_id = self.open_stage
        self.assertEqual(ticket.complaint_handling_hours, 0.0)

    def test_complaints_pivot_averages_handling_time_by_segment(self):
        hours, tickets = {}, self.Ticket
        for partner, delay in ((self.customer_pref, 10), (self.customer_star, 4)):
            ticket = self._create_ticket(
                partner,
                contact_type="complaint",
                complaint_root_cause="Cause",
                complaint_corrective_action="Action",
            )
            self._backdate(ticket, fields.Datetime.now() - timedelta(hours=delay))
            ticket.stage_id = self.closed_stage
            hours[ticket.customer_segment_id] = ticket.complaint_handling_hours
            tickets |= ticket
        groups = self.Ticket._read_group(
            [("id", "in", tickets.ids), ("contact_type", "=", "complaint")],
            ["customer_segment_id"],
            ["complaint_handling_hours:avg", "__count"],
        )
        by_segment = {segment: (avg, count) for segment, avg, count in groups}
        self.assertAlmostEqual(by_segment[self.preferential][0], 10, delta=0.1)
        self.assertAlmostEqual(by_segment[self.star][0], 4, delta=0.1)
        self.assertEqual(hours[self.star], by_segment[self.star][0])

    def test_non_complaints_have_no_handling_time(self):
        ticket = self._create_ticket(self.customer_std, contact_type="question")
        ticket.stage_id = self.closed_stage
        self.assertEqual(ticket.complaint_handling_hours, 0.0)

    # ------------------------------------------------------------------
    # Customer contacts
    # ------------------------------------------------------------------
    def test_inbound_customer_messages_and_logged_calls_are_counted(self):
        ticket = self._create_ticket(self.contact_star, user_id=self.user_agent.id)
        self.assertEqual(ticket.customer_contact_count, 0)
        # the customer writes (e-mail or portal)
        ticket.message_post(
            body="Any news?",
            author_id=self.contact_star.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.customer_contact_count, 1)
        # an agent answers and logs an internal note: not customer contacts
        ticket.with_user(self.user_agent).message_post(
            body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        ticket.with_user(self.user_agent).message_post(
            body="Internal", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(ticket.customer_contact_count, 1)
        # a call with the customer is logged as a done call activity
        activity = ticket.activity_schedule(
            "mail.mail_activity_data_call",
            summary="Customer called",
            user_id=self.user_agent.id,
        )
        activity.action_feedback(feedback="Explained the delay")
        self.assertEqual(ticket.customer_contact_count, 2)
        self.assertTrue(self.Ticket._fields["customer_contact_count"].store)

    def test_mails_sent_from_the_company_address_are_not_customer_contacts(self):
        self.template.closing_mail_template_id = self.closing_mail
        ticket = self._create_ticket(
            self.contact_star, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        ticket.resolution_summary = "<p>Reinstalled.</p>"
        ticket.stage_id = self.closed_stage
        closing = ticket.message_ids.filtered(lambda m: "Reinstalled." in m.body)
        self.assertTrue(closing, "the closing e-mail is in the chatter")
        self.assertEqual(closing.author_id, self.company.partner_id)
        self.assertEqual(ticket.customer_contact_count, 0)
        # the customer answering it is a contact
        ticket.message_post(
            body="Thanks, it works",
            author_id=self.contact_star.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.customer_contact_count, 1)

    def test_contacts_of_another_ticket_do_not_count(self):
        ticket = self._create_ticket(self.contact_star)
        other = self._create_ticket(self.contact_star)
        other.message_post(
            body="Hello",
            author_id=self.contact_star.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.customer_contact_count, 0)
        self.assertEqual(other.customer_contact_count, 1)
