from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ContractLoyaltyCase

TODAY = "2020-06-01"


@tagged("post_install", "-at_install")
class TestRenewalFollowup(ContractLoyaltyCase):
    @freeze_time(TODAY)
    def test_cron_run_twice_gives_one_activity_per_contract_entering_its_window(self):
        star = self._create_contract(self.customer_star, "2019-09-01", "2020-08-15")
        pref = self._create_contract(self.customer_pref, "2019-08-01", "2020-07-31")
        self._run_cron()
        self._run_cron()
        renewals = self.Renewal.search([("contract_id", "in", (star | pref).ids)])
        self.assertEqual(len(renewals), 2)
        activities = self._activities(renewals)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.user_id, self.user_manager)
        star_renewal = renewals.filtered(lambda r: r.contract_id == star)
        self.assertEqual(star_renewal.state, "to_contact")
        self.assertEqual(star_renewal.customer_segment_id, self.star)
        self.assertEqual(star_renewal.window_days, 90)
        self.assertEqual(str(star_renewal.window_date), "2020-05-17")

    @freeze_time(TODAY)
    def test_contracts_outside_their_window_get_no_follow_up(self):
        contracts = (
            # star window 90 days: ends in 91 days
            self._create_contract(self.customer_star, "2019-09-01", "2020-08-31")
            # standard window 30 days: ends in 31 days
            | self._create_contract(self.customer_std, "2019-07-01", "2020-07-02")
            # ended yesterday: too late to follow
            | self._create_contract(self.customer_pref, "2019-06-01", "2020-05-31")
            # no end date: nothing to renew
            | self.Contract.create(
                {"name": "Open-ended", "partner_id": self.customer_pref.id}
            )
        )
        Activity = self.env["mail.activity"]
        before = Activity.search([("res_model", "=", "customer.contract.renewal")])
        self._run_cron()
        self.assertFalse(self.Renewal.search([("contract_id", "in", contracts.ids)]))
        after = Activity.search([("res_model", "=", "customer.contract.renewal")])
        self.assertEqual(after, before)

    @freeze_time(TODAY)
    def test_window_boundary_and_a_segment_without_follow_up(self):
        # standard window 30 days: ends exactly in 30 days
        boundary = self._create_contract(self.customer_std, "2019-07-01", "2020-07-01")
        self.preferential.renewal_window_days = 0
        off = self._create_contract(self.customer_pref, "2019-07-01", "2020-06-10")
        self._run_cron()
        self.assertTrue(self.Renewal.search([("contract_id", "=", boundary.id)]))
        self.assertFalse(self.Renewal.search([("contract_id", "=", off.id)]))

    @freeze_time(TODAY)
    def test_activity_goes_to_the_contract_responsible_with_loyalty_access(self):
        seller = new_test_user(
            self.env,
            login="cl_seller",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_user",
        )
        accountant = new_test_user(
            self.env, login="cl_accountant", groups="base.group_user"
        )
        mine = self._create_contract(
            self.customer_star, "2019-09-01", "2020-08-15", user_id=seller.id
        )
        other = self._create_contract(
            self.customer_pref, "2019-09-01", "2020-07-15", user_id=accountant.id
        )
        self._run_cron()
        mine_renewal = self.Renewal.search([("contract_id", "=", mine.id)])
        other_renewal = self.Renewal.search([("contract_id", "=", other.id)])
        self.assertEqual(self._activities(mine_renewal).user_id, seller)
        # the accountant could not open the follow-up: the segment manager gets it
        self.assertEqual(self._activities(other_renewal).user_id, self.user_manager)

    def test_an_extended_contract_is_renewed_and_followed_again_near_its_new_end(self):
        contract = self._create_contract(self.customer_pref, "2019-08-01", "2020-07-31")
        with freeze_time(TODAY):
            self._run_cron()
            contract.contract_line_ids.date_end = "2021-07-31"
            self._run_cron()
        first = self.Renewal.search([("contract_id", "=", contract.id)])
        self.assertEqual(first.state, "renewed")
        self.assertEqual(first.renewal_mode, "extension")
        self.assertEqual(str(first.new_date_end), "2021-07-31")
        self.assertFalse(self._activities(first).filtered("active"))
        with freeze_time("2021-06-01"):
            self._run_cron()
            self._run_cron()
        renewals = self.Renewal.search([("contract_id", "=", contract.id)])
        self.assertEqual(len(renewals), 2)
        self.assertEqual(str((renewals - first).date_end), "2021-07-31")

    @freeze_time(TODAY)
    def test_a_contract_naming_its_predecessor_renews_it(self):
        original = self._create_contract(self.customer_star, "2019-09-01", "2020-08-15")
        self._run_cron()
        successor = self._create_contract(
            self.customer_star,
            "2020-08-16",
            "2021-08-15",
            predecessor_contract_id=original.id,
        )
        self._run_cron()
        renewal = self.Renewal.search([("contract_id", "=", original.id)])
        self.assertEqual(renewal.state, "renewed")
        self.assertEqual(renewal.renewal_mode, "successor")
        self.assertEqual(renewal.successor_contract_id, successor)

    @freeze_time(TODAY)
    def test_a_shortened_contract_keeps_one_follow_up_at_its_new_end(self):
        contract = self._create_contract(self.customer_star, "2019-09-01", "2020-08-15")
        self._run_cron()
        contract.contract_line_ids.date_end = "2020-07-15"
        self._run_cron()
        self._run_cron()
        renewal = self.Renewal.search([("contract_id", "=", contract.id)])
        self.assertEqual(len(renewal), 1)
        self.assertEqual(str(renewal.date_end), "2020-07-15")
        self.assertEqual(str(renewal.window_date), "2020-04-16")
        self.assertEqual(renewal.state, "to_contact")
        self.assertEqual(len(self._activities(renewal)), 1)
