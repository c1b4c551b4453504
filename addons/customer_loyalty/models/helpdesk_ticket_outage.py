from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    """An incident that took a service down: its start and end give the
    availability of the service in the customer's monthly service report."""

    _inherit = "helpdesk.ticket"

    is_outage = fields.Boolean(
        string="Service Outage",
        tracking=True,
        help="The incident made the service unavailable: the outage counts in "
        "the availability of the monthly service report.",
        groups="base.group_user",
    )
    outage_service_id = fields.Many2one(
        "product.product",
        string="Service Down",
        tracking=True,
        help="Service that was unavailable (one line of the availability table).",
        groups="base.group_user",
        check_company=True,
    )
    outage_start = fields.Datetime(tracking=True, groups="base.group_user")
    outage_end = fields.Datetime(
        tracking=True,
        help="Empty while the service is still down.",
        groups="base.group_user",
    )

    @api.constrains("is_outage", "outage_start", "outage_end")
    def _check_outage(self):
        for ticket in self.filtered("is_outage"):
            if not ticket.outage_start:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is an outage: give the time the service went down.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.outage_end and ticket.outage_end < ticket.outage_start:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s: the outage cannot end before it starts.",
                        ticket=ticket.display_name,
                    )
                )
