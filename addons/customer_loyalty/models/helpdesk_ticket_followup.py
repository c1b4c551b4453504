from odoo import api, fields, models


class HelpdeskTicketFollowup(models.Model):
    """One proactive status update sent to the customer of an open ticket
    ``is_on_time`` counts for "% follow-ups on time"."""

    _name = "helpdesk.ticket.followup"
    _description = "Helpdesk Ticket Follow-up"
    _order = "sent_date desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    customer_segment_id = fields.Many2one(
        related="ticket_id.customer_segment_id", store=True
    )
    user_id = fields.Many2one(related="ticket_id.user_id", string="Agent")
    due_date = fields.Date(required=True, index=True)
    sent_date = fields.Datetime(index=True)
    message_id = fields.Many2one("mail.message", ondelete="set null", readonly=True)
    is_on_time = fields.Boolean(
        string="On Time",
        compute="_compute_is_on_time",
        store=True,
        help="The update was sent no later than its due date.",
    )

    @api.depends("due_date", "sent_date")
    def _compute_is_on_time(self):
        for followup in self:
            followup.is_on_time = bool(
                followup.sent_date
                and followup.due_date
                and followup.sent_date.date() <= followup.due_date
            )
