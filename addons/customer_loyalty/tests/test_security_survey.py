"""Integrity of the customers' survey answers: they come from the customer
(the survey pages, as superuser) or from the interview flow; agents read them
but never change them; marking test entries, deleting answers and scoring
choices are for Loyalty Managers and are logged; other companies do not see
them. Surveys that have nothing to do with loyalty keep Odoo's behaviour for
Survey Officers and Managers."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .survey_common import SurveyLoyaltyCase


@tagged("post_install", "-at_install")
class TestSurveyIntegrity(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.contact_star)
        cls.ticket.stage_id = cls.closed_stage
        cls.answer = cls.UserInput.create(
            {
                "survey_id": cls.survey_post.id,
                "partner_id": cls.contact_star.id,
                "email": cls.contact_star.email,
                "ticket_id": cls.ticket.id,
                "customer_segment_id": cls.star.id,
            }
        )
        cls.overall = cls.env.ref("customer_loyalty.survey_post_resolution_q4s")
        cls.officer_agent = new_test_user(
            cls.env,
            login="cl_officer_agent",
            name="Officer Agent",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_user,"
            "helpdesk_mgmt.group_helpdesk_user,survey.group_survey_user",
        )
        cls.survey_manager = new_test_user(
            cls.env,
            login="cl_survey_manager",
            name="Survey Manager",
            groups="base.group_user,survey.group_survey_manager",
        )
        # a survey of the HR department: nothing to do with loyalty
        cls.hr_survey = cls.env["survey.survey"].create(
            {
                "title": "Canteen feedback",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Food",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create({"value": "Good", "answer_score": 1}),
                                Command.create({"value": "Bad"}),
                            ],
                        }
                    )
                ],
            }
        )
        cls.hr_answer = cls.UserInput.create(
            {"survey_id": cls.hr_survey.id, "email": "employee@example.com"}
        )

    def _answer_as_customer(self):
        # the survey pages work as superuser on the answer of the token
        self._answer(self.answer, {"q4s": 3})
        self.assertTrue(self.answer.is_loyalty_answer)
        return self.answer

    def test_loyalty_users_are_not_survey_officers(self):
        self.assertFalse(self.user_agent.has_group("survey.group_survey_user"))
        self.assertTrue(self.user_manager.has_group("survey.group_survey_manager"))

    def test_the_customer_answers_through_the_survey_flow(self):
        answer = self._answer_as_customer()
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.loyalty_overall_score, 3)
        self.assertEqual(answer.loyalty_company_id, self.company)

    def test_agents_read_but_never_change_a_customers_answer(self):
        answer = self._answer_as_customer()
        for user in (self.user_agent, self.officer_agent):
            as_user = answer.with_user(user)
            with self.subTest(user=user.login):
                self.assertEqual(as_user.loyalty_overall_score, 3)
                as_user.user_input_line_ids.read(["suggested_answer_id"])
                line = as_user.user_input_line_ids.filtered(
                    lambda ln, q=self.overall: ln.question_id == q
                )
                with self.assertRaises(AccessError):
                    line.suggested_answer_id = self._choice(self.overall, 10)
                with self.assertRaises(AccessError):
                    self.env["survey.user_input.line"].with_user(user).create(
                        {
                            "user_input_id": answer.id,
                            "question_id": self.overall.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": self._choice(self.overall, 10).id,
                        }
                    )
                with self.assertRaises(AccessError):
                    line.unlink()
                with self.assertRaises(AccessError):
                    as_user.write({"state": "in_progress"})
                with self.assertRaises(AccessError):
                    as_user.test_entry = True
                with self.assertRaises(AccessError):
                    as_user.unlink()
        self.assertEqual(answer.loyalty_overall_score, 3)
        self.assertFalse(answer.test_entry)

    def test_a_survey_manager_without_loyalty_rights_cannot_rewrite_answers(self):
        answer = self._answer_as_customer().with_user(self.survey_manager)
        with self.assertRaises(AccessError):
            answer.test_entry = True
        with self.assertRaises(AccessError):
            answer.unlink()
        with self.assertRaises(AccessError):
            self._choice(self.overall, 3).with_user(
                self.survey_manager
            ).loyalty_value = 9

    def test_marking_a_test_entry_is_for_managers_and_logged(self):
        answer = self._answer_as_customer()
        answer.with_user(self.user_manager).test_entry = True
        self.assertTrue(answer.test_entry)
        log = answer.message_ids.filtered(lambda m: "test entry" in (m.body or ""))
        self.assertTrue(log)
        self.assertEqual(log.author_id, self.user_manager.partner_id)

    def test_deleting_an_answer_is_for_managers_and_logged_on_the_survey(self):
        answer = self._answer_as_customer()
        answer.with_user(self.user_manager).unlink()
        self.assertFalse(answer.exists())
        log = self.survey_post.message_ids.filtered(
            lambda m: "deleted the answers" in (m.body or "")
        )
        self.assertIn("Star Datacenter", log[:1].body)

    def test_scoring_a_choice_is_for_managers_and_logged(self):
        choice = self._choice(self.overall, 3)
        with self.assertRaises(AccessError):
            choice.with_user(self.officer_agent).loyalty_value = 9
        with self.assertRaises(AccessError):
            choice.with_user(self.officer_agent).unlink()
        with self.assertRaises(AccessError):
            self.env["survey.question.answer"].with_user(self.officer_agent).create(
                {"question_id": self.overall.id, "value": "11", "loyalty_value": 10}
            )
        with self.assertRaises(AccessError):
            self.overall.with_user(self.officer_agent).loyalty_measure = "other"
        choice.with_user(self.user_manager).loyalty_value = 4
        log = self.survey_post.message_ids.filtered(
            lambda m: "changed the value" in (m.body or "")
        )
        self.assertTrue(log)
        self.assertIn("3.0", log[:1].body)

    def test_survey_officers_keep_their_rights_on_other_surveys(self):
        officer = self.officer_agent
        hr_answer = self.hr_answer.with_user(officer)
        question = self.hr_survey.question_ids
        self.hr_answer.with_user(self.survey_manager)._save_lines(
            question, question.suggested_answer_ids[:1].id
        )
        self.hr_answer.user_input_line_ids.with_user(
            self.survey_manager
        ).suggested_answer_id = question.suggested_answer_ids[1:2]
        hr_answer.test_entry = True
        question.suggested_answer_ids[:1].with_user(officer).answer_score = 2
        self.env["survey.question.answer"].with_user(officer).create(
            {"question_id": question.id, "value": "Average"}
        )
        hr_answer.unlink()
        self.assertFalse(self.hr_answer.exists())

    def test_the_interview_is_the_agents_way_to_answer_for_a_customer(self):
        self.customer_star.with_user(self.user_agent).action_start_loyalty_interview()
        interview = self.UserInput.search(
            [
                (
                    "survey_id",
                    "=",
                    self.env.ref("customer_loyalty.survey_annual_interview").id,
                ),
                # the demo holds interviews of its own customers
                ("loyalty_customer_id", "=", self.customer_star.id),
            ]
        )
        self.assertTrue(interview.is_loyalty_interview)
        self.assertTrue(interview.is_loyalty_answer)
        self.assertEqual(interview.loyalty_company_id, self.company)
        # the agent fills it in through the survey pages, not over RPC
        with self.assertRaises(AccessError):
            interview.with_user(self.user_agent).write({"state": "done"})

    def test_employees_without_loyalty_rights_cannot_interview(self):
        with self.assertRaises(AccessError):
            self.customer_star.with_user(
                self.user_employee
            ).action_start_loyalty_interview()


@tagged("post_install", "-at_install")
class TestSurveyAnswersCompanyRule(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Survey Co"})
        cls.other_manager = new_test_user(
            cls.env,
            login="cl_survey_other_manager",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        ticket = cls._create_ticket(cls.contact_star)
        cls.answer = cls.UserInput.create(
            {
                "survey_id": cls.survey_post.id,
                "partner_id": cls.contact_star.id,
                "ticket_id": ticket.id,
            }
        )
        cls.answer._save_lines(
            cls.env.ref("customer_loyalty.survey_post_resolution_q4s"),
            cls.env.ref("customer_loyalty.survey_post_resolution_q4s")
            .suggested_answer_ids[:1]
            .id,
        )

    def test_another_companys_manager_does_not_see_the_answers(self):
        UserInput = self.UserInput.with_user(self.other_manager)
        self.assertFalse(UserInput.search([("id", "=", self.answer.id)]))
        self.assertFalse(
            self.env["survey.user_input.line"]
            .with_user(self.other_manager)
            .search([("user_input_id", "=", self.answer.id)])
        )
        with self.assertRaises(AccessError):
            self.answer.with_user(self.other_manager).read(["email"])

    def test_the_managers_of_the_company_see_them(self):
        UserInput = self.UserInput.with_user(self.user_manager)
        self.assertEqual(UserInput.search([("id", "=", self.answer.id)]), self.answer)


@tagged("post_install", "-at_install")
class TestSurveyPurpose(SurveyLoyaltyCase):
    def test_only_managers_change_what_a_loyalty_survey_is_for(self):
        officer = new_test_user(
            self.env,
            login="cl_purpose_officer",
            groups="base.group_user,survey.group_survey_manager",
        )
        self.survey_post.loyalty_purpose = "post_resolution"
        with self.assertRaises(AccessError):
            self.survey_post.with_user(officer).loyalty_purpose = "participant"
        self.assertEqual(self.survey_post.loyalty_purpose, "post_resolution")
        self.survey_post.with_user(self.user_manager).loyalty_purpose = "complaint"
        log = self.survey_post.message_ids.filtered(
            lambda m: "changed the purpose" in (m.body or "")
        )
        self.assertEqual(log.author_id, self.user_manager.partner_id)
