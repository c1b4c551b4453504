from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """Translations loaded from the modules' .po files (a language
        installed or updated) reach the questions copied on intake answers."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "helpdesk.ticket.intake.answer" in self.env:
            self.env["helpdesk.ticket.intake.answer"]._copy_line_texts(outdated=True)
        return res
