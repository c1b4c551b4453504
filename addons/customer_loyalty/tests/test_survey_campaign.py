from odoo.exceptions import UserError
from odoo.tests import tagged

from .survey_common import SurveyLoyaltyCase


@tagged("post_install", "-at_install")
class TestSurveyCampaign(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Campaign = cls.env["customer.survey.campaign"]
        cls.gold, cls.gold_customers, cls.gold_opt_out = cls._campaign_segment(
            "Gold", "GOLD", 99, 5, "nosurvey@example.com"
        )
        cls.gold_no_email = cls.Partner.create(
            {
                "name": "Gold without e-mail",
                "is_company": True,
                "customer_segment_id": cls.gold.id,
            }
        )
        cls.gold_company_contact = cls.Partner.create(
            {
                "name": "Gold contact",
                "parent_id": cls.gold_no_email.id,
                "email": "contact@gold-no-email.example.com",
            }
        )
        cls.gold_lost = cls.Partner.create(
            {
                "name": "Gold unreachable",
                "is_company": True,
                "customer_segment_id": cls.gold.id,
            }
        )

    def _new_campaign(self, segment=None):
        segment = segment or self.gold
        action = segment.action_new_survey_campaign()
        return self.Campaign.with_context(**action["context"]).create(
            {"name": "Semestral survey"}
        )

    def test_campaign_sends_the_periodic_survey_to_every_customer_in_batches(self):
        campaign = self._new_campaign()
        self.assertEqual(campaign.survey_id, self.survey_pref)
        campaign.action_launch()
        self.assertEqual(campaign.state, "running")
        # 5 customers + the one reached through its contact + the unreachable one
        self.assertEqual(campaign.target_count, 7)
        self.assertEqual(self.Campaign._cron_process_survey_campaigns(batch_size=3), 3)
        self.assertEqual(campaign.state, "running")
        self.assertEqual(len(campaign.user_input_ids), 3)
        self.assertEqual(self.Campaign._cron_process_survey_campaigns(batch_size=3), 3)
        self.assertEqual(self.Campaign._cron_process_survey_campaigns(batch_size=3), 1)
        self.assertEqual(campaign.state, "done")
        self.assertEqual(self.Campaign._cron_process_survey_campaigns(batch_size=3), 0)
        answers = campaign.user_input_ids
        self.assertEqual(len(answers), 6, "once per customer, never twice")
        self.assertEqual(
            answers.loyalty_customer_id,
            self.gold_customers | self.gold_no_email,
        )
        self.assertNotIn(self.gold_opt_out, answers.loyalty_customer_id)
        via_contact = answers.filtered(
            lambda a: a.loyalty_customer_id == self.gold_no_email
        )
        self.assertEqual(via_contact.partner_id, self.gold_company_contact)
        self.assertEqual(set(answers.mapped("customer_segment_id")), {self.gold})
        self.assertEqual(campaign.skipped_partner_ids, self.gold_lost)
        self.assertEqual(campaign.sent_count, 6)
        self.assertEqual(campaign.progress, 100)

    def test_campaign_on_an_empty_segment_is_refused(self):
        empty = self.Segment.create(
            {
                "name": "Empty",
                "code": "EMPTY",
                "sequence": 98,
                "is_revenue_reviewed": False,
                "periodic_survey_id": self.survey_post.id,
            }
        )
        campaign = self._new_campaign(empty)
        with self.assertRaisesRegex(UserError, "no customer"):
            campaign.action_launch()
        self.assertEqual(campaign.state, "draft")

    def test_segment_without_periodic_survey_cannot_start_a_campaign(self):
        self.gold.periodic_survey_id = False
        with self.assertRaises(UserError):
            self.gold.action_new_survey_campaign()

    def test_campaign_cannot_be_launched_twice(self):
        campaign = self._new_campaign()
        campaign.action_launch()
        with self.assertRaises(UserError):
            campaign.action_launch()

    def test_only_managers_launch_campaigns(self):
        campaign = self._new_campaign()
        self.assertTrue(campaign.with_user(self.user_agent).has_access("read"))
        self.assertFalse(campaign.with_user(self.user_agent).has_access("write"))
        self.assertTrue(campaign.with_user(self.user_manager).has_access("write"))

    def test_campaigns_of_another_company_are_not_visible(self):
        other_company = self.env["res.company"].create({"name": "Other hosting"})
        campaign = self._new_campaign()
        campaign.company_id = other_company
        self.assertFalse(
            self.Campaign.with_user(self.user_manager).search(
                [("id", "=", campaign.id)]
            )
        )
