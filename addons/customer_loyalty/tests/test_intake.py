from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestIntake(IntakeCase):
    def test_ticket_of_a_category_gets_the_template_questions_in_order(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self.assertEqual(ticket.intake_template_id, self.template)
        self.assertEqual(
            ticket.intake_answer_ids.mapped("question"),
            [
                "Server IP",
                "Operating system",
                "Disks to format",
                "Backup done",
                "Preferred date",
            ],
        )
        self.assertEqual(ticket.intake_required_count, 3)
        self.assertEqual(ticket.intake_answered_count, 0)
        self.assertFalse(ticket.is_intake_complete)
        self.assertEqual(ticket.intake_progress, "0 / 3")

    def test_ticket_without_category_has_no_questions_and_is_complete(self):
        ticket = self._create_ticket(self.customer_std)
        self.assertFalse(ticket.intake_answer_ids)
        self.assertTrue(ticket.is_intake_complete)

    def test_changing_category_swaps_unanswered_questions_and_keeps_answers(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer(ticket, self.q_ip).value_text = "10.0.0.7"
        ticket.category_id = self.category_other
        self.assertEqual(
            sorted(ticket.intake_answer_ids.mapped("question")),
            ["Domain name", "Server IP"],
        )
        self.assertEqual(self._answer(ticket, self.q_ip).value_display, "10.0.0.7")
        self.assertEqual(ticket.intake_required_count, 1)
        self.assertFalse(ticket.is_intake_complete)

    def test_team_specific_template_wins_over_the_general_one(self):
        team_template = self.Template.create(
            {
                "name": "Reinstall for VIP",
                "sequence": 99,
                "category_ids": [Command.link(self.category_reinstall.id)],
                "team_ids": [Command.link(self.team_vip.id)],
                "line_ids": [
                    Command.create({"question": "VIP code", "answer_type": "text"})
                ],
            }
        )
        ticket = self._create_ticket(
            self.customer_star, category_id=self.category_reinstall.id
        )
        self.assertEqual(ticket.team_id, self.team_vip)
        self.assertEqual(ticket.intake_template_id, team_template)
        self.assertEqual(ticket.intake_answer_ids.mapped("question"), ["VIP code"])

    def test_answers_are_typed_and_count_towards_completeness(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        self._answer(ticket, self.q_backup).value_boolean = "yes"
        self._answer(ticket, self.q_date).value_date = "2026-03-01"
        self.assertEqual(ticket.intake_answered_count, 3)
        self.assertTrue(ticket.is_intake_complete)
        self.assertEqual(
            ticket.intake_answer_ids.mapped("value_display"),
            ["10.0.0.7", "Debian", "2", "Yes", "2026-03-01"],
        )

    def test_zero_is_a_valid_number_answer(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        answer = self._answer(ticket, self.q_disks)
        answer.value_number = 0
        self.assertTrue(answer.is_answered)

    def test_a_value_of_the_wrong_type_is_refused(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        with self.assertRaises(ValidationError):
            self._answer(ticket, self.q_disks).value_text = "two"
        self.assertFalse(self._answer(ticket, self.q_disks).value_text)

    def test_an_option_of_another_question_is_refused(self):
        other_choice = self.env["helpdesk.intake.template.line"].create(
            {
                "template_id": self.template_other.id,
                "question": "Registrar",
                "answer_type": "choice",
                "option_ids": [Command.create({"name": "Other registrar"})],
            }
        )
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        with self.assertRaises(ValidationError):
            self._answer(ticket, self.q_os).value_option_id = other_choice.option_ids

    def test_raw_values_are_parsed_by_type_with_clear_errors(self):
        parse = self.Answer._parse_raw_value
        self.assertEqual(parse(self.q_disks, "2,5")["value_number"], 2.5)
        self.assertEqual(
            parse(self.q_os, str(self.opt_debian.id))["value_option_id"],
            self.opt_debian.id,
        )
        self.assertEqual(parse(self.q_ip, "  "), {})
        with self.assertRaisesRegex(ValidationError, "Disks to format"):
            parse(self.q_disks, "two")
        with self.assertRaisesRegex(ValidationError, "Preferred date"):
            parse(self.q_date, "31/02/2026")
        with self.assertRaisesRegex(ValidationError, "Backup done"):
            parse(self.q_backup, "maybe")
        with self.assertRaisesRegex(ValidationError, "Operating system"):
            parse(self.q_os, "999999")

    def test_a_question_is_answered_once_per_ticket(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.Answer.create({"ticket_id": ticket.id, "line_id": self.q_ip.id})

    def test_an_answer_to_a_question_of_another_template_is_refused(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        with self.assertRaises(ValidationError) as caught:
            self.Answer.create(
                {
                    "ticket_id": ticket.id,
                    "line_id": self.template_other.line_ids.id,
                    "value_text": "example.com",
                }
            )
        self.assertIn("Domain name", str(caught.exception))
        self.assertEqual(self.Answer.search_count([("ticket_id", "=", ticket.id)]), 5)

    def test_an_answer_cannot_move_to_another_ticket_or_question(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        other = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        answer = self._answer(ticket, self.q_ip)
        answer.value_text = "10.0.0.7"
        with self.assertRaisesRegex(UserError, "Server IP"):
            answer.ticket_id = other
        with self.assertRaises(UserError):
            answer.line_id = self.q_backup
        self.assertEqual(answer.ticket_id, ticket)
        self.assertEqual(self._answer(other, self.q_ip).value_text, False)
        # rewriting the same ticket (as a form save does) is fine
        answer.write({"ticket_id": ticket.id, "value_text": "10.0.0.8"})
        self.assertEqual(answer.value_text, "10.0.0.8")

    def test_missing_intake_filter_finds_incomplete_tickets(self):
        incomplete = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        complete = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer_all_required(complete)
        found = self.Ticket.search(
            [
                ("is_intake_complete", "=", False),
                ("id", "in", (incomplete | complete).ids),
            ]
        )
        self.assertEqual(found, incomplete)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def test_closing_without_required_answers_is_refused_listing_them(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer(ticket, self.q_ip).value_text = "10.0.0.7"
        with self.assertRaises(UserError) as caught:
            ticket.stage_id = self.closed_stage
        message = str(caught.exception)
        self.assertIn("Operating system", message)
        self.assertIn("Disks to format", message)
        self.assertNotIn("Server IP", message)
        self.assertFalse(ticket.closed)

    def test_closing_with_all_required_answers_is_accepted(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.closed)

    def test_answering_and_closing_in_one_save_is_accepted(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        answers = {a.line_id: a for a in ticket.intake_answer_ids}
        ticket.write(
            {
                "stage_id": self.closed_stage.id,
                "intake_answer_ids": [
                    Command.update(answers[self.q_ip].id, {"value_text": "1.2.3.4"}),
                    Command.update(
                        answers[self.q_os].id, {"value_option_id": self.opt_debian.id}
                    ),
                    Command.update(answers[self.q_disks].id, {"value_number": 1}),
                ],
            }
        )
        self.assertTrue(ticket.closed)

    def test_import_of_a_closed_ticket_without_answers_is_refused(self):
        result = self.Ticket.load(
            ["name", "description", "category_id/id", "stage_id/id", "partner_id/id"],
            [
                [
                    "Imported",
                    "<p>x</p>",
                    self._xmlid(self.category_reinstall),
                    self._xmlid(self.closed_stage),
                    self._xmlid(self.customer_std),
                ]
            ],
        )
        self.assertFalse(result["ids"])
        self.assertIn("Server IP", str(result["messages"]))

    def _xmlid(self, record):
        xmlid = record.get_external_id()[record.id]
        if not xmlid:
            xmlid = f"__test__.{record._table}_{record.id}"
            self.env["ir.model.data"].create(
                {
                    "module": "__test__",
                    "name": f"{record._table}_{record.id}",
                    "model": record._name,
                    "res_id": record.id,
                }
            )
        return xmlid

    def test_closing_mail_template_requires_a_resolution_summary(self):
        self.template.closing_mail_template_id = self.closing_mail
        ticket = self._create_ticket(
            self.contact_star, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        with self.assertRaises(UserError) as caught:
            ticket.stage_id = self.closed_stage
        self.assertIn("resolution summary", str(caught.exception))
        self.assertFalse(ticket.closed)

    def test_closing_sends_the_template_mail_with_the_resolution_summary(self):
        self.template.closing_mail_template_id = self.closing_mail
        ticket = self._create_ticket(
            self.contact_star, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        ticket.resolution_summary = "<p>Debian 12 installed with Plesk.</p>"
        ticket.stage_id = self.closed_stage
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("recipient_ids", "in", self.contact_star.id),
                ("subject", "ilike", "Reinstall"),
            ]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.contact_star)
        self.assertIn("Debian 12 installed with Plesk.", mails.body_html)
        # moving between closed stages does not send it again
        other_closed = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True), ("id", "!=", self.closed_stage.id)], limit=1
        )
        ticket.stage_id = other_closed
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("subject", "ilike", "Reinstall"),
                ]
            ),
            1,
        )

    def test_shipped_reply_templates_are_ticket_templates(self):
        for xmlid in (
            "mail_template_payment_public_administration",
            "mail_template_reinstall_confirmation",
            "mail_template_hardware_upgrade_confirmation",
            "mail_template_sysadmin_confirmation",
            "mail_template_ticket_closing",
            "mail_template_followup_status",
        ):
            template = self.env.ref(f"customer_loyalty.{xmlid}")
            self.assertEqual(template.model, "helpdesk.ticket")

    # ------------------------------------------------------------------
    # Access and performance
    # ------------------------------------------------------------------
    def test_agent_answers_but_cannot_edit_templates(self):
        ticket = self._create_ticket(
            self.customer_std,
            category_id=self.category_reinstall.id,
            user_id=self.user_agent.id,
        )
        answer = self._answer(ticket, self.q_ip).with_user(self.user_agent)
        answer.value_text = "192.168.1.1"
        self.assertTrue(answer.is_answered)
        with self.assertRaises(AccessError):
            self.template.with_user(self.user_agent).name = "Hacked"

    def test_direction_reads_answers_but_cannot_change_them(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        answer = self._answer(ticket, self.q_ip).with_user(self.user_direction)
        answer.check_access("read")
        with self.assertRaises(AccessError):
            answer.value_text = "x"

    def _template_with(self, count):
        category = self.env["helpdesk.ticket.category"].create(
            {"name": f"Perf {count}"}
        )
        self.Template.create(
            {
                "name": f"Perf {count}",
                "category_ids": [Command.link(category.id)],
                "line_ids": [
                    Command.create(
                        {
                            "question": f"Q{i}",
                            "answer_type": "text",
                            "is_required": i % 2 == 0,
                        }
                    )
                    for i in range(count)
                ],
            }
        )
        return category

    def _create_counting_queries(self, category):
        """The ticket created in ``category`` and the queries it cost
        (flushed), from cold caches as in a new request."""
        self.env.invalidate_all()
        queries = []
        with contextmanager(self._patchExecute)(queries):
            ticket = self._create_ticket(self.customer_std, category_id=category.id)
        return ticket, queries

    def test_ticket_creation_queries_do_not_grow_with_the_questions(self):
        category_1 = self._template_with(1)
        category_10 = self._template_with(10)
        # warm the caches and sequences
        self._create_counting_queries(category_1)
        self._create_counting_queries(category_10)
        ticket_1, queries_1 = self._create_counting_queries(category_1)
        ticket_10, queries_10 = self._create_counting_queries(category_10)
        self.assertEqual(len(ticket_1.intake_answer_ids), 1)
        self.assertEqual(len(ticket_10.intake_answer_ids), 10)
        self.assertEqual(len(queries_10), len(queries_1), "\n".join(queries_10))
        for queries in (queries_1, queries_10):
            inserts = [
                q
                for q in queries
                if q.lstrip()
                .upper()
                .startswith('INSERT INTO "HELPDESK_TICKET_INTAKE_ANSWER"')
            ]
            self.assertEqual(len(inserts), 1, "one insert batch for the answers")

    def _close_counting_queries(self, category):
        ticket = self._create_ticket(self.customer_std, category_id=category.id)
        for answer in ticket.intake_answer_ids:
            answer.value_text = "ok"
        self.env.flush_all()
        self.env.invalidate_all()
        queries = []
        with contextmanager(self._patchExecute)(queries):
            ticket.stage_id = self.closed_stage
        self.assertTrue(ticket.closed)
        return queries

    def test_ticket_closing_queries_do_not_grow_with_the_questions(self):
        category_1 = self._template_with(1)
        category_10 = self._template_with(10)
        self._close_counting_queries(category_1)
        self._close_counting_queries(category_10)
        queries_1 = self._close_counting_queries(category_1)
        queries_10 = self._close_counting_queries(category_10)
        self.assertEqual(len(queries_10), len(queries_1), "\n".join(queries_10))

    def test_template_of_another_company_is_not_used(self):
        other_company = self.env["res.company"].create({"name": "Other Hosting"})
        # a template of another company may only use shared categories
        self.category_reinstall.company_id = False
        self.template.company_id = other_company
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self.assertFalse(ticket.intake_template_id)
        self.assertFalse(ticket.intake_answer_ids)

    def test_copied_ticket_gets_fresh_unanswered_questions(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        copy = ticket.copy()
        self.assertEqual(len(copy.intake_answer_ids), 5)
        self.assertFalse(copy.intake_answer_ids.filtered("is_answered"))
        self.assertTrue(ticket.is_intake_complete)
