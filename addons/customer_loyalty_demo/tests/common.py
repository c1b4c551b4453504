"""Shared base of the demo tests: they read the demo as installed."""

from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class DemoCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref(
            "customer_loyalty_demo.helpdesk_ticket_team_demo_tsa",
            raise_if_not_found=False,
        ):
            # the test command installs customer_loyalty_demo with demo data
            raise AssertionError(
                "customer_loyalty_demo is not installed with demo data"
            )
