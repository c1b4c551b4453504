from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestCustomerSegment(LoyaltyCase):
    def test_shipped_segments_have_growing_levels(self):
        self.assertLess(self.standard.sequence, self.preferential.sequence)
        self.assertLess(self.preferential.sequence, self.star.sequence)
        self.assertFalse(self.standard.is_preferential)
        self.assertTrue(self.preferential.is_preferential)
        self.assertTrue(self.star.is_preferential)
        self.assertEqual(
            (self.standard | self.preferential | self.star).mapped("code"),
            ["STD", "PREF", "STAR"],
        )

    def test_duplicate_code_in_the_same_company_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.Segment.create({"name": "Other star", "code": "star"})
        self.assertIn("STAR", str(error.exception).upper())

    def test_same_code_in_another_company_is_accepted(self):
        other = self.env["res.company"].create({"name": "Other Hosting"})
        segment = self.Segment.create(
            {"name": "Star B", "code": "STAR", "company_id": other.id}
        )
        self.assertEqual(segment.code, "STAR")

    def test_negative_targets_are_refused(self):
        for field in (
            "response_target_hours",
            "resolution_target_hours",
            "followup_interval_days",
            "revenue_threshold",
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.Segment.create({"name": "Bad", "code": "BAD", field: -1})
        self.assertFalse(self.Segment.search([("code", "=", "BAD")]))

    def test_negative_threshold_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.standard.revenue_threshold = -5
        self.assertIn("Revenue Threshold", str(error.exception))

    def test_thresholds_must_grow_with_the_level(self):
        with self.assertRaises(ValidationError) as error:
            self.star.revenue_threshold = self.preferential.revenue_threshold - 1
        self.assertIn("Revenue Threshold", str(error.exception))

    def test_segment_outside_review_does_not_constrain_thresholds(self):
        self.Segment.create(
            {
                "name": "Partners programme",
                "code": "PARTNER",
                "sequence": 40,
                "revenue_threshold": 0,
                "is_revenue_reviewed": False,
            }
        )

    def test_customer_count_counts_commercial_entities_only(self):
        # customer_star has one contact: the segment still counts one customer
        self.assertEqual(self.contact_star.customer_segment_id, self.star)
        before = self.star.partner_count
        self.Partner.create(
            {"name": "Second contact", "parent_id": self.customer_star.id}
        )
        self.star.invalidate_recordset(["partner_count"])
        self.assertEqual(self.star.partner_count, before)

    def test_segment_is_found_by_its_code(self):
        self.assertEqual(self.Segment.name_search("STAR")[0][0], self.star.id)

    def test_view_customers_action_filters_on_the_segment(self):
        action = self.star.action_view_customers()
        customers = self.Partner.search(action["domain"])
        self.assertIn(self.customer_star, customers)
        self.assertNotIn(self.contact_star, customers)
        self.assertNotIn(self.customer_pref, customers)
