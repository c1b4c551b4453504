from freezegun import freeze_time

from odoo.tests import tagged

from .survey_common import SatisfactionAnswersCase


@tagged("post_install", "-at_install")
class TestSatisfactionReport(SatisfactionAnswersCase):
    """Figures of the three answers of ``SatisfactionAnswersCase``."""

    def test_report_has_one_row_per_answered_item(self):
        inputs = self._answer_all()
        self.env.flush_all()
        rows = self.Report.search([("user_input_id", "in", inputs.ids)])
        # overall, recommend, resolution speed, technical knowledge, products
        self.assertEqual(len(rows), 15)
        speed_a = rows.filtered(
            lambda r: (
                r.partner_id == self.customers[0] and r.item_key == "resolution_speed"
            )
        )
        self.assertEqual((speed_a.satisfaction, speed_a.importance), (8, 10))
        self.assertEqual(
            speed_a.question_id,
            self.env.ref("customer_loyalty.survey_preferential_satisfaction_q5s"),
        )
        self.assertEqual(speed_a.segment_id, self.preferential)
        self.assertEqual(speed_a.survey_id, self.survey_pref)
        self.assertEqual(speed_a.month.day, 1)

    def test_kpis_of_three_known_answers(self):
        inputs = self._answer_all()
        kpis = self.Report.get_satisfaction_kpis([("user_input_id", "in", inputs.ids)])
        self.assertEqual(kpis["overall_index"], 7.33)
        self.assertEqual(kpis["satisfied_pct"], 66.67)
        self.assertEqual(kpis["recommend_rate"], 33.33)
        self.assertEqual(kpis["response_count"], 3)
        self.assertEqual(kpis["recommend_count"], 3)

    def test_satisfied_threshold_is_configurable(self):
        self.company.loyalty_satisfied_threshold = 8
        self.preferential.company_id = self.company
        inputs = self._answer_all()
        kpis = self.Report.get_satisfaction_kpis([("user_input_id", "in", inputs.ids)])
        self.assertEqual(kpis["satisfied_pct"], 33.33)

    def test_kpis_without_answers_are_empty(self):
        kpis = self.Report.get_satisfaction_kpis([("id", "=", 0)])
        self.assertFalse(kpis["overall_index"])
        self.assertEqual(kpis["response_count"], 0)

    def test_unfinished_and_test_answers_are_not_counted(self):
        unfinished = self._send(self.customers[0])
        unfinished._save_lines(
            self._q("survey_preferential_satisfaction", "q11s"),
            self._choice(self._q("survey_preferential_satisfaction", "q11s"), 2).id,
        )
        test_entry = self._answer(self._send(self.customers[1]), {"q11s": 1})
        test_entry.test_entry = True
        self._refresh_analysis()
        self.assertFalse(
            self.Report.search_count(
                [("user_input_id", "in", (unfinished | test_entry).ids)]
            )
        )

    def test_importance_satisfaction_matrix_flags_improvement_candidates(self):
        inputs = self._answer_all()
        matrix = self.Report.get_importance_satisfaction_matrix(
            [("user_input_id", "in", inputs.ids)]
        )
        by_item = {row["item_key"]: row for row in matrix}
        self.assertEqual(set(by_item), {"resolution_speed", "technical_knowledge"})
        speed = by_item["resolution_speed"]
        self.assertEqual((speed["satisfaction"], speed["importance"]), (5.67, 9.0))
        self.assertEqual(speed["quadrant"], "improve")
        self.assertEqual(speed["count"], 3)
        self.assertEqual(by_item["technical_knowledge"]["quadrant"], "surplus")
        self.assertEqual(matrix[0]["item_key"], "resolution_speed")

    def test_matrix_view_shows_importance_and_satisfaction_side_by_side(self):
        # a month without demo answers
        with freeze_time("2031-03-15 10:00:00"):
            self._answer_all()
        groups = self.env["customer.satisfaction.matrix"]._read_group(
            [("month", "=", "2031-03-01"), ("survey_id", "=", self.survey_pref.id)],
            ["item_name", "dimension"],
            ["score:avg", "__count"],
        )
        matrix = {
            (name, dim): (round(score, 2), count) for name, dim, score, count in groups
        }
        self.assertEqual(
            matrix,
            {
                ("Speed of resolution", "importance"): (9.0, 3),
                ("Speed of resolution", "satisfaction"): (5.67, 3),
                ("Technical knowledge of agents", "importance"): (5.0, 3),
                ("Technical knowledge of agents", "satisfaction"): (9.0, 3),
            },
        )

    def test_analysis_reads_with_a_bounded_number_of_queries(self):
        inputs = self._answer_all()
        domain = [("user_input_id", "in", inputs.ids)]
        self.Report.get_satisfaction_kpis(domain)
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self.Report.get_satisfaction_kpis(domain)

    def test_direction_reads_the_analysis_but_employees_do_not(self):
        inputs = self._answer_all()
        domain = [("user_input_id", "in", inputs.ids)]
        self.assertEqual(
            self.Report.with_user(self.user_direction).search_count(domain), 15
        )
        self.assertFalse(self.Report.with_user(self.user_employee).has_access("read"))

    # ------------------------------------------------------------------
    # Low score alert
    # ------------------------------------------------------------------
    def _callback_activities(self, inputs):
        return self.env["mail.activity"].search(
            [("res_model", "=", "survey.user_input"), ("res_id", "in", inputs.ids)]
        )

    def test_low_overall_score_creates_one_call_back_activity(self):
        inputs = self._answer_all()
        activities = self._callback_activities(inputs)
        self.assertEqual(len(activities), 1, "only B scored under 7")
        self.assertEqual(activities.res_id, inputs[1].id)
        self.assertEqual(activities.user_id, self.user_manager)
        self.assertEqual(
            activities.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertTrue(inputs[1].is_low_score_alerted)
        inputs._alert_low_scores()
        self.assertEqual(len(self._callback_activities(inputs)), 1, "created once")

    def test_low_score_of_a_ticket_survey_is_noted_on_the_ticket(self):
        ticket = self._create_ticket(self.contact_star)
        self._close(ticket)
        user_input = self.UserInput.create(
            {
                "survey_id": self.survey_post.id,
                "partner_id": self.contact_star.id,
                "ticket_id": ticket.id,
                "customer_segment_id": self.star.id,
            }
        )
        self._answer(user_input, {"q1s": 3, "q2s": 5, "q4s": 4})
        activity = self._callback_activities(user_input)
        self.assertEqual(activity.user_id, self.star.manager_id)
        self.assertIn(ticket.number, str(activity.note))
        self.assertIn("4.0/10", str(ticket.message_ids[:1].body))
        self.assertEqual(ticket.survey_overall_score, 4)
