"""Ticket KPIs: resolution and response times, deadlines met, complaints,
customer contacts and follow-ups on time."""

from odoo import fields, models
from odoo.tools import SQL


class CustomerKpi(models.Model):
    _inherit = "customer.kpi"

    formula = fields.Selection(
        selection_add=[
            ("resolution_hours", "Average resolution time"),
            ("first_response_hours", "Average first response time"),
            ("within_target_rate", "Tickets closed within segment target"),
            ("complaints", "Complaints"),
            ("complaint_resolution_hours", "Average resolution time of complaints"),
            ("contacts_per_ticket", "Customer contacts per ticket"),
            ("followup_on_time_rate", "Follow-ups on time"),
        ]
    )

    def _ticket_stats(self, date_field, expression, where=None):
        """``expression`` aggregated over the tickets of the company whose
        ``date_field`` falls in the window, by the ticket's segment (the
        customer's segment when the ticket was opened)."""
        company = SQL("t.company_id = %s", self.env.company.id)
        return self._segment_stats(
            "helpdesk_ticket",
            "customer_segment_id",
            date_field,
            expression,
            SQL("%s AND %s", company, where) if where else company,
        )

    def _kpi_resolution_hours(self, date_from, date_to, segments):
        """Average resolution time (hours): mean of ``closed_date -
        create_date`` of the tickets closed in the window (UTC). No value
        without closed tickets."""
        result = self._ticket_stats(
            "closed_date",
            SQL("avg(extract(epoch FROM t.closed_date - t.create_date)) / 3600.0"),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_first_response_hours(self, date_from, date_to, segments):
        """Average first response time (hours): mean of ``first_response_date
        - create_date`` of the tickets first answered in the window."""
        result = self._ticket_stats(
            "first_response_date",
            SQL(
                "avg(extract(epoch FROM t.first_response_date - t.create_date))"
                " / 3600.0"
            ),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_within_target_rate(self, date_from, date_to, segments):
        """% tickets within segment target: tickets closed in the window with
        a resolution deadline that were closed at or before it / tickets
        closed in the window with a resolution deadline x 100."""
        result = self._ticket_stats(
            "closed_date",
            SQL(
                "100.0 * count(*) FILTER (WHERE t.closed_date <= t.resolution_deadline)"
                " / NULLIF(count(*), 0)"
            ),
            where=SQL("t.resolution_deadline IS NOT NULL"),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_complaint_resolution_hours(self, date_from, date_to, segments):
        """Average resolution time of complaints (hours): mean of
        ``closed_date - create_date`` of the tickets of contact type
        complaint closed in the window. No value without such tickets."""
        result = self._ticket_stats(
            "closed_date",
            SQL("avg(extract(epoch FROM t.closed_date - t.create_date)) / 3600.0"),
            where=SQL("t.contact_type = 'complaint'"),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_complaints(self, date_from, date_to, segments):
        """Complaints: tickets of contact type complaint opened (created) in
        the window, by the ticket's segment. None gives 0."""
        result = self._ticket_stats(
            "create_date",
            SQL("count(*)"),
            where=SQL("t.contact_type = 'complaint'"),
        )(date_from, date_to)
        return {key: result.get(key) or 0 for key in [False, *segments.ids]}

    def _kpi_contacts_per_ticket(self, date_from, date_to, segments):
        """Customer contacts per ticket: mean ``customer_contact_count``
        (inbound customer messages and logged calls) of the tickets closed in
        the window. No value without closed tickets."""
        result = self._ticket_stats(
            "closed_date", SQL("avg(t.customer_contact_count)")
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_followup_on_time_rate(self, date_from, date_to, segments):
        """% follow-ups on time: proactive status updates sent in the window
        no later than their due date / updates sent in the window x 100, by
        the ticket's segment. No value without updates."""
        result = self._segment_stats(
            "helpdesk_ticket_followup",
            "customer_segment_id",
            "sent_date",
            SQL("100.0 * count(*) FILTER (WHERE t.is_on_time) / NULLIF(count(*), 0)"),
            SQL("t.company_id = %s", self.env.company.id),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}
