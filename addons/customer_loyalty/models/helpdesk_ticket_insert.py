from odoo import fields, models


class HelpdeskTicket(models.Model):
    """A new ticket is inserted with all its stored computed fields.

    helpdesk_mgmt computes the ticket's team, assignee, stage and "unattended"
    flag after the insert, which costs one more statement: an UPDATE of the
    row just inserted, and every index of the ticket table gets a second
    entry for it (the row is rewritten). Computed before the insert (in the
    ORM's batch of the created records), they go into the INSERT with the
    addon's own computed fields (segment deadlines, intake template and
    counters, survey score), which the ORM only precomputes when the fields
    they depend on are precomputed too. The values are the same: the same
    compute methods run on the same values, only earlier.
    """

    _inherit = "helpdesk.ticket"

    user_id = fields.Many2one(compute="_compute_user_id", store=True, precompute=True)
    team_id = fields.Many2one(compute="_compute_team_id", store=True, precompute=True)
    stage_id = fields.Many2one(compute="_compute_stage_id", store=True, precompute=True)
    unattended = fields.Boolean(
        related="stage_id.unattended", store=True, precompute=True
    )
