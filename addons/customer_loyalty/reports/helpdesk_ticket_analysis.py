from odoo import api, fields, models
from odoo.tools import SQL

from ..models.cron_lock import rows_deleted_since
from ..models.helpdesk_ticket_classification import CONTACT_TYPES

# Averages shown in the pivot are weighted: sum of the numerators over the sum
# of the denominators of the grouped rows, never an average of averages.
WEIGHTED_AVERAGES = {
    "resolution_hours": ("resolution_hours_sum", "closed_count", 1.0),
    "first_response_hours": ("first_response_hours_sum", "responded_count", 1.0),
    "within_target_rate": ("within_target_count", "with_target_count", 100.0),
    "contacts_per_ticket": ("contact_sum", "closed_count", 1.0),
}

DIMENSIONS = [
    "month",
    "company_id",
    "customer_segment_id",
    "team_id",
    "category_id",
    "channel_id",
    "contact_type",
    "priority",
    "customer_type_id",
]


class HelpdeskTicketAnalysis(models.Model):
    """Tickets aggregated by creation month, segment, team, category, channel,
    contact type and priority: a cron-filled table, so that pivots and graphs
    on a million tickets read a few thousand rows and never scan
    ``helpdesk_ticket``.

    Months whose tickets changed since the last refresh are rebuilt with one
    DELETE and one INSERT ... SELECT (:meth:`_refresh_months`).
    """

    _name = "helpdesk.ticket.analysis"
    _inherit = ["customer.monthly.report", "customer.report.recent.first"]
    _description = "Ticket Analysis"
    _refresh_marker = "customer_loyalty.ticket_analysis_refreshed_at"
    _weighted_averages = WEIGHTED_AVERAGES
    # rows ever deleted from the ticket table when the last refresh looked
    _deleted_marker = "customer_loyalty.ticket_analysis_deleted_rows"
    _order = "month desc"
    _rec_name = "month"

    month = fields.Date(string="Opened in", readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    customer_segment_id = fields.Many2one(
        "customer.segment", string="Segment", readonly=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    contact_type = fields.Selection(CONTACT_TYPES, readonly=True)
    customer_type_id = fields.Many2one("customer.type", readonly=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        readonly=True,
    )
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    closed_count = fields.Integer(string="Closed", readonly=True)
    open_count = fields.Integer(string="Pending", readonly=True)
    resolution_hours_sum = fields.Float(readonly=True)
    responded_count = fields.Integer(string="Answered", readonly=True)
    first_response_hours_sum = fields.Float(readonly=True)
    with_target_count = fields.Integer(string="Closed with Target", readonly=True)
    within_target_count = fields.Integer(string="Closed within Target", readonly=True)
    contact_sum = fields.Integer(
        string="Customer Contacts",
        readonly=True,
        help="Customer contacts (inbound messages and logged calls) of the "
        "closed tickets.",
    )
    resolution_hours = fields.Float(
        string="Avg Resolution (h)", readonly=True, aggregator="avg"
    )
    first_response_hours = fields.Float(
        string="Avg First Response (h)", readonly=True, aggregator="avg"
    )
    within_target_rate = fields.Float(
        string="Within Target (%)", readonly=True, aggregator="avg"
    )
    contacts_per_ticket = fields.Float(
        string="Contacts per Ticket",
        readonly=True,
        aggregator="avg",
        help="Customer contacts per closed ticket.",
    )

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS helpdesk_ticket_analysis_month_segment_idx"
                " ON helpdesk_ticket_analysis (month, customer_segment_id)"
            )
        )

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------
    @api.model
    def _refresh_months(self, months=None):
        """Rebuild the rows of ``months`` (first days of month), or all rows."""
        self.env.flush_all()
        cr = self.env.cr
        if months is not None and not months:
            return
        months = self._delete_months(months)
        if months is None:
            month_clause = SQL()
        else:
            month_clause = SQL(
                " AND date_trunc('month', t.create_date)::date = ANY(%s)"
                " AND t.create_date >= %s",
                months,
                months[0],
            )
        cr.execute(
            SQL(
                """
                INSERT INTO helpdesk_ticket_analysis
                    (month, company_id, customer_segment_id, team_id, category_id,
                     channel_id, contact_type, priority, customer_type_id,
                     ticket_count,
                     closed_count, open_count, resolution_hours_sum,
                     responded_count, first_response_hours_sum,
                     with_target_count, within_target_count, contact_sum,
                     resolution_hours, first_response_hours, within_target_rate,
                     contacts_per_ticket, create_uid, create_date, write_uid,
                     write_date)
                SELECT g.*,
                       g.resolution_hours_sum / NULLIF(g.closed_count, 0),
                       g.first_response_hours_sum / NULLIF(g.responded_count, 0),
                       100.0 * g.within_target_count
                           / NULLIF(g.with_target_count, 0),
                       g.contact_sum::float / NULLIF(g.closed_count, 0),
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM (
                    SELECT date_trunc('month', t.create_date)::date AS month,
                           t.company_id, t.customer_segment_id, t.team_id,
                           t.category_id, t.channel_id, t.contact_type,
                           t.priority, t.customer_type_id,
                           count(*) AS ticket_count,
                           count(*) FILTER (WHERE s.closed) AS closed_count,
                           count(*) FILTER (WHERE NOT s.closed) AS open_count,
                           coalesce(sum(extract(epoch FROM t.closed_date
                                                 - t.create_date) / 3600.0)
                               FILTER (WHERE s.closed), 0)
                               AS resolution_hours_sum,
                           count(t.first_response_date) AS responded_count,
                           coalesce(sum(extract(epoch FROM t.first_response_date
                                                 - t.create_date) / 3600.0), 0)
                               AS first_response_hours_sum,
                           count(*) FILTER (WHERE s.closed
                               AND t.resolution_deadline IS NOT NULL)
                               AS with_target_count,
                           count(*) FILTER (WHERE s.closed
                               AND t.closed_date <= t.resolution_deadline)
                               AS within_target_count,
                           coalesce(sum(t.customer_contact_count)
                               FILTER (WHERE s.closed), 0) AS contact_sum
                      FROM helpdesk_ticket t
                      JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                     WHERE t.active%(months)s
                     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
                  ) g
                """,
                uid=self.env.uid,
                months=month_clause,
            )
        )
        self.invalidate_model()

    @api.model
    def _changed_months(self, since):
        return self._month_of_rows_written_since(
            "helpdesk_ticket", SQL("create_date"), since
        )

    @api.model
    def _deleted_months(self):
        """Months whose active tickets no longer add up to the tickets of the
        table: a ticket of theirs was deleted. Counted only after deletions
        from the ticket table (:func:`rows_deleted_since`); archiving needs
        no count, it writes the ticket."""
        changed, deleted = rows_deleted_since(
            self.env, self._deleted_marker, ["helpdesk_ticket"]
        )
        if not changed:
            return []
        self.env.cr.execute(
            SQL(
                """
                SELECT month
                  FROM (SELECT month, sum(ticket_count) AS n
                          FROM helpdesk_ticket_analysis GROUP BY month) a
                  FULL JOIN (SELECT date_trunc('month', create_date)::date AS month,
                                    count(*) AS n
                               FROM helpdesk_ticket
                              WHERE active
                              GROUP BY 1) t USING (month)
                 WHERE a.n IS DISTINCT FROM t.n
                """
            )
        )
        months = [row[0] for row in self.env.cr.fetchall()]
        self.env["ir.config_parameter"].sudo().set_param(self._deleted_marker, deleted)
        return months
