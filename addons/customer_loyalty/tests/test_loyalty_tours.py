"""Browser tours of the two main flows, in headless Chromium: the agent who
closes a ticket of a star customer, the manager who goes from the KPIs to an
improvement project."""

from odoo.tests import HttpCase, new_test_user, tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install", "slow")
class TestAgentTour(HttpCase, IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # closing sends the resolution to the customer: a summary is required
        cls.template.closing_mail_template_id = cls.closing_mail
        cls.solved_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Tour Solved", "closed": True, "fold": False, "sequence": 2}
        )

    def test_agent_closes_a_star_ticket_after_answering_every_intake_question(self):
        self.start_tour(
            "/odoo/action-customer_loyalty.helpdesk_ticket_action_loyalty",
            "customer_loyalty_agent_star_ticket",
            login="cl_agent",
        )
        ticket = self.Ticket.search([("name", "=", "Server srv-7 must be reinstalled")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.customer_segment_id, self.star)
        self.assertEqual(ticket.stage_id, self.solved_stage)
        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.is_intake_complete)
        self.assertEqual(self._answer(ticket, self.q_ip).value_text, "185.42.10.7")
        self.assertEqual(
            self._answer(ticket, self.q_os).value_option_id, self.opt_debian
        )
        self.assertEqual(self._answer(ticket, self.q_disks).value_number, 2)
        self.assertIn("Debian 12", ticket.resolution_summary)
        # the closing e-mail carried the resolution to the customer
        closing = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and "Debian 12" in (m.body or "")
        )
        self.assertTrue(closing)


@tagged("post_install", "-at_install", "slow")
class TestManagerTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="cl_tour_manager",
            name="Tour Manager",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager,"
            "customer_loyalty.customer_loyalty_group_direction,"
            "helpdesk_mgmt.group_helpdesk_user,survey.group_survey_user",
        )

    def test_manager_goes_from_the_scorecard_to_a_smart_project(self):
        # the demo data gives the scorecard and the matrix their content
        self.assertTrue(self.env["customer.kpi.value"].search_count([]))
        self.assertTrue(self.env["customer.satisfaction.matrix"].search_count([]))
        # the demo areas already work on the demo candidates: forget that, so
        # that the manager starts a new area from one of them
        self.env["improvement.area"].search([]).survey_question_ids = False
        open_candidates = (
            self.env["customer.satisfaction.item"]
            .search([("quadrant", "=", "improve")])
            .filtered(lambda item: not item.improvement_area_count)
        )
        self.assertTrue(open_candidates, "a candidate still waits for its area")
        self.start_tour(
            "/odoo/action-customer_loyalty.customer_kpi_value_action",
            "customer_loyalty_manager_improvement",
            login="cl_tour_manager",
        )
        area = self.env["improvement.area"].search(
            [("create_uid", "=", self.manager.id)]
        )
        self.assertEqual(len(area), 1)
        self.assertEqual(area.state, "selected")
        self.assertEqual(area.origin, "survey")
        self.assertTrue(area.is_smart)
        # the candidate's evidence came with it
        candidates = self.env["customer.satisfaction.item"].search(
            [("quadrant", "=", "improve")]
        )
        self.assertTrue(area.survey_question_ids & candidates.question_id)
        self.assertIn(area.name, candidates.mapped("item_name"))
        project = area.project_ids
        self.assertEqual(len(project), 1)
        self.assertEqual(project.name, area.name)
        self.assertIn("payment methods", project.objective)
