from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSurveyPortal(HttpCase):
    """A customer answers the post-resolution survey through its real URL."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("customer_loyalty.survey_post_resolution")
        cls.manager = new_test_user(
            cls.env,
            login="cl_portal_manager",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
        )
        cls.segment = cls.env["customer.segment"].create(
            {
                "name": "Portal segment",
                "code": "PORTAL",
                "sequence": 97,
                "is_revenue_reviewed": False,
                "manager_id": cls.manager.id,
                "survey_id": cls.survey.id,
                "survey_send_mode": "immediate",
            }
        )
        cls.env.company.email = "support@loyalty.example.com"
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Portal Customer SL",
                "is_company": True,
                "customer_segment_id": cls.segment.id,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Paula Portal",
                "parent_id": cls.customer.id,
                "email": "paula@portal.example.com",
            }
        )
        cls.other_user = new_test_user(
            cls.env,
            login="cl_other_customer",
            groups="base.group_portal",
            email="other@customer.example.com",
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Invoice not received",
                "description": "<p>Where is my invoice?</p>",
                "partner_id": cls.contact.id,
            }
        )
        cls.ticket.stage_id = cls.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        cls.env["helpdesk.ticket"]._cron_send_satisfaction_surveys()
        cls.user_input = cls.env["survey.user_input"].search(
            [("ticket_id", "=", cls.ticket.id)]
        )

    def _q(self, key):
        return self.env.ref(f"customer_loyalty.survey_post_resolution_{key}")

    def _value(self, key, value):
        return self._q(key).suggested_answer_ids.filtered(
            lambda a: a.loyalty_value == value
        )

    def _submit(self, post_data):
        url = "/survey/submit/%s/%s" % (
            self.survey.access_token,
            self.user_input.access_token,
        )
        response = self.opener.post(
            url=self.base_url() + url, json={"params": post_data}
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _post_data(self, overall):
        return {
            str(self._q("q1s").id): str(self._value("q1s", 6).id),
            str(self._q("q2s").id): str(self._value("q2s", 8).id),
            str(self._q("q4s").id): str(self._value("q4s", overall).id),
            str(self._q("q4f").id): "Too many back-and-forth e-mails",
            str(self._q("q5").id): "Keep the same agent",
            "token": self.user_input.access_token,
        }

    def test_customer_answers_the_ticket_survey_from_its_link(self):
        self.assertEqual(len(self.user_input), 1)
        start = self.url_open(self.user_input.get_start_url())
        self.assertEqual(start.status_code, 200)
        self.assertIn(self.survey.title, start.text)
        begin = self.opener.post(
            url=self.base_url()
            + "/survey/begin/%s/%s"
            % (self.survey.access_token, self.user_input.access_token),
            json={},
        )
        self.assertEqual(begin.status_code, 200)
        result = self._submit(self._post_data(overall=4))
        self.assertNotIn("error", result.get("result", {}))
        self.assertEqual(self.user_input.state, "done")
        self.assertEqual(self.user_input.loyalty_overall_score, 4)
        why = self.user_input.user_input_line_ids.filtered(
            lambda line: line.question_id == self._q("q4f")
        )
        self.assertEqual(why.value_text_box, "Too many back-and-forth e-mails")
        # the analysis shows the answer once its hourly refresh has run
        self.env["customer.satisfaction.summary"]._refresh_changed()
        rows = self.env["customer.satisfaction.report"].search(
            [("user_input_id", "=", self.user_input.id)]
        )
        self.assertEqual(
            sorted(rows.mapped("item_key")),
            ["information_quality", "overall", "resolution_time"],
        )
        self.assertEqual(set(rows.ticket_id), {self.ticket})
        self.assertEqual(set(rows.partner_id), {self.customer})
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "survey.user_input"),
                ("res_id", "=", self.user_input.id),
            ]
        )
        self.assertEqual(activity.user_id, self.manager)

    def test_good_score_creates_no_call_back(self):
        self._submit(self._post_data(overall=9))
        self.assertEqual(self.user_input.state, "done")
        self.assertFalse(self.user_input.is_low_score_alerted)

    def test_another_customer_cannot_use_the_survey_link(self):
        self.authenticate("cl_other_customer", "cl_other_customer")
        start = self.url_open(self.user_input.get_start_url())
        self.assertIn("Survey Access Error", start.text)
        result = self._submit(self._post_data(overall=2))
        self.assertEqual(result["result"][1]["error"], "answer_wrong_user")
        self.assertEqual(self.user_input.state, "new")
        self.assertFalse(self.user_input.user_input_line_ids)

    def test_answer_of_another_question_is_refused_and_nothing_is_saved(self):
        post_data = self._post_data(overall=9)
        # the "Yes"-like value 10 of another question posted as the overall score
        post_data[str(self._q("q4s").id)] = str(self._value("q1s", 10).id)
        with self.assertLogs("odoo.http", level="WARNING"):
            result = self._submit(post_data)
        self.assertIn("error", result)
        self.assertIn("0 to 10", result["error"]["data"]["message"])
        self.user_input.invalidate_recordset()
        self.assertNotEqual(self.user_input.state, "done")
        self.assertFalse(self.user_input.has_loyalty_overall_score)
