"""The demo shows the loyalty signals as a manager would read them."""

from odoo.tests import tagged

from ..stories.customers import CUSTOMERS
from .common import DemoCase


@tagged("post_install", "-at_install")
class TestDemoSignals(DemoCase):
    def _partner(self, key):
        return self.env.ref("customer_loyalty_demo.demo_customer_" + key, False) or (
            self.env.ref("customer_loyalty.demo_customer_" + key)
        )

    def test_every_other_month_customers_raise_no_loss(self):
        steady = [
            self._partner(key)
            for key, __, __, __, __, timeline, products in CUSTOMERS
            if timeline == [(18, "STD")] and not any(products.values())
        ]
        self.assertTrue(steady)
        self.assertFalse(
            self.env["customer.lost.service"].search(
                [("partner_id", "in", [p.id for p in steady])]
            )
        )

    def test_a_customer_moved_down_to_standard_loses_only_what_it_stopped(self):
        # its contract keeps the monthly billing: only the dedicated server
        # it stopped buying is lost, not the hosting it still pays monthly
        losses = self.env["customer.lost.service"].search(
            [("partner_id", "=", self._partner("logistica").id)]
        )
        self.assertEqual(
            losses.product_id,
            self.env.ref("customer_loyalty_demo.product_product_demo_dedicated_l"),
        )

    def test_two_customers_are_really_lost_one_with_a_reason(self):
        left = self.env["customer.segment.history"].search(
            [("date_to", "!=", False), ("partner_id.customer_segment_id", "=", False)]
        )
        self.assertGreaterEqual(len(left.partner_id), 2)
        with_reason = left.filtered("lost_reason_id")
        self.assertEqual(with_reason.partner_id, self._partner("shop"))
        self.assertEqual(with_reason.lost_reason_id.code, "price")
        self.assertTrue(
            self.env["customer.lost.service"].search(
                [("partner_id", "in", left.partner_id.ids)]
            )
        )

    def test_three_customers_are_at_risk_with_explained_scores(self):
        at_risk = self.env["res.partner"].search(
            [("is_customer_health_at_risk", "=", True)]
        )
        self.assertGreaterEqual(len(at_risk), 3)
        for key in ("hostel", "colegio", "clinica"):
            partner = self._partner(key)
            with self.subTest(customer=partner.name):
                self.assertIn(partner, at_risk)
                self.assertLess(
                    partner.customer_health_score,
                    partner.customer_segment_id.health_threshold,
                )
                self.assertIn("Overdue debt", partner.customer_health_reason)
                self.assertIn("Complaints", partner.customer_health_reason)

    def test_participant_answers_appear_only_in_their_projects(self):
        participant = self.env.ref("customer_loyalty.survey_improvement_participant")
        answers = self.env["survey.user_input"].search(
            [("survey_id", "=", participant.id), ("state", "=", "done")]
        )
        self.assertTrue(answers)
        self.assertFalse(
            self.env["customer.satisfaction.report"].search_count(
                [("survey_id", "=", participant.id)]
            )
        )
        projects = answers.improvement_project_id
        self.assertTrue(projects)
        for project in projects:
            self.assertTrue(project.participant_item_results)
