from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PdfReportCase
from .survey_common import SatisfactionAnswersCase


@tagged("post_install", "-at_install")
class TestSatisfactionAnnualReport(SatisfactionAnswersCase, PdfReportCase):
    """The three answers of ``SatisfactionAnswersCase`` in 2031 (index 7.33,
    66.67 % satisfied, 33.33 % would recommend; resolution speed is the
    improvement candidate) against one answer in 2030: overall 10, would
    recommend, resolution speed 9 / importance 9."""

    def _year_2030_and_2031(self):
        with freeze_time("2030-06-01 10:00:00"):
            self._answer(
                self._send(self.customers[0]),
                {"q11s": 10, "q10": 1, "q5s": 9, "q5i": 9},
            )
        with freeze_time("2031-03-15 10:00:00"):
            self._answer_all()
        self.env.flush_all()

    def _wizard(self, **vals):
        return self.env["customer.satisfaction.annual"].create(
            {"year": 2031, "survey_id": self.survey_pref.id, **vals}
        )

    def test_figures_compare_the_year_with_the_year_before(self):
        self._year_2030_and_2031()
        figures = self._wizard()._report_figures()
        self.assertEqual(figures["current"]["overall_index"], 7.33)
        self.assertEqual(figures["current"]["satisfied_pct"], 66.67)
        self.assertEqual(figures["current"]["recommend_rate"], 33.33)
        self.assertEqual(figures["previous"]["overall_index"], 10)
        self.assertEqual(figures["previous"]["recommend_rate"], 100)
        speed = next(i for i in figures["items"] if i["item_key"] == "resolution_speed")
        self.assertEqual((speed["satisfaction"], speed["importance"]), (5.67, 9.0))
        self.assertEqual(speed["last_satisfaction"], 9.0)
        self.assertEqual(
            [i["item_key"] for i in figures["candidates"]], [speed["item_key"]]
        )

    def test_segment_choice_narrows_the_figures(self):
        self._year_2030_and_2031()
        figures = self._wizard(segment_id=self.star.id)._report_figures()
        self.assertEqual(figures["current"]["response_count"], 0)
        self.assertFalse(figures["current"]["overall_index"])

    def test_report_renders_to_pdf_with_its_figures(self):
        self._year_2030_and_2031()
        wizard = self._wizard()
        self.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        action = wizard.action_print()
        self.assertEqual(
            action["report_name"], "customer_loyalty.report_satisfaction_annual"
        )
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "customer_loyalty.report_satisfaction_annual", wizard.ids
        )[0].decode()
        self.assertIn("Annual Satisfaction Report", html)
        self.assertIn("7.33", html)
        self.assertIn("66.67", html)
        self.assertIn("Speed of resolution", html)
        self.assertIn("Improvement candidate", html)
        self.assertRendersToPdf(
            "customer_loyalty.report_satisfaction_annual", wizard.ids
        )

    def test_a_year_without_answers_is_refused_with_a_clear_error(self):
        with self.assertRaises(UserError):
            self._wizard(year=2029).action_print()
        with self.assertRaises(ValidationError):
            self._wizard(year=31)
