from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestSegmentReview(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += cls.env.ref(
            "customer_loyalty.customer_loyalty_group_manager"
        )
        cls.standard = cls.env.ref("customer_loyalty.segment_standard")
        cls.preferential = cls.env.ref("customer_loyalty.segment_preferential")
        cls.star = cls.env.ref("customer_loyalty.segment_star")
        (cls.standard | cls.preferential | cls.star).write({"company_id": False})
        cls.standard.revenue_threshold = 0
        cls.preferential.revenue_threshold = 1000
        cls.star.revenue_threshold = 5000
        Partner = cls.env["res.partner"]
        cls.grower = Partner.create(
            {
                "name": "Grower",
                "is_company": True,
                "customer_segment_id": cls.standard.id,
            }
        )
        cls.faller = Partner.create(
            {"name": "Faller", "is_company": True, "customer_segment_id": cls.star.id}
        )
        cls.steady = Partner.create(
            {
                "name": "Steady",
                "is_company": True,
                "customer_segment_id": cls.preferential.id,
            }
        )
        cls.newcomer = Partner.create({"name": "Newcomer", "is_company": True})
        review_day = date(2026, 6, 30)
        cls.review_day = review_day
        # Grower: 4000 + 2000 - 500 refund = 5500 in the last 12 months -> Star
        cls._invoice(cls.grower, 4000, date(2025, 9, 1))
        cls._invoice(cls.grower, 2000, date(2026, 2, 1))
        cls._invoice(cls.grower, 500, date(2026, 3, 1), refund=True)
        # an invoice older than 12 months does not count
        cls._invoice(cls.faller, 90000, date(2025, 6, 1))
        # Faller: 300 in the period -> Standard (downgrade)
        cls._invoice(cls.faller, 300, date(2026, 1, 15))
        # Steady: 2000 -> stays Preferential, no proposal
        cls._invoice(cls.steady, 2000, date(2026, 5, 1))
        # Newcomer: 1200 -> Preferential
        cls._invoice(cls.newcomer, 1200, date(2026, 6, 1))
        # draft invoices do not count
        cls.init_invoice("out_invoice", cls.steady, date(2026, 5, 2), amounts=[100000])

    @classmethod
    def _invoice(cls, partner, amount, invoice_date, refund=False):
        return cls.init_invoice(
            "out_refund" if refund else "out_invoice",
            partner,
            invoice_date,
            amounts=[amount],
            post=True,
        )

    def _review(self):
        return self.env["customer.segment.review"].create(
            {"review_date": self.review_day}
        )

    def test_revenue_of_the_last_12_months_minus_refunds(self):
        revenue = self._review()._get_revenue_by_customer()
        self.assertAlmostEqual(revenue[self.grower.id], 5500)
        self.assertAlmostEqual(revenue[self.faller.id], 300)
        self.assertAlmostEqual(revenue[self.steady.id], 2000)

    def test_proposals_follow_the_thresholds(self):
        review = self._review()
        review.action_propose()
        proposals = {
            line.partner_id: (line.current_segment_id, line.proposed_segment_id)
            for line in review.line_ids
        }
        self.assertEqual(proposals[self.grower], (self.standard, self.star))
        self.assertEqual(proposals[self.faller], (self.star, self.standard))
        self.assertEqual(
            proposals[self.newcomer],
            (self.env["customer.segment"], self.preferential),
        )
        self.assertNotIn(self.steady, proposals)
        directions = {line.partner_id: line.direction for line in review.line_ids}
        self.assertEqual(directions[self.grower], "up")
        self.assertEqual(directions[self.faller], "down")

    def test_accepted_proposals_go_through_history_at_the_review_date(self):
        review = self._review()
        review.action_propose()
        lines = {line.partner_id: line for line in review.line_ids}
        lines[self.grower].action_accept()
        lines[self.faller].action_reject()
        review.action_apply()
        self.assertEqual(review.state, "done")
        self.assertEqual(self.grower.customer_segment_id, self.star)
        self.assertEqual(self.faller.customer_segment_id, self.star)
        self.assertFalse(self.newcomer.customer_segment_id)
        period = self.env["customer.segment.history"].search(
            [("partner_id", "=", self.grower.id), ("segment_id", "=", self.star.id)]
        )
        self.assertEqual(period.date_from, self.review_day)

    def test_applying_without_accepted_proposal_is_refused(self):
        review = self._review()
        review.action_propose()
        review.action_reject_all()
        with self.assertRaises(UserError):
            review.action_apply()
        self.assertEqual(self.grower.customer_segment_id, self.standard)

    def test_segments_outside_the_review_are_left_alone(self):
        partners_segment = self.env["customer.segment"].create(
            {"name": "Partners", "code": "PARTNERS", "is_revenue_reviewed": False}
        )
        self.grower.customer_segment_id = partners_segment
        review = self._review()
        review.action_propose()
        self.assertNotIn(self.grower, review.line_ids.partner_id)
