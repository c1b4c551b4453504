from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SMART_ALL, LoyaltyCase


@tagged("post_install", "-at_install")
class TestInterviewPlan(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["customer.interview.plan"]
        cls.Interview = cls.env["customer.interview"]
        cls.Plan.search([("year", "=", 2026)]).unlink()
        cls.plan = cls.Plan.create({"year": 2026})
        cls.clients = cls.Partner.create(
            [{"name": f"Internal client {n}", "is_company": True} for n in range(4)]
        )
        cls.interviews = cls.Interview.create(
            [
                {
                    "plan_id": cls.plan.id,
                    "partner_id": client.id,
                    "planned_date": date(2026, 2, 1 + 7 * n),
                    "interviewer_id": cls.user_agent.id,
                }
                for n, client in enumerate(cls.clients)
            ]
        )

    def _interview(self, interview):
        """The interviewer fills the interview survey in and completes it."""
        action = interview.with_user(self.user_agent).action_start_interview()
        self.assertIn("/survey/", action["url"])
        interview.user_input_id.sudo()._mark_done()
        return interview.user_input_id

    def test_interview_is_filled_in_on_the_customers_behalf(self):
        interview = self.interviews[0]
        answers = self._interview(interview)
        self.assertTrue(answers.is_loyalty_interview)
        self.assertEqual(answers.loyalty_customer_id, interview.partner_id)
        self.assertEqual(interview.state, "done")
        self.assertTrue(interview.done_date)

    def test_coverage_counts_done_over_interviews_not_cancelled(self):
        self._interview(self.interviews[0])
        self._interview(self.interviews[1])
        self.interviews[3].action_cancel()
        self.assertEqual(self.plan.interview_count, 3)
        self.assertEqual(self.plan.done_count, 2)
        self.assertAlmostEqual(self.plan.coverage, 200 / 3)

    def test_overdue_list(self):
        self._interview(self.interviews[0])
        with freeze_time("2026-02-16"):
            # 1 Feb done, 8 Feb and 15 Feb overdue, 22 Feb still to come
            overdue = self.Interview.search(
                [("plan_id", "=", self.plan.id), ("is_overdue", "=", True)]
            )
            self.assertEqual(overdue, self.interviews[1:3])
            self.assertEqual(self.plan.overdue_count, 2)
            not_overdue = self.Interview.search(
                [("plan_id", "=", self.plan.id), ("is_overdue", "=", False)]
            )
            self.assertEqual(not_overdue, self.interviews[0] | self.interviews[3])

    def test_interviewers_get_an_activity_on_the_planned_date(self):
        activity = self.interviews[2].activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_agent)
        self.assertEqual(activity.date_deadline, date(2026, 2, 15))
        self.interviews[2].interviewer_id = self.user_manager
        self.assertEqual(self.interviews[2].activity_ids.user_id, self.user_manager)

    def test_segment_customers_are_added_once(self):
        self.clients[:2].customer_segment_id = self.star
        self.plan.segment_ids = self.star
        self.plan.action_add_segment_customers()
        count = len(self.plan.interview_ids)
        self.plan.action_add_segment_customers()
        self.assertEqual(len(self.plan.interview_ids), count)
        self.assertIn(self.customer_star, self.plan.interview_ids.partner_id)

    def test_only_managers_add_customers(self):
        self.plan.segment_ids = self.star
        with self.assertRaises(AccessError):
            self.plan.with_user(self.user_agent).action_add_segment_customers()

    def test_project_warns_when_its_customer_was_not_interviewed_that_year(self):
        area = self.env["improvement.area"].create(
            {"name": "IT work plan", **SMART_ALL}
        )
        project = self.env["improvement.project"].create(
            {
                "name": "Work plan 2026",
                "objective": "Agree the year's work plan with the client.",
                "area_id": area.id,
                "date_start": date(2026, 3, 1),
                "partner_id": self.clients[0].id,
            }
        )
        self.assertTrue(project.is_customer_not_interviewed)
        self._interview(self.interviews[0])
        project.invalidate_recordset(["is_customer_not_interviewed"])
        self.assertFalse(project.is_customer_not_interviewed)
        project.date_start = date(2027, 1, 15)
        self.assertTrue(project.is_customer_not_interviewed)
