"""A fresh install of customer_loyalty_demo shows content in every menu of
the app, over eighteen months of activity."""

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .common import DemoCase


@tagged("post_install", "-at_install")
class TestDemoMenus(DemoCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="cl_demo_walker",
            name="Demo Walker",
            groups="base.group_user,base.group_partner_manager,"
            "customer_loyalty.customer_loyalty_group_manager,"
            "customer_loyalty.customer_loyalty_group_direction,"
            "helpdesk_mgmt.group_helpdesk_user,survey.group_survey_user",
        )
        root = cls.env.ref("customer_loyalty.customer_loyalty_menu_root")
        cls.menus = cls.env["ir.ui.menu"].search(
            [("id", "child_of", root.id), ("action", "!=", False)]
        )

    def _eval(self, text, user):
        context = {
            "uid": user.id,
            "user": user,
            "context_today": datetime.date.today,
            "datetime": datetime,
            "dateutil": dateutil,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "time": time,
            "allowed_company_ids": user.company_ids.ids,
            "active_id": False,
            "active_ids": [],
        }
        return (
            safe_eval(text or "[]", context) if isinstance(text, str) else (text or [])
        )

    def _window_actions(self, user):
        visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        for menu in self.menus.filtered(lambda m: m.id in visible):
            action = menu.action
            if action._name == "ir.actions.act_window":
                yield menu, action

    def test_the_app_has_a_menu_for_every_area(self):
        names = set(self.menus.mapped("complete_name"))
        for fragment in (
            "Customers by Segment",
            "All Tickets",
            "Complaints Register",
            "Improvement Areas",
            "SMART Projects",
            "Process Map",
            "Survey Answers",
            "KPI Scorecard",
            "Importance-Satisfaction Matrix",
            "Customer Monthly Snapshot",
        ):
            self.assertTrue(
                any(fragment in name for name in names), f"no menu {fragment}"
            )

    def test_every_menu_of_the_app_shows_demo_records(self):
        """Walk every menu action of the app that a manager who is also in
        Direction sees: each one opens on records (wizards excepted: they open
        a form, which the user must be allowed to use)."""
        user = self.user
        walked = 0
        for menu, action in self._window_actions(user):
            Model = self.env[action.res_model].with_user(user)
            if Model._transient:
                # wizards (segment review, KPI recompute, settings) open empty
                # forms: they must at least open for the user
                self.assertTrue(Model.has_access("create"), menu.complete_name)
                continue
            action_context = self._eval(action.context or "{}", user)
            domain = self._eval(action.domain, user)
            Model = Model.with_context(
                **{
                    key: value
                    for key, value in action_context.items()
                    if not key.startswith(("search_default_", "default_", "group_by"))
                }
            )
            count = Model.search_count(domain)
            with self.subTest(menu=menu.complete_name):
                self.assertGreater(
                    count,
                    0,
                    f"{menu.complete_name} ({action.res_model}) shows no record",
                )
            walked += 1
        self.assertGreaterEqual(walked, 20, "the app lost menus")

    def test_demo_spans_eighteen_months_of_activity(self):
        Ticket = self.env["helpdesk.ticket"]
        demo_tickets = Ticket.search(
            [("team_id.name", "ilike", "Technical Support (TSA)")]
        ) | Ticket.search([("team_id.name", "=", "Preferential Attention")])
        self.assertGreaterEqual(len(Ticket.search([])), 150)
        months = {t.create_date.strftime("%Y-%m") for t in demo_tickets}
        self.assertGreaterEqual(len(months), 16, "tickets over 18 months")
        channels = set(Ticket.search([]).channel_id.mapped("name"))
        self.assertTrue({"WhatsApp", "Social Networks"} <= channels)
        # every built-in KPI has a value for each of the last 12 closed months
        builtin = self.env["customer.kpi"].search([("computation", "=", "builtin")])
        periods = set(
            self.env["customer.kpi.value"]
            .search([("kpi_id", "in", builtin.ids), ("segment_id", "=", False)])
            .mapped("period")
        )
        self.assertGreaterEqual(len(periods), 12)
        # segment history: customers changed segment during the period
        moved = self.env["customer.segment.history"].search([("date_to", "!=", False)])
        self.assertGreaterEqual(len(moved.partner_id), 5)
        # revenue per month in the snapshot
        snapshot = self.env["customer.partner.snapshot"].search([])
        self.assertGreaterEqual(len(set(snapshot.mapped("month"))), 16)
        self.assertTrue(snapshot.filtered("lost_product_count"), "a lost service")
