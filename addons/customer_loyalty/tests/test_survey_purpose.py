from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import SMART_ALL
from .signals_common import SignalsCase


@tagged("post_install", "-at_install")
class TestSurveyPurpose(SignalsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["customer.satisfaction.report"]
        cls.participant_survey = cls.env.ref(
            "customer_loyalty.survey_improvement_participant"
        )
        area = cls.env["improvement.area"].create(
            {"name": "Payment incidents", **SMART_ALL}
        )
        cls.project = cls.env["improvement.project"].create(
            {
                "name": "SMART 1",
                "objective": "Public administrations know how to pay.",
                "area_id": area.id,
                "leader_id": cls.user_manager.id,
                "member_ids": [Command.set(cls.user_agent.ids)],
                "date_start": date(2020, 1, 1),
            }
        )
        cls.customer = cls._customer("Surveyed SL")

    def _participant_answer(self, value, **vals):
        user_input = self.env["survey.user_input"].create(
            {
                "survey_id": self.participant_survey.id,
                "partner_id": self.customer.id,
                "email": "member@example.com",
                **vals,
            }
        )
        for question in self.participant_survey.question_ids.filtered(
            lambda q: q.loyalty_measure in ("satisfaction", "overall")
        ):
            user_input._save_lines(
                question,
                question.suggested_answer_ids.filtered(
                    lambda a: a.loyalty_value == value
                ).id,
            )
        user_input._mark_done()
        return user_input

    def _figures(self):
        self.Report._refresh_months([date(2020, 11, 1)])
        kpis = self.env["customer.kpi"]
        figures = {}
        for formula in ("satisfaction_index", "satisfied_rate", "recommend_rate"):
            kpi = kpis.search([("formula", "=", formula)], limit=1)
            result = getattr(kpi, f"_kpi_{formula}")(
                date(2020, 11, 1), date(2020, 12, 1), self.standard
            )
            figures[formula] = result[False]
        rows = self.Report.search([("month", "=", date(2020, 11, 1))])
        figures["rows"] = len(rows)
        figures["items"] = sorted(set(rows.mapped("item_key")))
        return figures

    @freeze_time("2020-11-15")
    def test_participant_answers_change_no_customer_satisfaction_figure(self):
        self._answer(self.customer, overall=8, recommend=1)
        before = self._figures()
        self.assertEqual(before["satisfaction_index"], 8)
        # members value their group: with the project, and even without it
        self._participant_answer(2, improvement_project_id=self.project.id)
        self._participant_answer(3, improvement_project_id=self.project.id)
        self._participant_answer(2)
        self.assertEqual(self._figures(), before)
        # the customer's health reads the customer's answer only
        self.Snapshot._refresh_health([self.customer.id])
        self.assertEqual(self.customer.customer_health_factors["satisfaction"][0], 8.0)
        # the results belong to the project, item by item
        results = self.project.participant_item_results
        self.assertIn("2.5", results)
        self.assertIn("50 % 2", results)
        self.assertIn("50 % 3", results)

    @freeze_time("2020-11-15")
    def test_the_analysis_is_filtered_by_purpose(self):
        self._answer(self.customer, overall=9)
        self._answer(
            self.customer,
            overall=5,
            survey=self.env.ref("customer_loyalty.survey_post_resolution"),
        )
        self._figures()
        overall = self.Report.search(
            [("measure", "=", "overall"), ("month", "=", date(2020, 11, 1))]
        )
        self.assertEqual(
            sorted(overall.mapped("survey_purpose")),
            ["customer_satisfaction", "post_resolution"],
        )
        periodic = overall.filtered(
            lambda r: r.survey_purpose == "customer_satisfaction"
        )
        self.assertEqual(periodic.satisfaction, 9)

    @freeze_time("2020-11-15")
    def test_each_satisfaction_kpi_names_the_surveys_it_reads(self):
        Kpi = self.env["customer.kpi"]
        index = Kpi.search([("formula", "=", "satisfaction_index")], limit=1)
        self.assertEqual(index.survey_purpose, "customer")
        self.assertFalse(
            Kpi.search([("formula", "=", "revenue")], limit=1).survey_purpose
        )
        self._answer(self.customer, overall=9)
        self._answer(
            self.customer,
            overall=5,
            survey=self.env.ref("customer_loyalty.survey_post_resolution"),
        )
        self.Report._refresh_months([date(2020, 11, 1)])
        window = (date(2020, 11, 1), date(2020, 12, 1), self.standard)
        self.assertEqual(index._kpi_satisfaction_index(*window)[False], 7)
        index.survey_purpose = "post_resolution"
        self.assertEqual(index._kpi_satisfaction_index(*window)[False], 5)
        index.survey_purpose = "customer_satisfaction"
        self.assertEqual(index._kpi_satisfaction_index(*window)[False], 9)

    def test_a_changed_purpose_rebuilds_the_months_of_its_answers(self):
        """The analysis and its summary are rebuilt month by month, for the
        months whose answers changed: changing what a survey is for changes
        whether all its answers count, so their months are rebuilt at the
        next refresh (and only those)."""
        Summary = self.env["customer.satisfaction.summary"]
        periodic = self.env.ref("customer_loyalty.survey_preferential_satisfaction")
        november, october = date(2020, 11, 1), date(2020, 10, 1)
        with freeze_time("2020-11-15"):
            answers = self._answer(self.customer, overall=9)
        with freeze_time("2020-10-15"):
            answers |= self._answer(
                self.customer,
                overall=4,
                survey=self.env.ref("customer_loyalty.survey_post_resolution"),
            )
        Summary._cron_refresh()
        # answered long before the refresh (everything this test writes has
        # the time of its one transaction, the refresh's time)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE survey_user_input SET write_date = '2020-11-16' WHERE id IN %s",
            (tuple(answers.ids),),
        )
        answers.invalidate_recordset(["write_date"])

        def counted():
            # the months of 2020 (the demo data answers in later years)
            domain = [
                ("survey_id", "=", periodic.id),
                ("month", ">=", date(2020, 1, 1)),
                ("month", "<", date(2021, 1, 1)),
            ]
            return (
                sorted(set(Summary.search(domain).mapped("month"))),
                bool(self.Report.search(domain)),
            )

        self.assertEqual(counted(), ([november], True))
        october_rows = self.Report.search([("month", "=", october)])
        self.assertTrue(october_rows)

        periodic.with_user(self.user_manager).write({"loyalty_purpose": "participant"})
        Summary._cron_refresh()
        self.assertEqual(counted(), ([], False))
        # the other months were not rebuilt (their rows are the same rows)
        self.assertEqual(self.Report.search([("month", "=", october)]), october_rows)

        periodic.with_user(self.user_manager).write(
            {"loyalty_purpose": "customer_satisfaction"}
        )
        Summary._cron_refresh()
        self.assertEqual(counted(), ([november], True))
