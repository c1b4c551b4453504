"""The telecom front office of the demo: a customer with an overdue invoice
shows its debt, and the debt check routes its request to collections."""

from odoo.tests import tagged

from .common import DemoCase


@tagged("post_install", "-at_install")
class TestDemoFrontOffice(DemoCase):
    def test_the_telecom_customer_has_an_overdue_invoice(self):
        customer = self.env.ref("customer_loyalty_demo.partner_tel_ferreteria")
        invoice = self.env.ref("customer_loyalty_demo.invoice_tel_ferreteria_overdue")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "not_paid")
        debt = self.env["res.partner"]._overdue_debt_by_partner(
            invoice.company_id, customer.ids
        )
        self.assertAlmostEqual(debt[customer.id], invoice.amount_total)

    def test_the_debt_rule_routes_the_request_and_shows_the_badge(self):
        ticket = self.env.ref("customer_loyalty_demo.ticket_tel_debt")
        rule = self.env.ref("customer_loyalty_demo.rule_tel_debt")
        self.assertEqual(ticket.routing_rule_id, rule)
        self.assertEqual(
            ticket.team_id, self.env.ref("customer_loyalty_demo.team_tel_portfolio")
        )
        invoice = self.env.ref("customer_loyalty_demo.invoice_tel_ferreteria_overdue")
        # the badge of the ticket form shows what the customer owes
        self.assertAlmostEqual(ticket.customer_overdue_amount, invoice.amount_total)

    def test_the_other_telecom_requests_keep_their_teams(self):
        # customers without debt: their requests follow their categories
        for xmlid, team in (
            ("ticket_tel_notice", "team_tel_legal"),
            ("ticket_tel_cancel", "team_tel_advisors"),
        ):
            with self.subTest(ticket=xmlid):
                ticket = self.env.ref("customer_loyalty_demo." + xmlid)
                self.assertEqual(
                    ticket.team_id, self.env.ref("customer_loyalty_demo." + team)
                )
