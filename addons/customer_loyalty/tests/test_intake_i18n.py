from odoo.exceptions import UserError
from odoo.tests import tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestIntakeSpanish(IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"]._load_module_terms(
            ["customer_loyalty"], ["es_ES"], overwrite=True
        )

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
