from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ContractLoyaltyCase

TODAY = "2020-06-01"


@tagged("post_install", "-at_install")
class TestRenewalOutcome(ContractLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_star.email = "it@star.example.com"
        cls.reason_price = cls.env.ref("customer_loyalty.customer_lost_reason_price")
        with freeze_time(TODAY):
            cls.contract = cls._create_contract(
                cls.customer_star, "2019-09-01", "2020-08-15"
            )
            cls.Renewal._cron_follow_renewals()
        cls.renewal = cls.Renewal.search([("contract_id", "=", cls.contract.id)])

    def _as_agent(self):
        return self.renewal.with_user(self.user_agent)

    @freeze_time("2020-06-10")
    def test_sending_the_offer_mails_the_customer_and_counts_on_time(self):
        before = self.renewal.message_ids
        self._as_agent().action_send_offer()
        message = (self.renewal.message_ids - before).filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.customer_star, message.partner_ids)
        self.assertIn(self.contract.name, message.body)
        self.assertEqual(self.renewal.state, "offer_sent")
        self.assertEqual(str(self.renewal.offer_sent_date), "2020-06-10")
        self.assertTrue(self.renewal.is_offer_on_time)
        self.assertFalse(self._activities(self.renewal).filtered("active"))

    def test_an_offer_sent_after_the_end_date_is_late(self):
        with freeze_time("2020-08-20"):
            self._as_agent().action_send_offer()
        self.assertFalse(self.renewal.is_offer_on_time)

    def test_an_offer_needs_an_email_address(self):
        self.customer_star.email = False
        with self.assertRaises(UserError):
            self._as_agent().action_send_offer()
        self.assertEqual(self.renewal.state, "to_contact")

    def test_renewed_needs_a_successor_or_an_extension(self):
        with self.assertRaises(UserError):
            self._as_agent().action_mark_renewed()
        self.assertEqual(self.renewal.state, "to_contact")

    @freeze_time("2020-07-01")
    def test_renewed_by_a_chosen_successor_links_it_to_the_original(self):
        successor = self._create_contract(
            self.customer_star, "2020-08-16", "2021-08-15"
        )
        renewal = self._as_agent()
        renewal.successor_contract_id = successor
        renewal.action_mark_renewed()
        self.assertEqual(self.renewal.state, "renewed")
        self.assertEqual(self.renewal.renewal_mode, "successor")
        self.assertEqual(str(self.renewal.new_date_end), "2021-08-15")
        self.assertEqual(str(self.renewal.outcome_date), "2020-07-01")
        self.assertEqual(successor.predecessor_contract_id, self.contract)
        self.assertFalse(self._activities(self.renewal).filtered("active"))

    def test_a_successor_of_another_customer_is_refused(self):
        other = self._create_contract(self.customer_pref, "2020-08-16", "2021-08-15")
        with self.assertRaises(UserError):
            self.renewal.successor_contract_id = other
            self._as_agent().action_mark_renewed()

    def test_not_renewed_needs_a_reason_and_a_note(self):
        renewal = self._as_agent()
        renewal.outcome_note = "They moved to their own datacenter."
        with self.assertRaises(UserError):
            renewal.action_mark_not_renewed()
        renewal.lost_reason_id = self.reason_price
        renewal.outcome_note = False
        with self.assertRaises(UserError):
            renewal.action_mark_not_renewed()
        renewal.outcome_note = "Our price was 20 % above the competitor's."
        renewal.action_mark_not_renewed()
        self.assertEqual(self.renewal.state, "not_renewed")
        self.assertFalse(self._activities(self.renewal).filtered("active"))
        with self.assertRaises(UserError):
            renewal.action_mark_renewed()
        with self.assertRaises(UserError):
            renewal.outcome_note = "Rewritten afterwards."
        with self.assertRaises(AccessError):
            self.Renewal.with_user(self.user_manager).create(
                {"contract_id": self.contract.id, "date_end": "2021-01-01"}
            )

    def test_the_outcome_cannot_be_written_directly(self):
        with self.assertRaises(UserError):
            self._as_agent().write({"state": "renewed"})
        with self.assertRaises(UserError):
            self._as_agent().write({"offer_sent_date": "2020-06-01"})
        self.assertEqual(self.renewal.state, "to_contact")

    def test_only_managers_reopen_an_outcome(self):
        renewal = self._as_agent()
        renewal.write({"lost_reason_id": self.reason_price.id, "outcome_note": "Price"})
        renewal.action_mark_not_renewed()
        with self.assertRaises(AccessError):
            renewal.action_reopen()
        self.renewal.with_user(self.user_manager).action_reopen()
        self.assertEqual(self.renewal.state, "to_contact")

    def test_users_without_the_loyalty_group_cannot_act_on_renewals(self):
        for user in (self.user_employee, self.user_direction):
            renewal = self.renewal.with_user(user)
            for action in (
                "action_send_offer",
                "action_mark_renewed",
                "action_mark_not_renewed",
            ):
                with self.assertRaises(AccessError):
                    getattr(renewal, action)()
        with self.assertRaises(AccessError):
            self.Renewal.with_user(self.user_agent)._cron_follow_renewals()
        with self.assertRaises(AccessError):
            self.contract.with_user(self.user_direction).action_view_loyalty_renewals()
        action = self.contract.with_user(self.user_agent).action_view_loyalty_renewals()
        self.assertEqual(action["domain"], [("contract_id", "=", self.contract.id)])
        # direction reads the follow-ups, the plain employee does not
        self.assertEqual(
            self.renewal.with_user(self.user_direction).read(["state"])[0]["state"],
            "to_contact",
        )
        with self.assertRaises(AccessError):
            self.renewal.with_user(self.user_employee).read(["state"])

    def test_renewals_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other Hosting SL"})
        partner = self.Partner.create(
            {
                "name": "Other customer",
                "is_company": True,
                "company_id": other_company.id,
            }
        )
        with freeze_time(TODAY):
            contract = self._create_contract(
                partner, "2019-07-01", "2020-06-20", company_id=other_company.id
            )
            self._run_cron()
        renewal = self.Renewal.search([("contract_id", "=", contract.id)])
        self.assertEqual(renewal.company_id, other_company)
        visible = self.Renewal.with_user(self.user_agent).search([])
        self.assertNotIn(renewal, visible)
        self.assertIn(self.renewal, visible)
