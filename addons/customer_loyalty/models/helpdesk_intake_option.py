from odoo import fields, models


class HelpdeskIntakeOption(models.Model):
    _name = "helpdesk.intake.option"
    _description = "Helpdesk Intake Question Option"
    _order = "sequence, id"

    line_id = fields.Many2one(
        "helpdesk.intake.template.line",
        string="Question",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
