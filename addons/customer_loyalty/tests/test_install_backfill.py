from odoo.tests import tagged

from ..hooks import post_init_hook
from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestInstallBackfill(LoyaltyCase):
    """The post-init hook adopts customers and tickets that existed before."""

    def _forget_loyalty_data(self, partners, tickets):
        """Put partners and tickets back as they were before the install."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "DELETE FROM customer_segment_history WHERE partner_id IN %s",
            [tuple(partners.ids)],
        )
        cr.execute(
            "UPDATE res_partner SET customer_segment_id = NULL WHERE id IN %s",
            [tuple(partners.ids)],
        )
        cr.execute(
            "UPDATE helpdesk_ticket SET customer_segment_id = NULL,"
            " response_deadline = NULL, resolution_deadline = NULL WHERE id IN %s",
            [tuple(tickets.ids)],
        )
        self.env.invalidate_all()

    def test_existing_customers_and_tickets_are_adopted(self):
        invoiced = self.Partner.create(
            {"name": "Old invoiced customer", "is_company": True, "customer_rank": 3}
        )
        contact = self.Partner.create({"name": "Old contact", "parent_id": invoiced.id})
        with_ticket = self.Partner.create({"name": "Old ticket customer"})
        prospect = self.Partner.create({"name": "Prospect", "is_company": True})
        ticket = self._create_ticket(with_ticket)
        contact_ticket = self._create_ticket(contact)
        partners = invoiced | contact | with_ticket | prospect
        self._forget_loyalty_data(partners, ticket | contact_ticket)

        post_init_hook(self.env)

        self.assertEqual(invoiced.customer_segment_id, self.standard)
        self.assertEqual(contact.customer_segment_id, self.standard)
        self.assertEqual(with_ticket.customer_segment_id, self.standard)
        self.assertFalse(prospect.customer_segment_id)
        periods = self.History.search([("partner_id", "in", partners.ids)])
        self.assertEqual(periods.partner_id, invoiced | with_ticket)
        self.assertTrue(all(not p.date_to for p in periods))
        self.assertEqual(ticket.customer_segment_id, self.standard)
        self.assertEqual(contact_ticket.customer_segment_id, self.standard)
        self.assertTrue(ticket.resolution_deadline)
        self.assertEqual(self.company.default_customer_segment_id, self.standard)

    def test_backfill_keeps_segments_already_set_and_is_idempotent(self):
        ticket = self._create_ticket(self.customer_star)
        post_init_hook(self.env)
        post_init_hook(self.env)
        self.assertEqual(self.customer_star.customer_segment_id, self.star)
        self.assertEqual(ticket.customer_segment_id, self.star)
        self.assertEqual(
            self.History.search_count([("partner_id", "=", self.customer_star.id)]), 1
        )

    def test_backfill_runs_a_fixed_number_of_queries(self):
        customers = self.Partner.create(
            [{"name": f"Legacy {i}", "customer_rank": 1} for i in range(300)]
        )
        tickets = self.Ticket.create(
            [
                {
                    "name": f"Legacy ticket {i}",
                    "description": "x",
                    "partner_id": customers[i].id,
                }
                for i in range(300)
            ]
        )
        self._forget_loyalty_data(customers, tickets)
        with self.assertQueryCount(10):
            post_init_hook(self.env)
        self.assertEqual(set(tickets.mapped("customer_segment_id")), {self.standard})
