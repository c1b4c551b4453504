"""Checks that an addon's Spanish translation is complete, for customer_loyalty
and the addons beside it (its demo addon and its bridges).

A test class mixes ``SpanishTranslationChecks`` into ``TransactionCase`` and sets
``module``. The terms are extracted again from the installed addon with Odoo's own
exporter, so a string added without being translated makes the checks fail:
``tools/update-translations --module=<addon>`` refreshes the addon's ``.pot`` and
``es.po`` and lists what is left to translate.
"""

import re
from collections import Counter

import polib

from odoo.modules.module import get_module_path
from odoo.tools.translate import TranslationModuleReader

LANG = "es_ES"
# what a translation must keep exactly: named and positional placeholders,
# inline-template expressions, QWeb directives and the {name} fields that code
# replaces in a stored text
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\bt-[\w-]+=\"[^\"]*\"|\{\w+\}"
)


class SpanishTranslationChecks:
    module = None
    # Odoo's runner collects only the test methods a test class defines
    # itself unless the class allows inherited ones: these checks are all
    # inherited
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        i18n = f"{get_module_path(cls.module)}/i18n"
        cls.pot = polib.pofile(f"{i18n}/{cls.module}.pot")
        cls.po = polib.pofile(f"{i18n}/es.po")
        cls.po_by_msgid = {e.msgid: e for e in cls.po if not e.obsolete}
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms(
            [cls.module], [LANG], overwrite=True
        )
        cls.live_terms = [
            (source, value, f"{ttype}:{name}")
            for module, ttype, name, _res_id, source, value, _comments in (
                TranslationModuleReader(cls.env.cr, modules=[cls.module], lang=LANG)
            )
            if module == cls.module
        ]

    def _hint(self):
        return (
            f"run tools/update-translations --module={self.module} and translate "
            "the entries it reports"
        )

    def _missing(self, msgids):
        return sorted(
            msgid
            for msgid in msgids
            if msgid not in self.po_by_msgid
            or not self.po_by_msgid[msgid].msgstr.strip()
            or self.po_by_msgid[msgid].fuzzy
        )

    def test_every_term_is_translated(self):
        msgids = {e.msgid for e in self.pot if not e.obsolete}
        msgids |= {source for source, _value, _where in self.live_terms}
        missing = self._missing(msgids)
        self.assertFalse(
            missing,
            f"{len(missing)} terms of {self.module} are untranslated or fuzzy in "
            f"es.po ({self._hint()}): {missing[:20]}",
        )

    def test_template_is_current(self):
        template = {e.msgid for e in self.pot if not e.obsolete}
        stale = sorted(
            {source for source, _value, _where in self.live_terms} - template
        )
        self.assertFalse(
            stale,
            f"{len(stale)} terms of {self.module} are not in its .pot "
            f"({self._hint()}): {stale[:20]}",
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
