"""Query counts of the agent's ticket screens and actions, caches warmed up
first (as Odoo's own performance tests do): creating, writing and closing a
ticket, opening the list (web_search_read) and the form (web_read).

The counts are pinned: a feature that adds a query to one of these paths
changes the count here on purpose, with the reason in its commit."""

from contextlib import contextmanager

from lxml import etree

from odoo.tests import tagged, users, warmup

from ..models.helpdesk_ticket_indexes import REPLACED_INDEXES, TICKET_INDEXES
from .common import LoyaltyCase


@tagged("post_install", "-at_install", "query_count")
class TestTicketQueries(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tickets = cls.Ticket.create(
            [
                {
                    "name": f"Server {index} does not boot",
                    "description": "<p>The server does not boot.</p>",
                    "partner_id": cls.contact_star.id,
                }
                for index in range(5)
            ]
        )

    def _spec(self, view_type):
        """The fields the view reads, as the web client asks for them: the
        display name of relational fields, except those always invisible
        (the web client reads only their id)."""
        Ticket = self.env["helpdesk.ticket"]
        view = Ticket.get_views([(False, view_type)])
        fields = view["models"]["helpdesk.ticket"]["fields"]
        arch = etree.fromstring(view["views"][view_type]["arch"])
        shown = {
            node.get("name")
            for node in arch.iter("field")
            if node.get("invisible") not in ("1", "True")
        }
        return {
            name: {"fields": {"display_name": {}}}
            if Ticket._fields[name].relational and name in shown
            else {}
            for name in fields
            if name in Ticket._fields
        }

    @users("cl_agent")
    @warmup
    def test_create(self):
        Ticket = self.env["helpdesk.ticket"]
        # one INSERT of the ticket with every stored computed field, no UPDATE
        # of it afterwards (helpdesk_mgmt's team, user, stage and unattended
        # flag, the intake counters and survey score are precomputed); the
        # company check of the addon's fields takes the segment's company
        # from the registry cache
        with self.assertQueryCount(cl_agent=21):
            Ticket.create(
                {
                    "name": "New ticket",
                    "description": "<p>The server does not boot.</p>",
                    "partner_id": self.contact_star.id,
                }
            )

    @users("cl_agent")
    @warmup
    def test_write(self):
        ticket = self.tickets[0].with_env(self.env)
        with self.assertQueryCount(cl_agent=8):
            ticket.write({"name": "Server does not boot after the update"})

    @users("cl_agent")
    @warmup
    def test_close(self):
        ticket = self.tickets[1].with_env(self.env)
        # the closing e-mail is built and handed to the mail server within
        # the transaction (tests never reach a real SMTP server); the segments
        # sending their survey at closing come from the registry cache, not
        # from a read of the ticket's segment
        with self.assertQueryCount(cl_agent=40):
            ticket.write({"stage_id": self.closed_stage.id})

    @users("cl_agent")
    @warmup
    def test_list(self):
        Ticket = self.env["helpdesk.ticket"]
        spec = self._spec("list")
        with self.assertQueryCount(cl_agent=12):
            Ticket.web_search_read([], spec, limit=80)

    @users("cl_agent")
    @warmup
    def test_form(self):
        ticket = self.tickets[2].with_env(self.env)
        spec = self._spec("form")
        with self.assertQueryCount(cl_agent=14):
            ticket.web_read(spec)

    def _form_queries(self, ticket, spec):
        """Queries of the form of ``ticket``, its records not in cache (the
        registry's caches warmed up by a first read)."""
        self.env.flush_all()
        self.env.invalidate_all()
        ticket.web_read(spec)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        result = ticket.web_read(spec)
        return self.cr.sql_log_count - before, result[0]

    @users("cl_agent")
    @warmup
    def test_form_of_a_customer_with_debt(self):
        # the debt is one sum over the receivables, read for every form; its
        # amount is shown with the company's currency, which the web client
        # knows: a debt adds no read of the currency
        ticket = self.Ticket.with_env(self.env).create(
            {
                "name": "Invoice not understood",
                "description": "<p>The last invoice is not clear.</p>",
                "partner_id": self.customer_std.id,
            }
        )
        spec = self._spec("form")
        without_debt, values = self._form_queries(ticket, spec)
        self.assertEqual(values["customer_overdue_amount"], 0)
        self._overdue_invoice(self.customer_std, 120.5)
        with_debt, values = self._form_queries(ticket, spec)
        self.assertEqual(values["customer_overdue_amount"], 120.5)
        self.assertEqual(values["company_currency_id"], self.env.company.currency_id.id)
        self.assertEqual(with_debt, without_debt)

    def test_open_tickets_search_stage_ids(self):
        """A condition on the stage's fields reaches PostgreSQL with the ids of
        the stages, not a subquery it cannot estimate (which made it read the
        whole ticket table for the open tickets)."""
        Ticket = self.env["helpdesk.ticket"]
        open_stages = self.env["helpdesk.ticket.stage"].search([("closed", "=", False)])
        for domain in ([("closed", "=", False)], [("stage_id.closed", "=", True)]):
            self.assertNotIn(
                "helpdesk_ticket_stage", Ticket._search(domain).select().code, domain
            )
        self.assertEqual(
            Ticket.search([("closed", "=", False)]),
            Ticket.search([("stage_id", "in", open_stages.ids)]),
        )
        self.assertEqual(
            Ticket.search([("closed", "=", True)]),
            Ticket.search([("stage_id", "not in", open_stages.ids)]),
        )

    def test_open_tickets_without_stage_are_still_open(self):
        """While every ticket has a stage, "open" reaches PostgreSQL as the
        open stages alone (an index condition); a ticket without a stage
        brings back the condition that keeps it, in the same transaction."""
        Ticket = self.env["helpdesk.ticket"]
        stageless = Ticket.with_context(active_test=False).search(
            [("stage_id", "=", False)]
        )
        stageless.stage_id = self.env["helpdesk.ticket.stage"].search([], limit=1)
        self.assertNotIn(
            "IS NULL", Ticket._search([("closed", "=", False)]).select().code
        )
        self.assertFalse(Ticket.search([("stage_id", "=", False)]))

        ticket = self.tickets[0]
        ticket.stage_id = False
        self.assertIn("IS NULL", Ticket._search([("closed", "=", False)]).select().code)
        self.assertIn(ticket, Ticket.search([("closed", "=", False)]))
        self.assertEqual(Ticket.search([("stage_id", "=", False)]), ticket)
        self.assertNotIn(ticket, Ticket.search([("closed", "=", True)]))

    def test_ticket_table_has_the_declared_indexes(self):
        """The ticket table holds the addon's indexes and none of the
        helpdesk_mgmt indexes it replaces."""
        self.env.cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'helpdesk_ticket'"
        )
        names = {row[0] for row in self.env.cr.fetchall()}
        self.assertFalse({name for name, *__ in TICKET_INDEXES} - names)
        self.assertFalse({name for name, __ in REPLACED_INDEXES} & names)
        self.assertIn("helpdesk_ticket_duplicate_idx", names)

    def test_segment_panel_lists_the_segments_without_counting_customers(self):
        """Customers by Segment counts its customers in its kanban columns:
        its side panel lists every segment without reading the customers."""
        action = self.env.ref("customer_loyalty.res_partner_action_by_segment")
        arch = self.env["res.partner"].get_views(
            [(action.search_view_id.id, "search")]
        )["views"]["search"]["arch"]
        panel = etree.fromstring(arch).find("searchpanel")
        segment = panel.find("field[@name='customer_segment_id']")
        self.assertEqual(segment.get("expand"), "1")
        self.assertFalse(segment.get("enable_counters"))
        queries = []
        with contextmanager(self._patchExecute)(queries):
            self.env["res.partner"].search_panel_select_range(
                "customer_segment_id",
                expand=True,
                enable_counters=False,
                search_domain=[("customer_segment_id", "!=", False)],
            )
        self.assertFalse([q for q in queries if 'FROM "res_partner"' in q], queries)
