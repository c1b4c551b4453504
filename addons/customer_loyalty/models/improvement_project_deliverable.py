from odoo import fields, models
from odoo.exceptions import UserError

from .loyalty_access import DIRECTION_GROUP, USER_GROUP, check_loyalty_group


class ImprovementProjectDeliverable(models.Model):
    """What a project leaves behind: templates, procedures, flowcharts."""

    _name = "improvement.project.deliverable"
    _description = "Improvement Project Deliverable"
    _check_company_auto = True
    _order = "project_id, sequence, id"

    project_id = fields.Many2one(
        "improvement.project", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    deliverable_type = fields.Selection(
        [
            ("intake_template", "Intake Template"),
            ("mail_template", "Mail Template"),
            ("procedure", "Procedure"),
            ("flowchart", "Flowchart"),
            ("survey", "Survey"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="procedure",
    )
    intake_template_id = fields.Many2one(
        "helpdesk.intake.template",
        ondelete="set null",
        help="Intake template the project introduced.",
        check_company=True,
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        ondelete="set null",
        domain="[('model', '=', 'helpdesk.ticket')]",
        help="Ready-made reply the project introduced.",
    )
    survey_id = fields.Many2one("survey.survey", ondelete="set null")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "improvement_project_deliverable_attachment_rel",
        "deliverable_id",
        "attachment_id",
        string="Files",
    )
    url = fields.Char(string="Link")
    description = fields.Text(translate=True)

    def action_open_record(self):
        """Open the intake template, mail template or survey delivered."""
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        record = {
            "intake_template": self.intake_template_id,
            "mail_template": self.mail_template_id,
            "survey": self.survey_id,
        }.get(self.deliverable_type)
        if not record:
            raise UserError(
                self.env._(
                    "The deliverable %(name)s links to no record: choose the "
                    "template or survey it delivered, or attach its files.",
                    name=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }
