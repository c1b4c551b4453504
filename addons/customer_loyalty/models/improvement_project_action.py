from odoo import api, fields, models

from .loyalty_access import USER_GROUP, check_loyalty_group


class ImprovementProjectAction(models.Model):
    """A commitment of an improvement project: who does what by when."""

    _name = "improvement.project.action"
    _description = "Improvement Project Action"
    _check_company_auto = True
    _order = "state desc, date_deadline, id"

    project_id = fields.Many2one(
        "improvement.project", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    meeting_id = fields.Many2one(
        "improvement.project.meeting",
        string="Decided In",
        domain="[('project_id', '=', project_id)]",
        ondelete="set null",
        check_company=True,
    )
    name = fields.Char(string="Action", required=True, translate=True)
    responsible_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, check_company=True
    )
    date_deadline = fields.Date(string="Deadline")
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="todo",
        index=True,
    )
    date_done = fields.Date(string="Done On", readonly=True)
    note = fields.Text()
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state == "todo"
                and action.date_deadline
                and action.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "todo"),
            ("date_deadline", "!=", False),
            ("date_deadline", "<", today),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain]

    def action_done(self):
        check_loyalty_group(self.env, USER_GROUP)
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})

    def action_cancel(self):
        check_loyalty_group(self.env, USER_GROUP)
        self.write({"state": "cancelled", "date_done": False})

    def action_reset(self):
        check_loyalty_group(self.env, USER_GROUP)
        self.write({"state": "todo", "date_done": False})
