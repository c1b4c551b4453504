"""Helpers shared by the survey tests (issue #5)."""

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
        return user_input
