from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ImprovementProjectMeeting(models.Model):
    """Training, group or review meeting of an improvement project."""

    _name = "improvement.project.meeting"
    _description = "Improvement Project Meeting"
    _check_company_auto = True
    _order = "project_id, date, sequence, id"

    project_id = fields.Many2one(
        "improvement.project", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Topic", required=True, translate=True)
    meeting_type = fields.Selection(
        [("training", "Training"), ("group", "Group"), ("review", "Review")],
        string="Type",
        required=True,
        default="group",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    attendee_ids = fields.Many2many(
        "res.users",
        "improvement_project_meeting_attendee_rel",
        "meeting_id",
        "user_id",
        string="Attendees",
        check_company=True,
    )
    absentee_ids = fields.Many2many(
        "res.users",
        "improvement_project_meeting_absentee_rel",
        "meeting_id",
        "user_id",
        string="Absentees",
        check_company=True,
    )
    minutes = fields.Html()
    decisions = fields.Text(translate=True)

    @api.constrains("date", "project_id")
    def _check_date(self):
        for meeting in self:
            if meeting.date < meeting.project_id.date_start:
                raise ValidationError(
                    self.env._(
                        "The meeting %(meeting)s (%(date)s) is dated before the "
                        "start of the project %(project)s (%(start)s).",
                        meeting=meeting.name,
                        date=meeting.date,
                        project=meeting.project_id.display_name,
                        start=meeting.project_id.date_start,
                    )
                )

    @api.constrains("attendee_ids", "absentee_ids")
    def _check_attendance(self):
        for meeting in self:
            both = meeting.attendee_ids & meeting.absentee_ids
            if both:
                raise ValidationError(
                    self.env._(
                        "%(people)s cannot both attend and be absent from the "
                        "meeting %(meeting)s.",
                        people=", ".join(both.mapped("name")),
                        meeting=meeting.name,
                    )
                )
