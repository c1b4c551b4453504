"""The Spanish translation is complete: every term of the addon has a Spanish text.

The terms are not taken from the committed template only: they are extracted again
from the installed addon (data, views, demo records and code) with Odoo's own
exporter, so a string added without being translated makes these tests fail. Run
``tools/update-translations`` to refresh ``i18n/customer_loyalty.pot`` and merge it
into ``i18n/es.po``, then translate the entries it reports.
"""

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .translation_common import LANG, SpanishTranslationChecks

MODULE = "customer_loyalty"


@tagged("post_install", "-at_install")
class TestSpanishTranslation(SpanishTranslationChecks, TransactionCase):
    """The checks every addon of the project shares, plus what only the main
    addon has: a template of over a thousand entries and known texts."""

    module = MODULE

    def test_template_keeps_its_entries(self):
        msgids = [e.msgid for e in self.pot if not e.obsolete]
        self.assertGreater(len(msgids), 1000, "the template lost most of its entries")
        self.assertTrue(self.live_terms)

    def test_spot_checks_in_spanish(self):
        env = self.env(context=dict(self.env.context, lang=LANG))
        kpi_fields = env["customer.kpi"].fields_get(["formula", "computation"])
        self.assertEqual(kpi_fields["formula"]["string"], "Fórmula")
        self.assertIn(
            ("manual", "Valores manuales"), kpi_fields["computation"]["selection"]
        )
        segment_fields = env["customer.segment"].fields_get(["survey_send_mode"])
        self.assertIn(
            ("weekly", "Lote semanal de tickets no inmediatos"),
            segment_fields["survey_send_mode"]["selection"],
        )
        self.assertEqual(
            env.ref(f"{MODULE}.improvement_project_menu").name, "Proyectos SMART"
        )
        self.assertEqual(
            env.ref(f"{MODULE}.survey_preferential_satisfaction_q10").title,
            "¿Nos recomendaría?",
        )
        self.assertEqual(
            env.ref(f"{MODULE}.survey_preferential_satisfaction").title,
            "Encuesta de satisfacción de los clientes con atención preferente",
        )
        template = env.ref(f"{MODULE}.mail_template_survey_campaign")
        self.assertEqual(
            template.subject, "{{ object.survey_id.display_name }}: su opinión importa"
        )
        self.assertIn("Responder a la encuesta", template.body_html)
        self.assertIn('t-att-href="object.get_start_url()"', template.body_html)
        project = env.ref(f"{MODULE}.improvement_project_demo_smart1")
        project.participant_survey_id = False
        with self.assertRaisesRegex(
            UserError, "Elija primero la encuesta de participantes"
        ):
            project.action_send_participant_survey()
        # English stays English
        self.assertEqual(
            self.env(context={"lang": "en_US"})
            .ref(f"{MODULE}.survey_preferential_satisfaction_q10")
            .title,
            "Would you recommend us?",
        )
