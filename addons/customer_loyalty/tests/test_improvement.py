"""Requirements, SMART improvement areas and projects, process map."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import SMART_ALL, LoyaltyCase, PdfReportCase


@tagged("post_install", "-at_install")
class TestImprovement(LoyaltyCase, PdfReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Area = cls.env["improvement.area"]
        cls.Project = cls.env["improvement.project"]
        cls.Indicator = cls.env["improvement.project.indicator"]
        cls.stage_planning = cls.env.ref(
            "customer_loyalty.improvement_project_stage_planning"
        )
        cls.stage_execution = cls.env.ref(
            "customer_loyalty.improvement_project_stage_execution"
        )
        cls.stage_closed = cls.env.ref(
            "customer_loyalty.improvement_project_stage_closed"
        )
        cls.smart_area = cls.Area.create(
            {"name": "Payment incidents of public administrations", **SMART_ALL}
        )
        cls.category_payment = cls.env["helpdesk.ticket.category"].create(
            {"name": "Payment questions"}
        )

    def _create_project(self, **vals):
        values = {
            "name": "SMART 1",
            "objective": "Improve how public administrations know how to pay.",
            "area_id": self.smart_area.id,
            "leader_id": self.user_manager.id,
            "member_ids": [Command.set(self.user_agent.ids)],
            "date_start": date(2026, 1, 1),
        }
        values.update(vals)
        return self.Project.create(values)

    # SMART gate -----------------------------------------------------------

    def test_area_missing_a_smart_condition_cannot_be_selected(self):
        area = self.Area.create(
            {"name": "Single invoice", **SMART_ALL, "smart_achievable": False}
        )
        self.assertFalse(area.is_smart)
        self.assertEqual(area.smart_score, 4)
        with self.assertRaises(UserError) as error:
            area.action_select()
        self.assertIn("Achievable", str(error.exception))
        with self.assertRaises(ValidationError):
            area.write({"state": "selected"})
        self.assertEqual(area.state, "identified")

    def test_project_on_a_non_compliant_area_is_refused(self):
        area = self.Area.create(
            {"name": "Prepayment system", **SMART_ALL, "smart_measurable": False}
        )
        with self.assertRaises(ValidationError) as error:
            self._create_project(area_id=area.id)
        self.assertIn("Measurable", str(error.exception))
        self.assertFalse(area.project_ids)

    def test_starting_a_project_selects_its_smart_area(self):
        self.smart_area.action_assess()
        self.assertEqual(self.smart_area.state, "assessed")
        project = self._create_project()
        self.assertEqual(self.smart_area.state, "selected")
        self.assertEqual(self.smart_area.project_count, 1)
        self.assertEqual(project.stage_id, self.stage_planning)

    def test_unchecking_a_criterion_of_a_selected_area_is_refused(self):
        self._create_project()
        with self.assertRaises(ValidationError):
            self.smart_area.smart_relevant = False

    def test_deleting_an_area_with_projects_is_refused(self):
        self._create_project()
        with self.assertRaises(UserError):
            self.smart_area.unlink()
        self.assertTrue(self.smart_area.exists())

    def test_area_evidence_is_counted(self):
        ticket = self._create_ticket(self.customer_pref)
        requirement = self.env.ref("customer_loyalty.customer_requirement_payment_01")
        self.smart_area.write(
            {
                "ticket_ids": [Command.link(ticket.id)],
                "requirement_ids": [Command.link(requirement.id)],
            }
        )
        self.assertEqual(self.smart_area.ticket_count, 1)
        self.assertEqual(self.smart_area.requirement_count, 1)
        self.assertIn(self.smart_area, requirement.improvement_area_ids)

    def test_seed_requirement_catalogue_is_shipped_by_area(self):
        Requirement = self.env["customer.requirement"]
        counts = {
            area: count
            for area, count in Requirement._read_group(
                [("id", "in", self._shipped_requirement_ids())],
                ["area"],
                ["__count"],
            )
        }
        self.assertEqual(
            counts,
            {
                "incidents_requests": 8,
                "service": 6,
                "procedures": 5,
                "payment": 5,
                "products": 15,
            },
        )

    def _shipped_requirement_ids(self):
        return (
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "customer_loyalty"),
                    ("model", "=", "customer.requirement"),
                ]
            )
            .mapped("res_id")
        )

    # Stages -----------------------------------------------------------------

    def test_kanban_shows_the_five_stages_even_when_empty(self):
        self._create_project()
        groups = self.Project.read_group([], ["stage_id"], ["stage_id"])
        stage_types = [
            self.env["improvement.project.stage"].browse(g["stage_id"][0]).stage_type
            for g in groups
        ]
        for stage_type in ("planning", "training", "execution", "review", "closed"):
            self.assertIn(stage_type, stage_types)

    def test_project_moves_through_the_stages_to_closed(self):
        project = self._create_project()
        for xmlid in ("training", "execution", "review", "closed"):
            stage = self.env.ref(f"customer_loyalty.improvement_project_stage_{xmlid}")
            project.stage_id = stage
            self.assertEqual(project.stage_type, xmlid)
        self.assertTrue(project.is_closed)
        self.assertTrue(project.date_closed)
        project.stage_id = self.stage_execution
        self.assertFalse(project.date_closed)

    def test_project_without_members_cannot_leave_planning(self):
        project = self._create_project(member_ids=[Command.clear()])
        with self.assertRaises(UserError):
            project.stage_id = self.stage_execution
        self.assertEqual(project.stage_id, self.stage_planning)

    def test_project_with_open_actions_cannot_be_closed(self):
        project = self._create_project(stage_id=self.stage_execution.id)
        project.action_ids = [
            Command.create({"name": "Design payment templates"}),
        ]
        with self.assertRaises(UserError) as error:
            project.stage_id = self.stage_closed
        self.assertIn("Design payment templates", str(error.exception))
        self.assertFalse(project.is_closed)
        project.action_ids.action_done()
        project.stage_id = self.stage_closed
        self.assertTrue(project.is_closed)

    def test_overdue_actions_are_visible_and_searchable(self):
        project = self._create_project(stage_id=self.stage_execution.id)
        late, on_time, done = self.env["improvement.project.action"].create(
            [
                {
                    "project_id": project.id,
                    "name": name,
                    "date_deadline": deadline,
                }
                for name, deadline in (
                    ("Late", date(2026, 2, 1)),
                    ("On time", date(2026, 4, 1)),
                    ("Done", date(2026, 2, 1)),
                )
            ]
        )
        done.action_done()
        with freeze_time("2026-03-01"):
            self.assertTrue(late.is_overdue)
            self.assertFalse(on_time.is_overdue)
            self.assertFalse(done.is_overdue)
            found = self.env["improvement.project.action"].search(
                [("project_id", "=", project.id), ("is_overdue", "=", True)]
            )
            self.assertEqual(found, late)
            project.invalidate_recordset()
            self.assertEqual(project.action_overdue_count, 1)

    # Closing: review 3 months later, participant survey -------------------------

    def test_closing_schedules_the_review_meeting_three_months_later(self):
        project = self._create_project(stage_id=self.stage_execution.id)
        with freeze_time("2026-05-15"):
            project.stage_id = self.stage_closed
        self.assertEqual(project.date_closed, date(2026, 5, 15))
        self.assertEqual(project.review_date, date(2026, 8, 15))
        activity = project.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 8, 15))
        self.assertEqual(activity.user_id, self.user_manager)
        # reopening and closing again does not schedule a second review
        project.stage_id = self.stage_execution
        with freeze_time("2026-05-20"):
            project.stage_id = self.stage_closed
        self.assertEqual(project.date_closed, date(2026, 5, 20))
        self.assertEqual(len(project.activity_ids), 1)

    def _participant_survey(self):
        return self.env["survey.survey"].create(
            {
                "title": "Improvement group participants",
                "access_mode": "token",
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Being invited to take part",
                            "question_type": "scale",
                            "scale_min": 0,
                            "scale_max": 10,
                        }
                    ),
                    Command.create(
                        {
                            "title": "Overall rating of the group",
                            "question_type": "scale",
                            "scale_min": 0,
                            "scale_max": 10,
                        }
                    ),
                ],
            }
        )

    def test_closing_sends_the_participant_survey_to_the_members(self):
        survey = self._participant_survey()
        self.user_manager.partner_id.email = "manager@example.com"
        project = self._create_project(
            stage_id=self.stage_execution.id, participant_survey_id=survey.id
        )
        project.stage_id = self.stage_closed
        inputs = project.participant_input_ids
        self.assertEqual(
            inputs.partner_id,
            (self.user_agent | self.user_manager).partner_id,
        )
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.user_agent.partner_id.ids)]
        )
        self.assertTrue(mails.filtered(lambda m: survey.title in m.subject))
        # closing again does not send twice
        project.stage_id = self.stage_execution
        project.stage_id = self.stage_closed
        self.assertEqual(project.participant_input_ids, inputs)
        # answers come back: the results are shown on the project
        q1, q2 = survey.question_ids
        for user_input, (first, second) in zip(inputs, ((9, 10), (8, 9)), strict=True):
            user_input._save_lines(q1, str(first))
            user_input._save_lines(q2, str(second))
            user_input._mark_done()
        project.invalidate_recordset()
        self.assertEqual(project.participant_response_count, 2)
        self.assertAlmostEqual(project.participant_score_avg, 9.0)

    def test_members_of_two_projects_answer_for_each_project(self):
        survey = self._participant_survey()
        first = self._create_project(
            stage_id=self.stage_execution.id, participant_survey_id=survey.id
        )
        second = self._create_project(
            name="Second group",
            stage_id=self.stage_execution.id,
            participant_survey_id=survey.id,
        )
        (first | second).stage_id = self.stage_closed
        self.assertTrue(first.participant_input_ids)
        self.assertFalse(first.participant_input_ids & second.participant_input_ids)
        self.assertEqual(
            first.participant_input_ids.partner_id,
            second.participant_input_ids.partner_id,
        )
        self.assertEqual(first.participant_input_ids.improvement_project_id, first)

    def test_shipped_participant_survey_scores_reach_the_project(self):
        self.user_manager.partner_id.email = "manager@example.com"
        project = self._create_project(stage_id=self.stage_execution.id)
        project.stage_id = self.stage_closed
        answer = project.participant_input_ids[:1]
        survey = project.participant_survey_id
        # the three 0-10 items answered 6, 8 and 10: (6 + 8 + 10) / 3 = 8
        for key, value in (("q1s", 6), ("q2s", 8), ("q3s", 10)):
            question = self.env.ref(
                f"customer_loyalty.survey_improvement_participant_{key}"
            )
            self.assertEqual(question.survey_id, survey)
            choice = question.suggested_answer_ids.filtered(
                lambda a, v=value: a.loyalty_value == v
            )
            answer._save_lines(question, choice.id)
        answer._mark_done()
        project.invalidate_recordset()
        self.assertEqual(project.participant_response_count, 1)
        self.assertAlmostEqual(project.participant_score_avg, 8.0)

    def test_deliverables_open_the_templates_the_project_introduced(self):
        project = self._create_project()
        template = self.env["helpdesk.intake.template"].create(
            {"name": "Payment of public administrations"}
        )
        Deliverable = self.env["improvement.project.deliverable"]
        delivered = Deliverable.create(
            {
                "project_id": project.id,
                "name": "Intake template for payments",
                "deliverable_type": "intake_template",
                "intake_template_id": template.id,
            }
        )
        action = delivered.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("helpdesk.intake.template", template.id),
        )
        procedure = Deliverable.create(
            {"project_id": project.id, "name": "Postponement procedure"}
        )
        with self.assertRaises(UserError):
            procedure.action_open_record()

    def test_new_projects_use_the_shipped_participant_survey(self):
        self.assertEqual(
            self._create_project().participant_survey_id,
            self.env.ref("customer_loyalty.survey_improvement_participant"),
        )

    # Indicators -------------------------------------------------------------

    def test_reduce_indicator_with_target_equal_to_baseline_is_refused(self):
        project = self._create_project()
        with self.assertRaises(ValidationError):
            self.Indicator.create(
                {
                    "project_id": project.id,
                    "name": "Contacts about payment",
                    "direction": "reduce",
                    "baseline": 50,
                    "target": 50,
                }
            )
        self.assertFalse(project.indicator_ids)

    def test_typed_in_indicator_shows_its_variation(self):
        project = self._create_project()
        indicator = self.Indicator.create(
            {
                "project_id": project.id,
                "name": "Contacts about how to pay",
                "direction": "reduce",
                "baseline": 50,
                "target": 25,
            }
        )
        self.assertFalse(indicator.has_result)
        indicator.result = 18
        self.assertTrue(indicator.has_result)
        self.assertAlmostEqual(indicator.variation_pct, -64.0)
        self.assertTrue(indicator.is_target_reached)

    def _ticket_with_contacts(self, created_on, contacts):
        ticket = self._create_ticket(
            self.customer_star,
            partner_id=self.contact_star.id,
            category_id=self.category_payment.id,
        )
        for index in range(contacts):
            ticket.message_post(
                body=f"Customer message {index}",
                author_id=self.contact_star.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # an agent's answer is not a customer contact
        ticket.message_post(
            body="Agent answer",
            author_id=self.user_agent.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        ticket.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                created_on,
                ticket.id,
            )
        )
        ticket.invalidate_recordset(["create_date"])
        return ticket

    def test_contacts_per_ticket_are_measured_before_and_after_the_project(self):
        self._ticket_with_contacts(datetime(2025, 12, 10, 9), 4)
        self._ticket_with_contacts(datetime(2025, 12, 20, 9), 2)
        # outside the 90-day baseline window
        self._ticket_with_contacts(datetime(2025, 8, 1, 9), 9)
        project = self._create_project(stage_id=self.stage_execution.id)
        indicator = self.Indicator.create(
            {
                "project_id": project.id,
                "name": "Contacts per payment ticket",
                "computation": "contacts_per_ticket",
                "ticket_category_id": self.category_payment.id,
                "direction": "reduce",
                "target": 2,
            }
        )
        self.assertEqual(indicator.baseline_ticket_count, 2)
        self.assertAlmostEqual(indicator.baseline, 3.0)
        with freeze_time("2026-03-01"):
            project.stage_id = self.stage_closed
        self.assertFalse(indicator.has_result)
        self._ticket_with_contacts(datetime(2026, 3, 5, 9), 1)
        self._ticket_with_contacts(datetime(2026, 3, 6, 9), 2)
        self._ticket_with_contacts(datetime(2026, 3, 7, 9), 0)
        # after the end of the measuring window on 2026-04-01
        self._ticket_with_contacts(datetime(2026, 4, 2, 9), 7)
        with freeze_time("2026-04-01"):
            self.Project._cron_measure_indicators()
            self.Project._cron_measure_indicators()
        self.assertTrue(indicator.has_result)
        self.assertEqual(indicator.result_ticket_count, 3)
        self.assertAlmostEqual(indicator.result, 1.0)
        self.assertAlmostEqual(indicator.variation_pct, -100 * 2 / 3, places=1)
        self.assertTrue(indicator.is_target_reached)

    def test_measuring_contacts_per_ticket_costs_the_same_queries_for_more_tickets(
        self,
    ):
        project = self._create_project(stage_id=self.stage_execution.id)
        indicator = self.Indicator.create(
            {
                "project_id": project.id,
                "name": "Contacts per payment ticket",
                "computation": "contacts_per_ticket",
                "ticket_category_id": self.category_payment.id,
                "direction": "increase",
                "target": 1,
            }
        )

        def queries_to_measure():
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            indicator._measure_baseline()
            return self.env.cr.sql_log_count - before

        self._ticket_with_contacts(datetime(2025, 12, 10, 9), 2)
        few = queries_to_measure()
        for day in range(1, 11):
            self._ticket_with_contacts(datetime(2025, 11, day, 9), 3)
        many = queries_to_measure()
        self.assertEqual(indicator.baseline_ticket_count, 11)
        self.assertEqual(few, many)

    # Meetings -----------------------------------------------------------------

    def test_meeting_before_the_project_start_is_refused(self):
        project = self._create_project()
        with self.assertRaises(ValidationError):
            project.meeting_ids = [
                Command.create({"name": "Kick-off", "date": date(2025, 12, 31)})
            ]
        self.assertFalse(project.meeting_ids)

    def test_a_member_listed_both_present_and_absent_is_refused(self):
        project = self._create_project()
        with self.assertRaises(ValidationError):
            project.meeting_ids = [
                Command.create(
                    {
                        "name": "Kick-off",
                        "date": date(2026, 1, 10),
                        "attendee_ids": [Command.set(self.user_agent.ids)],
                        "absentee_ids": [Command.set(self.user_agent.ids)],
                    }
                )
            ]

    # PDF sheet ------------------------------------------------------------------

    def test_project_sheet_renders_to_pdf_with_its_sections(self):
        project = self._create_project(stage_id=self.stage_execution.id)
        project.write(
            {
                "meeting_ids": [
                    Command.create(
                        {
                            "name": "Five whys with the leader",
                            "meeting_type": "training",
                            "date": date(2026, 1, 5),
                        }
                    ),
                    Command.create(
                        {
                            "name": "Kick-off of the group",
                            "meeting_type": "group",
                            "date": date(2026, 1, 12),
                            "attendee_ids": [Command.set(self.user_agent.ids)],
                        }
                    ),
                ],
                "action_ids": [Command.create({"name": "Write payment templates"})],
                "indicator_ids": [
                    Command.create(
                        {
                            "name": "Contacts about payment",
                            "baseline": 50,
                            "target": 25,
                            "result": 18,
                            "has_result": True,
                        }
                    )
                ],
                "leader_assessment": "<p>Agents use the templates on their own.</p>",
            }
        )
        report = self.env.ref("customer_loyalty.improvement_project_report_sheet")
        html = str(report._render_qweb_html(report.report_name, project.ids)[0])
        for fragment in (
            "section_objective",
            "section_team",
            "section_meetings_training",
            "section_meetings_group",
            "section_actions",
            "section_indicators",
            "section_assessment",
            "Kick-off of the group",
            "Write payment templates",
            "-64",
            "Agents use the templates on their own.",
        ):
            self.assertIn(fragment, html)
        self.assertRendersToPdf(report.report_name, project.ids)

    # Process map ------------------------------------------------------------------

    def test_processes_without_owner_are_flagged_and_filterable(self):
        Process = self.env["customer.process"]
        parent = Process.create({"name": "Loyalty", "owner_id": self.user_manager.id})
        child = Process.create({"name": "Attend the customers", "parent_id": parent.id})
        self.assertTrue(parent.has_owner)
        self.assertFalse(child.has_owner)
        self.assertEqual(parent.child_ids, child)
        self.assertEqual(child.complete_name, "Loyalty / Attend the customers")
        ownerless = Process.search(
            [("has_owner", "=", False), ("id", "in", (parent | child).ids)]
        )
        self.assertEqual(ownerless, child)
        child.owner_id = self.user_agent
        self.assertTrue(child.has_owner)
        with self.assertRaises(UserError):
            parent.parent_id = child

    def test_seed_process_map_flags_the_subprocesses_without_owner(self):
        root = self.env.ref("customer_loyalty.customer_process_loyalty")
        self.assertEqual(len(root.child_ids), 6)
        identify = self.env.ref("customer_loyalty.customer_process_identify")
        self.assertFalse(identify.has_owner)
        self.assertIn(
            identify,
            self.env["customer.process"].search([("has_owner", "=", False)]),
        )

    def test_demo_reproduces_the_three_smart_projects_of_the_seed(self):
        smart1 = self.env.ref(
            "customer_loyalty.improvement_project_demo_smart1",
            raise_if_not_found=False,
        )
        if not smart1:
            self.skipTest("demo data not installed")
        smart2 = self.env.ref("customer_loyalty.improvement_project_demo_smart2")
        smart3 = self.env.ref("customer_loyalty.improvement_project_demo_smart3")
        self.assertTrue(smart1.is_closed and smart3.is_closed)
        meetings = smart1.meeting_ids
        self.assertEqual(
            [
                len(meetings.filtered(lambda m, kind=kind: m.meeting_type == kind))
                for kind in ("training", "group", "review")
            ],
            [4, 4, 1],
        )
        self.assertEqual(
            [round(i.variation_pct) for i in smart1.indicator_ids], [-64, -70]
        )
        self.assertEqual(len(smart2.member_ids), 4)
        self.assertEqual(len(smart3.meeting_ids.filtered("absentee_ids")), 2)
        self.assertEqual(
            smart3.review_date, smart3.date_closed + relativedelta(months=3)
        )
        rejected = self.env.ref("customer_loyalty.improvement_area_demo_single_invoice")
        self.assertEqual(rejected.state, "rejected")
        self.assertFalse(rejected.is_smart)

    # Access -----------------------------------------------------------------------

    def test_direction_reads_projects_but_cannot_write(self):
        project = self._create_project()
        as_direction = project.with_user(self.user_direction)
        self.assertEqual(as_direction.name, "SMART 1")
        self.assertEqual(as_direction.area_id.name, self.smart_area.name)
        with self.assertRaises(AccessError):
            as_direction.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.smart_area.with_user(self.user_direction).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.env["customer.process"].with_user(self.user_direction).create(
                {"name": "New process"}
            )

    def test_projects_of_another_company_are_not_visible(self):
        other = self.env["res.company"].create({"name": "Other Hosting Company"})
        area = self.Area.create(
            {"name": "Other company area", "company_id": other.id, **SMART_ALL}
        )
        project = self._create_project(
            area_id=area.id,
            company_id=other.id,
            leader_id=False,
            member_ids=[Command.clear()],
        )
        as_manager = self.Project.with_user(self.user_manager)
        self.assertFalse(as_manager.search([("id", "=", project.id)]))
        self.assertFalse(
            self.Area.with_user(self.user_manager).search([("id", "=", area.id)])
        )
        with self.assertRaises(UserError):
            # a project cannot point to an area of another company
            self._create_project(area_id=area.id)

    def test_loyalty_manager_writes_projects_and_agents_do_not(self):
        project = self._create_project()
        project.with_user(self.user_manager).write(
            {
                "name": "SMART 1 renamed",
                "meeting_ids": [
                    Command.create({"name": "Kick-off", "date": date(2026, 1, 10)})
                ],
            }
        )
        self.assertEqual(project.name, "SMART 1 renamed")
        with self.assertRaises(AccessError):
            project.with_user(self.user_agent).write({"name": "Agent edit"})
        with self.assertRaises(AccessError):
            project.with_user(self.user_employee).read(["name"])
