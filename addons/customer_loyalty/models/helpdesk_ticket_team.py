from odoo import models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    def write(self, vals):
        if "company_id" in vals:
            # new tickets read the company of each segment's default team
            # from the registry cache (customer.segment._ticket_companies)
            self.env.registry.clear_cache()
        return super().write(vals)
