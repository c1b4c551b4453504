from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestSecurity(LoyaltyCase):
    def test_manager_configures_segments(self):
        segment = self.Segment.with_user(self.user_manager).create(
            {"name": "Gold", "code": "GOLD", "sequence": 25, "revenue_threshold": 9000}
        )
        segment.with_user(self.user_manager).response_target_hours = 4
        self.assertEqual(segment.response_target_hours, 4)

    def test_agents_and_direction_read_but_do_not_write_segments(self):
        for user in (self.user_agent, self.user_direction, self.user_employee):
            with self.subTest(user=user.login):
                self.assertEqual(self.star.with_user(user).name, "Star")
                with self.assertRaises(AccessError):
                    self.star.with_user(user).write({"response_target_hours": 1})
                with self.assertRaises(AccessError):
                    self.Segment.with_user(user).create({"name": "X", "code": "X"})

    def test_history_is_for_loyalty_groups_only(self):
        self.assertTrue(
            self.History.with_user(self.user_direction).search_count(
                [("partner_id", "=", self.customer_star.id)]
            )
        )
        with self.assertRaises(AccessError):
            self.History.with_user(self.user_employee).search([])
        with self.assertRaises(AccessError):
            self.History.with_user(self.user_agent).create(
                {
                    "partner_id": self.customer_std.id,
                    "segment_id": self.star.id,
                    "date_from": "2020-01-01",
                    "date_to": "2020-02-01",
                }
            )

    def test_portal_users_never_read_segments(self):
        portal = new_test_user(
            self.env,
            login="cl_portal",
            groups="base.group_portal",
            partner_id=self.contact_star.id,
        )
        with self.assertRaises(AccessError):
            self.star.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.History.with_user(portal).search([])

    def test_segments_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "Other Company"})
        theirs = self.Segment.create(
            {"name": "Their VIP", "code": "VIP", "company_id": other.id}
        )
        shared = self.Segment.with_user(self.user_manager).search([])
        self.assertNotIn(theirs, shared)
        self.assertIn(self.star, shared)

    def test_segment_review_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["customer.segment.review"].with_user(self.user_agent).create({})
        review = (
            self.env["customer.segment.review"].with_user(self.user_manager).create({})
        )
        self.assertEqual(review.state, "draft")

    def test_app_menu_is_visible_to_loyalty_groups(self):
        menu = self.env.ref("customer_loyalty.customer_loyalty_menu_root")
        for user, visible in (
            (self.user_agent, True),
            (self.user_manager, True),
            (self.user_direction, True),
            (self.user_employee, False),
        ):
            with self.subTest(user=user.login):
                menus = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertEqual(menu.id in menus, visible)

    def test_views_of_the_addon_render(self):
        for model, types in (
            ("customer.segment", ["list", "form", "kanban", "search"]),
            ("customer.segment.history", ["list", "pivot", "search"]),
            ("helpdesk.ticket", ["list", "form", "kanban", "search"]),
            ("res.partner", ["list", "form", "kanban", "search"]),
            ("customer.segment.review", ["form"]),
        ):
            with self.subTest(model=model):
                views = (
                    self.env[model]
                    .with_user(self.user_manager)
                    .get_views([(False, view_type) for view_type in types])
                )
                self.assertEqual(set(views["views"]), set(types))
