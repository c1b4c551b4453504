"""The manager's first screen, in headless Chromium: the app opens on the
Customer Loyalty dashboard, which loads and follows its segment filter."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoyaltyDashboardTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="cl_dashboard_manager",
            name="Dashboard Manager",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager,"
            "helpdesk_mgmt.group_helpdesk_user",
        )

    def test_the_manager_opens_the_app_on_the_loyalty_dashboard(self):
        # the demo data gives the headline KPIs and the charts their figures
        self.assertTrue(self.env["customer.kpi.value"].search_count([]))
        self.assertTrue(self.env["helpdesk.ticket.analysis"].search_count([]))
        self.start_tour(
            "/odoo", "customer_loyalty_dashboard", login="cl_dashboard_manager"
        )
