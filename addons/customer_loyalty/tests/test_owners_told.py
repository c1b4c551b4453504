import re

from odoo.tests import HttpCase, new_test_user, tagged

from .common import LoyaltyCase


class OwnersCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaints = cls.env.ref("customer_loyalty.customer_process_complaints")
        cls.suggestions = cls.env.ref("customer_loyalty.customer_process_suggestions")
        cls.complaints.owner_id = cls.user_manager
        cls.suggestions.owner_id = cls.user_agent
        cls.suggestion_box = cls.env.ref(
            "customer_loyalty.helpdesk_ticket_channel_suggestion_box"
        )


@tagged("post_install", "-at_install")
class TestOwnersTold(OwnersCase):
    def test_complaint_notifies_the_owner_of_the_complaints_process(self):
        for channel in ("phone", "email", "web"):
            ticket = self._create_ticket(
                self.customer_std,
                contact_type="complaint",
                channel_id=self.env.ref(
                    f"helpdesk_mgmt.helpdesk_ticket_channel_{channel}"
                ).id,
            )
            owner = self.user_manager.partner_id
            self.assertIn(owner, ticket.message_partner_ids)
            told = ticket.message_ids.filtered(lambda m, o=owner: o in m.partner_ids)
            self.assertTrue(told, channel)
            self.assertTrue(ticket.is_owner_told)

    def test_suggestion_and_compliment_give_the_quality_responsible_an_activity(self):
        for kind in ("suggestion", "compliment"):
            ticket = self._create_ticket(
                self.customer_std,
                contact_type=kind,
                channel_id=self.suggestion_box.id,
            )
            activity = ticket.activity_ids
            self.assertEqual(len(activity), 1, kind)
            self.assertEqual(activity.user_id, self.user_agent)

    def test_owner_is_told_once(self):
        ticket = self._create_ticket(self.customer_std, contact_type="question")
        self.assertFalse(ticket.activity_ids)
        ticket.contact_type = "suggestion"
        ticket.contact_type = "compliment"
        self.assertEqual(len(ticket.activity_ids), 1)

    def test_no_owner_no_notice(self):
        self.complaints.owner_id = False
        ticket = self._create_ticket(self.customer_std, contact_type="complaint")
        self.assertFalse(ticket.is_owner_told)


@tagged("post_install", "-at_install")
class TestPortalContactType(HttpCase, OwnersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="cl_portal_ct",
            name="Portal Complainer",
            email="complainer@customer.example.com",
            groups="base.group_portal",
        )

    def _post(self, **data):
        self.authenticate("cl_portal_ct", "cl_portal_ct")
        page = self.url_open("/new/ticket").text
        self.assertIn('name="contact_type"', page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        values = {
            "csrf_token": token,
            "subject": "Billed twice",
            "description": "My invoice of May is billed twice",
        }
        values.update(data)
        return self.url_open("/submitted/ticket", data=values, allow_redirects=False)

    def test_portal_complaint_reaches_the_complaints_owner(self):
        response = self._post(contact_type="complaint")
        self.assertEqual(response.status_code, 302)
        ticket = self.Ticket.search(
            [("partner_id", "=", self.portal_user.partner_id.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.contact_type, "complaint")
        self.assertEqual(ticket.opened_from, "portal")
        self.assertIn(self.user_manager.partner_id, ticket.message_partner_ids)
        self.assertTrue(ticket.is_owner_told)

    def test_portal_unknown_contact_type_stores_nothing(self):
        response = self._post(contact_type="threat")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(
            self.Ticket.search([("partner_id", "=", self.portal_user.partner_id.id)])
        )
