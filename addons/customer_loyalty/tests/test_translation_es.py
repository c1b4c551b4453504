"""The Spanish translation is complete: every term of the addon has a Spanish text.

The terms are not taken from the committed template only: they are extracted again
from the installed addon (data, views, demo records and code) with Odoo's own
exporter, so a string added without being translated makes these tests fail. Run
``tools/update-translations`` to refresh ``i18n/customer_loyalty.pot`` and merge it
into ``i18n/es.po``, then translate the entries it reports.
"""

import re
from collections import Counter

import polib

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import TranslationModuleReader

MODULE = "customer_loyalty"
LANG = "es_ES"
# what a translation must keep exactly: named and positional placeholders,
# inline-template expressions and the QWeb directives of mail templates
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\bt-[\w-]+=\"[^\"]*\"")
HINT = "run tools/update-translations and translate the entries it reports"


@tagged("post_install", "-at_install")
class TestSpanishTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        i18n = f"{get_module_path(MODULE)}/i18n"
        cls.pot = polib.pofile(f"{i18n}/{MODULE}.pot")
        cls.po = polib.pofile(f"{i18n}/es.po")
        cls.po_by_msgid = {e.msgid: e for e in cls.po if not e.obsolete}
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms([MODULE], [LANG], overwrite=True)
        # every term of the installed addon, with its current Spanish value
        cls.live_terms = [
            (source, value, f"{ttype}:{name}")
            for module, ttype, name, _res_id, source, value, _comments in (
                TranslationModuleReader(cls.env.cr, modules=[MODULE], lang=LANG)
            )
            if module == MODULE
        ]

    def _missing(self, msgids):
        return sorted(
            msgid
            for msgid in msgids
            if msgid not in self.po_by_msgid
            or not self.po_by_msgid[msgid].msgstr.strip()
            or self.po_by_msgid[msgid].fuzzy
        )

    def test_every_template_entry_is_translated(self):
        msgids = [e.msgid for e in self.pot if not e.obsolete]
        self.assertGreater(len(msgids), 1000, "the template lost most of its entries")
        missing = self._missing(msgids)
        self.assertFalse(
            missing,
            f"{len(missing)} entries of the .pot are untranslated or fuzzy in "
            f"es.po ({HINT}): {missing[:20]}",
        )

    def test_every_term_of_the_installed_addon_is_translated(self):
        self.assertTrue(self.live_terms)
        missing = self._missing({source for source, _value, _where in self.live_terms})
        self.assertFalse(
            missing,
            f"{len(missing)} terms of the installed addon have no Spanish translation "
            f"({HINT}): {missing[:20]}",
        )

    def test_template_is_current(self):
        template = {e.msgid for e in self.pot if not e.obsolete}
        stale = sorted(
            {source for source, _value, _where in self.live_terms} - template
        )
        self.assertFalse(
            stale,
            f"{len(stale)} terms of the addon are not in customer_loyalty.pot "
            f"({HINT}): {stale[:20]}",
        )

    def test_translations_keep_placeholders(self):
        broken = [
            entry.msgid
            for entry in self.po
            if entry.msgstr
            and Counter(PLACEHOLDER.findall(entry.msgid))
            != Counter(PLACEHOLDER.findall(entry.msgstr))
        ]
        self.assertFalse(broken, f"translations changing a placeholder: {broken[:10]}")

    def test_loaded_translations_reach_the_records(self):
        """Every data and code term reads in Spanish through the ORM in es_ES."""
        wrong = []
        for source, value, where in self.live_terms:
            entry = self.po_by_msgid.get(source)
            if entry is None or entry.msgstr == source:
                continue  # missing entries are reported above; same text in Spanish
            if value != entry.msgstr:
                wrong.append((where, source[:60], value[:60]))
        self.assertFalse(
            wrong, f"{len(wrong)} terms do not read in Spanish: {wrong[:10]}"
        )

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
