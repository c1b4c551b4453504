"""The indexes of the ticket table.

Every index is paid on each ticket created (one more entry to insert) and on
most writes, and the ticket table is the largest one a helpdesk has. The
addon adds the indexes its reports, crons and lists need, and replaces two
single-column indexes of helpdesk_mgmt that its own make useless:

- ``stage_id``: every index of the addon on the stage leads with it, so any
  search on the stage (and the foreign-key check when a stage is deleted)
  uses one of them;
- ``sequence``: the manual order of tickets, 10 on almost every ticket; only
  read in the list's default order, which has its own index.

The addon's indexes on helpdesk_mgmt's columns are dropped at its uninstall
and helpdesk_mgmt's two indexes are created again (``hooks.uninstall_hook``):
the database is left with the indexes helpdesk_mgmt declares.
"""

from odoo import fields, models
from odoo.tools import SQL

# name, indexed columns, INCLUDE columns, WHERE condition
TICKET_INDEXES = (
    # a customer's tickets (partner smart buttons, portal)
    ("helpdesk_ticket_partner_idx", "partner_id", "", ""),
    # a customer's tickets by month (snapshots)
    (
        "helpdesk_ticket_commercial_partner_date_idx",
        "commercial_partner_id, create_date",
        "",
        "",
    ),
    # one segment, one month (the drill-down of the analysis)
    (
        "helpdesk_ticket_segment_create_date_idx",
        "customer_segment_id, create_date",
        "",
        "",
    ),
    # the default order of the list, for the first page without a sort
    (
        "helpdesk_ticket_default_order_idx",
        "priority DESC, sequence, number DESC, id DESC",
        "",
        "",
    ),
    # the tickets closed / first answered in a month (ticket KPIs)
    (
        "helpdesk_ticket_company_closed_date_idx",
        "company_id, closed_date",
        "",
        "closed_date IS NOT NULL",
    ),
    (
        "helpdesk_ticket_company_first_response_date_idx",
        "company_id, first_response_date",
        "",
        "first_response_date IS NOT NULL",
    ),
    # the complaints (complaints register, complaint KPIs by month): a few
    # tickets in a hundred, the others pay nothing for it
    (
        "helpdesk_ticket_complaint_idx",
        "company_id, create_date",
        "",
        "contact_type = 'complaint'",
    ),
    # the closed tickets not considered yet by the survey sending cron
    (
        "helpdesk_ticket_survey_pending_idx",
        "closed_date",
        "",
        "survey_status IS NULL AND closed_date IS NOT NULL",
    ),
    # the duplicates of a ticket, read by every ticket form (helpdesk_mgmt's
    # duplicate count): without it each form open scanned the ticket table
    # (0.1 s at a million tickets); a ticket that is no duplicate, nearly
    # all of them, is not in it
    (
        "helpdesk_ticket_duplicate_idx",
        "duplicate_id",
        "",
        "duplicate_id IS NOT NULL",
    ),
    # the tickets written since a time (incremental reporting refresh)
    ("helpdesk_ticket_write_date_idx", "write_date", "", ""),
    # a kanban column of one stage, its first cards in the default order:
    # read in the index's order rather than every ticket of the stage sorted
    # (the open tickets lie on as many pages as tickets)
    (
        "helpdesk_ticket_stage_order_idx",
        "stage_id, priority DESC, sequence, number DESC, id DESC",
        "",
        "",
    ),
    # the tickets of each stage counted, with the sums the kanban shows,
    # from the index alone (no visit of the ticket pages)
    (
        "helpdesk_ticket_stage_counts_idx",
        "stage_id",
        "active, company_id, color, intake_required_count",
        "",
    ),
)

# indexes of helpdesk_mgmt the addon replaces: name, column
REPLACED_INDEXES = (
    ("helpdesk_ticket__stage_id_index", "stage_id"),
    ("helpdesk_ticket__sequence_index", "sequence"),
)

# indexes of earlier versions of the addon, replaced by those above
FORMER_INDEXES = ("helpdesk_ticket__contact_type_index",)


def drop_ticket_indexes(cr):
    """Uninstall: drop the addon's indexes on the ticket table and create
    helpdesk_mgmt's own again."""
    for name, *__ in TICKET_INDEXES:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
    for name, column in REPLACED_INDEXES:
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (%s)",
                SQL.identifier(name),
                SQL.identifier(column),
            )
        )


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    stage_id = fields.Many2one(index=False)
    sequence = fields.Integer(index=False)

    def init(self):
        res = super().init()
        cr = self.env.cr
        # Odoo keeps an index a field no longer declares: dropped here
        for name in (*(name for name, __ in REPLACED_INDEXES), *FORMER_INDEXES):
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
        for name, columns, include, where in TICKET_INDEXES:
            cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (%s)%s%s",
                    SQL.identifier(name),
                    SQL(columns),
                    SQL(" INCLUDE (%s)", SQL(include)) if include else SQL(),
                    SQL(" WHERE %s", SQL(where)) if where else SQL(),
                )
            )
        return res
