"""Helpers shared by the survey tests."""

from .common import LoyaltyCase


class SurveyLoyaltyCase(LoyaltyCase):
    """Customers with e-mail addresses and helpers to answer the shipped surveys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.UserInput = cls.env["survey.user_input"]
        cls.survey_pref = cls.env.ref(
            "customer_loyalty.survey_preferential_satisfaction"
        )
        cls.survey_post = cls.env.ref("customer_loyalty.survey_post_resolution")
        cls.customer_std.email = "it@standard-hosting.example.com"
        cls.customer_pref.email = "informatica@ayto-prueba.example.com"
        cls.company.email = "support@loyalty.example.com"
        cls.company.loyalty_survey_window_days = 30
        cls.company.loyalty_survey_max_age_days = 30
        cls.company.loyalty_satisfied_threshold = 7
        cls.star.manager_id = cls.user_manager
        cls.preferential.manager_id = cls.user_manager
        cls.standard.write(
            {
                "survey_id": cls.survey_post.id,
                "survey_send_mode": "delayed",
                "survey_delay_days": 5,
            }
        )
        cls.preferential.write(
            {
                "survey_id": cls.survey_post.id,
                "survey_send_mode": "weekly",
                "survey_weekday": "0",
            }
        )
        cls.star.write(
            {"survey_id": cls.survey_post.id, "survey_send_mode": "immediate"}
        )

    @classmethod
    def _campaign_segment(cls, name, code, sequence, count, opt_out_email):
        """A semestral campaign segment of its own (so that demo customers
        never interfere): the segment, ``count`` customers with an e-mail and
        one customer who opted out of surveys."""
        segment = cls.Segment.create(
            {
                "name": name,
                "code": code,
                "sequence": sequence,
                "is_revenue_reviewed": False,
                "periodic_survey_id": cls.survey_pref.id,
                "periodic_survey_frequency": "semestral",
            }
        )
        customers = cls.Partner.create(
            [
                {
                    "name": f"{name} customer {n}",
                    "is_company": True,
                    "email": f"{code.lower()}{n}@example.com",
                    "customer_segment_id": segment.id,
                }
                for n in range(count)
            ]
        )
        opt_out = cls.Partner.create(
            {
                "name": f"{name} without surveys",
                "is_company": True,
                "email": opt_out_email,
                "customer_segment_id": segment.id,
                "is_survey_opt_out": True,
            }
        )
        return segment, customers, opt_out

    def _q(self, survey_xmlid, key):
        return self.env.ref(f"customer_loyalty.{survey_xmlid}_{key}")

    def _choice(self, question, value):
        """The suggested answer of ``question`` worth ``value``."""
        return question.suggested_answer_ids.filtered(
            lambda a: a.loyalty_value == value
        )

    def _close(self, ticket):
        ticket.stage_id = self.closed_stage
        return ticket

    def _answer(self, user_input, answers):
        """Answer and complete ``user_input``: ``answers`` maps question keys of
        its survey to a numeric value (choice questions) or a text."""
        survey_xmlid = user_input.survey_id.get_external_id()[
            user_input.survey_id.id
        ].split(".")[1]
        for key, value in answers.items():
            question = self._q(survey_xmlid, key)
            if question.question_type == "simple_choice":
                user_input._save_lines(question, self._choice(question, value).id)
            else:
                user_input._save_lines(question, value)
        user_input._mark_done()
        self._refresh_analysis()
        return user_input

    def _refresh_analysis(self):
        """The satisfaction analysis and summary as their hourly refresh
        leaves them."""
        self.env["customer.satisfaction.summary"]._refresh_changed()


class SatisfactionAnswersCase(SurveyLoyaltyCase):
    """Three preferential customers answer the satisfaction survey:

    ======== ======= ========= ================= ==================== =========
    customer overall recommend resolution speed  technical knowledge  products
                               sat / importance  sat / importance     sat
    ======== ======= ========= ================= ==================== =========
    A        9       yes       8 / 10            9 / 5                8
    B        6       no        5 / 9             9 / 4                6
    C        7       no        4 / 8             9 / 6                7
    ======== ======= ========= ================= ==================== =========

    overall index (9 + 6 + 7) / 3 = 7.33; satisfied (>= 7): A and C = 66.67 %;
    recommend rate 1 / 3 = 33.33 %; resolution speed: satisfaction 17 / 3 = 5.67,
    importance 27 / 3 = 9 -> improvement candidate; technical knowledge:
    satisfaction 9, importance 5 -> possible over-service.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["customer.satisfaction.report"]
        cls.customers = cls.Partner.create(
            [
                {
                    "name": f"Customer {letter}",
                    "is_company": True,
                    "email": f"{letter.lower()}@example.com",
                    "customer_segment_id": cls.preferential.id,
                }
                for letter in "ABC"
            ]
        )
        cls.answers_by_customer = [
            {"q11s": 9, "q10": 1, "q5s": 8, "q5i": 10, "q7s": 9, "q7i": 5, "q4s": 8},
            {"q11s": 6, "q10": 0, "q5s": 5, "q5i": 9, "q7s": 9, "q7i": 4, "q4s": 6},
            {"q11s": 7, "q10": 0, "q5s": 4, "q5i": 8, "q7s": 9, "q7i": 6, "q4s": 7},
        ]

    def _send(self, customer, survey=None):
        return self.UserInput.create(
            {
                "survey_id": (survey or self.survey_pref).id,
                "partner_id": customer.id,
                "email": customer.email,
                "customer_segment_id": customer.customer_segment_id.id,
            }
        )

    def _answer_all(self):
        inputs = self.UserInput
        for customer, answers in zip(
            self.customers, self.answers_by_customer, strict=True
        ):
            inputs |= self._answer(self._send(customer), answers)
        return inputs
