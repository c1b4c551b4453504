from contextlib import contextmanager

from odoo.exceptions import UserError
from odoo.tests import tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestIntakeSpanish(IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_spanish()

    def test_shipped_mail_templates_exist_in_spanish(self):
        template = self.env.ref(
            "customer_loyalty.mail_template_payment_public_administration"
        ).with_context(lang="es_ES")
        self.assertIn("Cómo pagar sus facturas", template.subject)
        self.assertIn("administración pública", template.body_html)
        self.assertIn("t-out=", template.body_html)

    def test_closing_refusal_is_translated(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        ).with_context(lang="es_ES")
        with self.assertRaisesRegex(UserError, "le faltan las respuestas"):
            ticket.stage_id = self.closed_stage

    def test_spanish_customer_receives_the_closing_mail_in_spanish(self):
        self.contact_star.lang = "es_ES"
        self.template.closing_mail_template_id = self.closing_mail
        ticket = self._create_ticket(
            self.contact_star, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        ticket.resolution_summary = "<p>Debian 12 instalado.</p>"
        ticket.stage_id = self.closed_stage
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("recipient_ids", "in", self.contact_star.id),
                ("subject", "ilike", "Reinstalación"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("Debian 12 instalado.", mail.body_html)
        self.assertIn("ha terminado", mail.body_html)

    def test_answers_keep_the_question_in_every_language(self):
        line = self.q_ip
        line.update_field_translations("question", {"es_ES": "IP del servidor"})
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        answer = ticket.intake_answer_ids.filtered(lambda a: a.line_id == line)
        self.assertEqual(answer.question, "Server IP")
        self.assertEqual(answer.with_context(lang="es_ES").question, "IP del servidor")
        # a later translation or rewording reaches the answers already given
        line.update_field_translations("question", {"es_ES": "IP pública del servidor"})
        self.assertEqual(
            answer.with_context(lang="es_ES").question, "IP pública del servidor"
        )
        line.write({"question": "Public IP of the server", "help_text": "IPv4"})
        self.assertEqual(
            (answer.question, answer.help_text, answer.display_name),
            ("Public IP of the server", "IPv4", "Public IP of the server"),
        )
        self.assertEqual(
            answer.with_context(lang="es_ES").question, "IP pública del servidor"
        )

    def test_the_ticket_form_lists_answers_without_reading_the_questions(self):
        ticket = self._create_ticket(
            self.customer_std, category_id=self.category_reinstall.id
        )
        self._answer_all_required(ticket)
        self.env.flush_all()
        self.env.invalidate_all()
        queries = []
        with contextmanager(self._patchExecute)(queries):
            rows = ticket.intake_answer_ids.web_read(
                {
                    name: {}
                    for name in (
                        "question",
                        "help_text",
                        "answer_type",
                        "is_required",
                        "value_display",
                        "is_answered",
                        "value_text",
                    )
                }
            )
        self.assertEqual(len(rows), len(self.template.line_ids))
        self.assertTrue(all(row["question"] for row in rows))
        self.assertFalse(
            [q for q in queries if "helpdesk_intake_template_line" in q],
            "\n".join(queries),
        )
