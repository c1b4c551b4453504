from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .survey_common import SatisfactionAnswersCase


@tagged("post_install", "-at_install")
class TestImprovementCandidates(SatisfactionAnswersCase):
    """The three answers of ``SatisfactionAnswersCase`` given in 2031 (a year
    without demo answers): resolution speed, importance 9 and satisfaction
    5.67, is the improvement candidate; B (5) and C (4) rated it under 7."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the improvement areas of the demo data are not about these items
        cls.env["improvement.area"].search([]).survey_question_ids = False

    def _answer_2031(self, tickets=None):
        with freeze_time("2031-03-15 10:00:00"):
            inputs = self._answer_all()
        for user_input, ticket in zip(inputs, tickets or [], strict=False):
            user_input.ticket_id = ticket
        self._refresh_analysis()
        return inputs

    def _items(self):
        return self.env["customer.satisfaction.item"].search(
            [("survey_id", "=", self.survey_pref.id), ("year", "=", "2031-01-01")]
        )

    def test_candidates_average_the_items_of_a_year(self):
        self._answer_2031()
        by_key = {item.item_key: item for item in self._items()}
        self.assertEqual(set(by_key), {"resolution_speed", "technical_knowledge"})
        speed = by_key["resolution_speed"]
        self.assertAlmostEqual(speed.satisfaction, 17 / 3)
        self.assertEqual(speed.importance, 9)
        self.assertAlmostEqual(speed.gap, 9 - 17 / 3)
        self.assertEqual(speed.answer_count, 3)
        self.assertEqual(speed.quadrant, "improve")
        self.assertEqual(by_key["technical_knowledge"].quadrant, "surplus")
        self.assertEqual(self._items()[0], speed, "candidates come first")

    def test_one_click_creates_an_area_with_the_survey_evidence(self):
        tickets = self.Ticket.create(
            [
                {
                    "name": f"Slow answer {n}",
                    "description": "Slow",
                    "partner_id": customer.id,
                }
                for n, customer in enumerate(self.customers)
            ]
        )
        self._answer_2031(tickets)
        speed = self._items().filtered(lambda i: i.item_key == "resolution_speed")
        action = speed.with_user(self.user_agent).action_create_improvement_area()
        area = self.env["improvement.area"].browse(action["res_id"])
        self.assertEqual(area.name, "Speed of resolution")
        self.assertEqual(area.origin, "survey")
        self.assertEqual(area.state, "identified")
        self.assertEqual(
            area.survey_question_ids,
            self._q("survey_preferential_satisfaction", "q5s")
            | self._q("survey_preferential_satisfaction", "q5i"),
        )
        self.assertEqual(area.ticket_ids, tickets[1:], "B and C rated it under 7")
        self.assertIn("9.0 / 10", str(area.description))
        self.assertEqual(speed.improvement_area_count, 1)

    def test_second_click_opens_the_same_area(self):
        self._answer_2031()
        speed = self._items().filtered(lambda i: i.item_key == "resolution_speed")
        first = speed.action_create_improvement_area()["res_id"]
        self.assertEqual(speed.action_create_improvement_area()["res_id"], first)
        self.env["improvement.area"].browse(first).action_reject()
        self.assertNotEqual(
            speed.action_create_improvement_area()["res_id"],
            first,
            "a rejected area does not hold the item back",
        )

    def test_direction_reads_candidates_but_cannot_create_areas(self):
        self._answer_2031()
        speed = (
            self._items()
            .with_user(self.user_direction)
            .filtered(lambda i: i.item_key == "resolution_speed")
        )
        self.assertEqual(speed.quadrant, "improve")
        with self.assertRaises(AccessError):
            speed.action_create_improvement_area()
        self.assertFalse(
            self.env["customer.satisfaction.item"]
            .with_user(self.user_employee)
            .has_access("read")
        )
