from odoo import api, fields, models
from odoo.exceptions import ValidationError

ANSWER_TYPES = [
    ("text", "Text"),
    ("number", "Number"),
    ("date", "Date"),
    ("boolean", "Yes / No"),
    ("choice", "Choice"),
]


class HelpdeskIntakeTemplateLine(models.Model):
    _name = "helpdesk.intake.template.line"
    _description = "Helpdesk Intake Question"
    _order = "sequence, id"
    _rec_name = "question"

    template_id = fields.Many2one(
        "helpdesk.intake.template",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    question = fields.Char(required=True, translate=True)
    help_text = fields.Char(
        string="Help",
        translate=True,
        help="Explanation shown under the question to the agent and the customer.",
    )
    answer_type = fields.Selection(ANSWER_TYPES, required=True, default="text")
    option_ids = fields.One2many(
        "helpdesk.intake.option",
        "line_id",
        string="Options",
        copy=True,
    )
    is_required = fields.Boolean(
        string="Required",
        help="A ticket cannot be closed while a required question is unanswered.",
    )
    active = fields.Boolean(default=True)

    def write(self, vals):
        res = super().write(vals)
        if {"question", "help_text"} & vals.keys():
            self.env["helpdesk.ticket.intake.answer"]._copy_line_texts(
                line_ids=self.ids
            )
        return res

    def update_field_translations(self, field_name, translations, source_lang=None):
        res = super().update_field_translations(
            field_name, translations, source_lang=source_lang
        )
        if field_name in ("question", "help_text"):
            self.env["helpdesk.ticket.intake.answer"]._copy_line_texts(
                line_ids=self.ids
            )
        return res

    @api.constrains("answer_type", "option_ids")
    def _check_option_ids(self):
        for line in self:
            if line.answer_type != "choice" and line.option_ids:
                raise ValidationError(
                    self.env._(
                        "Only choice questions have options: remove the options of "
                        "%(question)s or make it a choice question.",
                        question=line.question,
                    )
                )
