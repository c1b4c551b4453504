from odoo import fields, models


class ImprovementProjectDeliverable(models.Model):
    """What a project leaves behind: templates, procedures, flowcharts."""

    _name = "improvement.project.deliverable"
    _description = "Improvement Project Deliverable"
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
    mail_template_id = fields.Many2one("mail.template", ondelete="set null")
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
