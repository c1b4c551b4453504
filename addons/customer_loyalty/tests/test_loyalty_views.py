"""Smart buttons of the customer form and the settings of the app."""

from odoo.tests import Form, new_test_user, tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestCustomerSmartButtons(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_ticket(
            cls.contact_star, name="Late invoice", contact_type="complaint"
        )
        cls._create_ticket(cls.contact_star, name="Reinstall", contact_type="request")
        cls.answer = cls.env["survey.user_input"].create(
            {
                "survey_id": cls.env.ref(
                    "customer_loyalty.survey_preferential_satisfaction"
                ).id,
                "partner_id": cls.contact_star.id,
                "loyalty_customer_id": cls.customer_star.id,
                "state": "done",
            }
        )

    def test_company_and_contact_count_the_complaints_and_surveys_of_the_customer(self):
        for partner in (self.customer_star, self.contact_star):
            seen = partner.with_user(self.user_agent)
            self.assertEqual(seen.loyalty_complaint_count, 1)
            self.assertEqual(seen.loyalty_survey_count, 1)

    def test_buttons_open_the_customer_records(self):
        partner = self.contact_star.with_user(self.user_agent)
        action = partner.action_view_loyalty_complaints()
        self.assertEqual(
            self.env["helpdesk.ticket"].search(action["domain"]), self.complaint
        )
        self.assertEqual(action["context"]["default_contact_type"], "complaint")
        action = partner.action_view_loyalty_surveys()
        self.assertEqual(
            self.env["survey.user_input"].search(action["domain"]), self.answer
        )

    def test_snapshot_button_shows_the_months_of_the_customer(self):
        Snapshot = self.env["customer.partner.snapshot"]
        Snapshot._refresh_pairs(Snapshot._changed_pairs(None))
        partner = self.customer_star.with_user(self.user_manager)
        rows = Snapshot.search([("partner_id", "=", self.customer_star.id)])
        self.assertTrue(rows, "the customer's tickets give a snapshot row")
        self.assertEqual(partner.loyalty_snapshot_count, len(rows))
        action = partner.action_view_loyalty_snapshots()
        self.assertEqual(Snapshot.search(action["domain"]), rows)

    def test_agents_see_the_buttons_of_their_rights_only(self):
        view = self.env.ref("customer_loyalty.res_partner_view_form_loyalty_buttons")
        self.assertTrue(view.active)
        arch = (
            self.env["res.partner"]
            .with_user(self.user_agent)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("action_view_loyalty_complaints", arch)
        self.assertNotIn("action_view_loyalty_snapshots", arch)


@tagged("post_install", "-at_install")
class TestLoyaltySettings(LoyaltyCase):
    def test_settings_set_the_members_of_direction(self):
        admin = new_test_user(
            self.env,
            login="cl_settings_admin",
            groups="base.group_user,base.group_system,"
            "customer_loyalty.customer_loyalty_group_manager",
        )
        direction = self.env.ref("customer_loyalty.customer_loyalty_group_direction")
        settings = Form(self.env["res.config.settings"].with_user(admin))
        self.assertIn(self.user_direction, settings.loyalty_direction_user_ids)
        settings.loyalty_direction_user_ids.add(self.user_manager)
        settings.loyalty_direction_user_ids.remove(self.user_direction.id)
        settings.save().execute()
        self.assertIn(self.user_manager, direction.users)
        self.assertNotIn(self.user_direction, direction.users)
        # the manager now receives escalations
        ticket = self._create_ticket(self.contact_star)
        ticket.action_mark_critical()
        self.assertIn(self.user_manager, ticket.activity_ids.user_id)

    def test_settings_menu_is_for_administrators(self):
        menu = self.env.ref("customer_loyalty.res_config_settings_menu")
        self.assertEqual(menu.groups_id, self.env.ref("base.group_system"))
        visible = (
            self.env["ir.ui.menu"].with_user(self.user_manager)._visible_menu_ids()
        )
        self.assertNotIn(menu.id, visible)
        self.assertIn(self.env.ref("customer_loyalty.customer_kpi_menu").id, visible)
