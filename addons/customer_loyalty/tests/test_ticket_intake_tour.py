from odoo.tests import HttpCase, tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install", "slow")
class TestTicketIntakeTour(HttpCase, IntakeCase):
    def test_agent_answers_intake_questions_in_the_ticket_form(self):
        ticket = self._create_ticket(
            self.customer_std,
            category_id=self.category_reinstall.id,
            user_id=self.user_agent.id,
        )
        self.start_tour(
            f"/odoo/helpdesk.ticket/{ticket.id}",
            "customer_loyalty_ticket_intake",
            login="cl_agent",
        )
        self.assertEqual(self._answer(ticket, self.q_ip).value_text, "10.0.0.7")
        self.assertEqual(ticket.intake_answered_count, 1)
