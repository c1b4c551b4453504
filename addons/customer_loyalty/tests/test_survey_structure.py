from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .survey_common import SurveyLoyaltyCase


@tagged("post_install", "-at_install")
class TestSurveyStructure(SurveyLoyaltyCase):
    def _items(self, survey, measure):
        return set(
            survey.question_ids.filtered(lambda q: q.loyalty_measure == measure).mapped(
                "loyalty_item_key"
            )
        )

    def test_preferential_survey_rates_items_for_satisfaction_and_importance(self):
        survey = self.survey_pref
        self.assertEqual(
            self._items(survey, "satisfaction"),
            {
                "product_information",
                "product_range",
                "value_for_money",
                "products",
                "resolution_speed",
                "information_quality",
                "technical_knowledge",
                "preferential_service",
                "payment_billing",
            },
        )
        self.assertEqual(
            self._items(survey, "importance"),
            {
                "product_information",
                "product_range",
                "resolution_speed",
                "information_quality",
                "technical_knowledge",
                "payment_billing",
            },
        )
        self.assertEqual(self._items(survey, "overall"), {"overall"})
        self.assertEqual(self._items(survey, "recommend"), {"recommend"})
        suggestion = self._q("survey_preferential_satisfaction", "q12")
        self.assertEqual(suggestion.question_type, "text_box")
        self.assertEqual(survey.access_mode, "token")

    def test_rated_questions_offer_the_answers_zero_to_ten_with_their_value(self):
        rated = (self.survey_pref | self.survey_post).question_ids.filtered(
            lambda q: (
                q.loyalty_measure
                in ("satisfaction", "importance", "overall", "complaint_handling")
            )
        )
        self.assertEqual(len(rated), 20)
        for question in rated:
            self.assertEqual(question.question_type, "simple_choice")
            self.assertEqual(
                question.suggested_answer_ids.mapped("loyalty_value"),
                [float(n) for n in range(11)],
            )
            self.assertEqual(
                question.suggested_answer_ids.mapped("value"),
                [str(n) for n in range(11)],
            )

    def test_why_follow_up_is_triggered_only_by_a_rating_below_seven(self):
        overall = self._q("survey_preferential_satisfaction", "q11s")
        why = self._q("survey_preferential_satisfaction", "q11f")
        self.assertEqual(why.question_type, "text_box")
        self.assertEqual(
            sorted(why.triggering_answer_ids.mapped("loyalty_value")),
            [0, 1, 2, 3, 4, 5, 6],
        )
        self.assertEqual(why.triggering_answer_ids.question_id, overall)
        # items without a follow-up in the seed have none
        info = self._q("survey_preferential_satisfaction", "q1s")
        followers = self.survey_pref.question_ids.filtered(
            lambda q: q.triggering_answer_ids.question_id == info
        )
        self.assertFalse(followers)
        with_follow_up = self.survey_pref.question_ids.filtered(
            "triggering_answer_ids"
        ).triggering_answer_ids.question_id.mapped("loyalty_item_key")
        self.assertEqual(
            set(with_follow_up),
            {
                "product_range",
                "value_for_money",
                "products",
                "preferential_service",
                "payment_billing",
                "recommend",
                "overall",
            },
        )

    def test_recommend_follow_up_is_triggered_by_no_only(self):
        recommend = self._q("survey_preferential_satisfaction", "q10")
        why_not = self._q("survey_preferential_satisfaction", "q10f")
        self.assertEqual(recommend.suggested_answer_ids.mapped("value"), ["Yes", "No"])
        self.assertEqual(
            recommend.suggested_answer_ids.mapped("loyalty_value"), [1.0, 0.0]
        )
        self.assertEqual(
            why_not.triggering_answer_ids,
            self.env.ref("customer_loyalty.survey_preferential_satisfaction_q10_no"),
        )

    def test_post_resolution_survey_has_five_questions_with_complaint_handling(self):
        main = self.survey_post.question_ids.filtered(
            lambda q: not q.triggering_answer_ids
        )
        self.assertEqual(len(main), 5)
        self.assertEqual(
            main.mapped("loyalty_measure"),
            ["satisfaction", "satisfaction", "complaint_handling", "overall", "other"],
        )
        complaint = self._q("survey_post_resolution", "q3s")
        self.assertFalse(complaint.constr_mandatory, "only complaints answer it")

    def test_participant_survey_has_three_rated_items(self):
        survey = self.env.ref("customer_loyalty.survey_improvement_participant")
        self.assertEqual(len(survey.question_ids), 3)
        self.assertEqual(
            survey.question_ids.mapped("loyalty_item_key"),
            ["group_invitation", "group_overall", "group_future"],
        )

    def test_annual_interview_is_filled_in_by_the_agent_for_the_customer(self):
        survey = self.env.ref("customer_loyalty.survey_annual_interview")
        action = self.contact_star.with_user(
            self.user_agent
        ).action_start_loyalty_interview()
        # the agent's own answer (demo interviews may exist)
        user_input = self.UserInput.search(
            [
                ("survey_id", "=", survey.id),
                ("partner_id", "=", self.user_agent.partner_id.id),
            ]
        )
        self.assertEqual(len(user_input), 1)
        self.assertEqual(user_input.partner_id, self.user_agent.partner_id)
        self.assertEqual(user_input.loyalty_customer_id, self.customer_star)
        self.assertEqual(user_input.customer_segment_id, self.star)
        self.assertIn(user_input.access_token, action["url"])
        self.assertEqual(len(survey.question_ids.filtered("loyalty_item_key")), 8)

    def test_interview_with_archived_survey_is_refused(self):
        self.env.ref("customer_loyalty.survey_annual_interview").active = False
        with self.assertRaisesRegex(Exception, "archived"):
            self.customer_star.action_start_loyalty_interview()

    def test_answer_worth_more_than_ten_is_refused(self):
        question = self._q("survey_post_resolution", "q1s")
        with self.assertRaises(ValidationError):
            self.env["survey.question.answer"].create(
                {"question_id": question.id, "value": "11", "loyalty_value": 11}
            )
        with self.assertRaises(ValidationError):
            self._choice(question, 10).loyalty_value = -1

    def test_measured_question_must_be_a_choice_with_an_item_key(self):
        with self.assertRaises(ValidationError):
            self.env["survey.question"].create(
                {
                    "survey_id": self.survey_post.id,
                    "title": "Free text rating",
                    "question_type": "text_box",
                    "loyalty_measure": "satisfaction",
                    "loyalty_item_key": "free",
                }
            )
        with self.assertRaises(ValidationError):
            self.env["survey.question"].create(
                {
                    "survey_id": self.survey_post.id,
                    "title": "Rating without item",
                    "question_type": "simple_choice",
                    "loyalty_measure": "satisfaction",
                }
            )
