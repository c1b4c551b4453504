from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.loyalty_access import USER_GROUP, check_loyalty_group


class HelpdeskTicketDerive(models.TransientModel):
    _name = "helpdesk.ticket.derive"
    _description = "Derive a Helpdesk Ticket"
    _check_company_auto = True

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id")
    current_team_id = fields.Many2one(related="ticket_id.team_id")
    current_user_id = fields.Many2one(related="ticket_id.user_id")
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="New Team", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="New Assignee",
        domain="team_id and [('share', '=', False), ('id', 'in', team_user_ids)] "
        "or [('share', '=', False)]",
        check_company=True,
    )
    team_user_ids = fields.Many2many(related="team_id.user_ids")
    reason = fields.Text(required=True)

    @api.constrains("reason")
    def _check_reason(self):
        for wizard in self:
            if not (wizard.reason or "").strip():
                raise ValidationError(self.env._("Tell why the ticket is derived."))

    def action_derive(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        # deriving writes the ticket: only one the user may change
        self.ticket_id.check_access("write")
        if not self.team_id and not self.user_id:
            raise UserError(
                self.env._("Choose the team or the user who takes the ticket.")
            )
        if (
            self.team_id == self.ticket_id.team_id
            and self.user_id == self.ticket_id.user_id
        ) or (not self.team_id and self.user_id == self.ticket_id.user_id):
            raise UserError(
                self.env._(
                    "The ticket already belongs to this team and user: choose "
                    "another one."
                )
            )
        self.ticket_id._derive(self.team_id, self.user_id, self.reason.strip())
        return {"type": "ir.actions.act_window_close"}
