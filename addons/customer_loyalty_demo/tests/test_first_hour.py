"""The demo a newcomer walks first (README "The first hour"): one login per
role, a Star customer's portal login whose New Ticket asks the intake
questions of the chosen category, and only the hosting company's customers in
the segments."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoStory(HttpCase):
    def test_every_role_has_the_login_the_readme_gives(self):
        Users = self.env["res.users"]
        for login, group in (
            ("agent", "customer_loyalty.customer_loyalty_group_user"),
            ("manager", "customer_loyalty.customer_loyalty_group_manager"),
            ("direction", "customer_loyalty.customer_loyalty_group_direction"),
            ("customer", "base.group_portal"),
        ):
            user = Users.search([("login", "=", login)])
            self.assertTrue(user, login)
            self.assertTrue(user.has_group(group), login)
            # the password is the login
            self.authenticate(login, login)
            self.logout()

    def test_the_portal_login_is_a_star_customer_with_category_selection(self):
        user = self.env["res.users"].search([("login", "=", "customer")])
        self.assertTrue(user.share)
        self.assertEqual(
            user.partner_id.commercial_partner_id.customer_segment_id,
            self.env.ref("customer_loyalty.segment_star"),
        )
        self.assertTrue(user.company_id.helpdesk_mgmt_portal_select_category)

    def test_odoo_demo_partners_are_not_customers_of_the_hosting_company(self):
        for xmlid in ("base.res_partner_2", "base.res_partner_12"):
            partner = self.env.ref(xmlid)
            self.assertFalse(partner.customer_segment_id, partner.name)
            self.assertFalse(
                self.env["customer.segment.history"].search_count(
                    [("partner_id", "=", partner.id)]
                ),
                partner.name,
            )
        # nor their tickets (Odoo's helpdesk demo)
        foreign = self.env["res.partner"].browse(
            self.env["ir.model.data"]
            .search([("model", "=", "res.partner"), ("module", "=", "base")])
            .mapped("res_id")
        )
        self.assertFalse(
            self.env["helpdesk.ticket"].search_count(
                [
                    ("commercial_partner_id", "in", foreign.ids),
                    ("customer_segment_id", "!=", False),
                ]
            )
        )
        # the hosting company's customers keep theirs
        segmented = self.env["res.partner"].search(
            [("customer_segment_id", "!=", False), ("is_company", "=", True)]
        )
        self.assertGreaterEqual(len(segmented), 25)

    def test_the_star_customer_asks_the_intake_questions_on_the_portal(self):
        # the tour reads the English labels
        self.env["res.users"].search([("login", "=", "customer")]).lang = "en_US"
        self.start_tour(
            "/my/tickets", "customer_loyalty_demo_portal_intake", login="customer"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("name", "=", "Reinstall srv-hospital-01")]
        )
        self.assertEqual(len(ticket), 1)
        user = self.env["res.users"].search([("login", "=", "customer")])
        self.assertEqual(ticket.partner_id, user.partner_id)
        self.assertEqual(
            ticket.customer_segment_id, self.env.ref("customer_loyalty.segment_star")
        )
        answers = {a.question: a.value_display for a in ticket.intake_answer_ids}
        self.assertEqual(answers["Server name or IP address"], "srv-hospital-01")
        self.assertEqual(answers["Operating system to install"], "Debian 12")
