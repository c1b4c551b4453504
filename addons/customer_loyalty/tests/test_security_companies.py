"""Two companies and the raw SQL of the addon: campaigns, the segment
review, the service report (in ``test_security_routes``), and every cron of
the addon run twice with a customer and a ticket in each company. A company
posted by a client is used only when the user works in it."""

from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .kpi_common import KpiCase


@tagged("post_install", "-at_install")
class TestCompanyScopedSql(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "Beta Scope SL"})
        cls.manager_b = new_test_user(
            cls.env,
            login="cl_scope_manager_b",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="cl_scope_manager_ab",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.manager_a = new_test_user(
            cls.env,
            login="cl_scope_manager_a",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager,"
            "helpdesk_mgmt.group_helpdesk_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.customer_b = cls.Partner.create(
            {
                "name": "Only In Beta SA",
                "is_company": True,
                "email": "it@beta-only.example.com",
                "company_id": cls.company_b.id,
                "customer_segment_id": cls.star.id,
            }
        )
        cls.customer_a = cls.Partner.create(
            {
                "name": "Only In Alpha SA",
                "is_company": True,
                "email": "it@alpha-only.example.com",
                "company_id": cls.company_a.id,
                "customer_segment_id": cls.star.id,
            }
        )

    # --- segment review -------------------------------------------------

    def test_the_review_refuses_a_company_the_user_does_not_work_in(self):
        Review = self.env["customer.segment.review"].with_user(self.manager_b)
        with self.assertRaises(AccessError):
            Review.create({"company_id": self.company_a.id})

    def test_the_review_sums_the_invoices_of_its_company_only(self):
        Review = self.env["customer.segment.review"].with_user(self.manager_ab)
        review_a = Review.create(
            {"company_id": self.company_a.id, "review_date": date(2021, 1, 1)}
        )
        review_b = Review.create(
            {"company_id": self.company_b.id, "review_date": date(2021, 1, 1)}
        )
        self.assertTrue(review_a._get_revenue_by_customer())
        self.assertEqual(review_b._get_revenue_by_customer(), {})

    def test_the_review_proposes_nothing_for_another_companys_customers(self):
        self.star.is_revenue_reviewed = True
        review = (
            self.env["customer.segment.review"]
            .with_user(self.manager_ab)
            .create({"company_id": self.company_b.id})
        )
        review.action_propose()
        self.assertNotIn(self.customer_a, review.line_ids.partner_id)

    # --- survey campaigns -----------------------------------------------

    def _pending(self, company):
        campaign = self.env["customer.survey.campaign"].create(
            {
                "segment_id": self.star.id,
                "survey_id": self.env.ref(
                    "customer_loyalty.survey_preferential_satisfaction"
                ).id,
                "company_id": company.id,
            }
        )
        self.env.flush_all()
        self.env.cr.execute(campaign._pending_customers_query(limit=1000))
        return self.Partner.browse(row[0] for row in self.env.cr.fetchall())

    def test_a_campaign_sends_to_the_customers_of_its_company_only(self):
        pending_a = self._pending(self.company_a)
        pending_b = self._pending(self.company_b)
        self.assertIn(self.customer_a, pending_a)
        self.assertNotIn(self.customer_b, pending_a)
        self.assertIn(self.customer_b, pending_b)
        self.assertNotIn(self.customer_a, pending_b)

    def test_a_campaign_takes_no_segment_of_another_company(self):
        segment_b = self.Segment.create(
            {"name": "Beta gold", "code": "BGOLD", "company_id": self.company_b.id}
        )
        with self.assertRaises(Exception):  # noqa: B017 (UserError of check_company)
            self.env["customer.survey.campaign"].create(
                {
                    "segment_id": segment_b.id,
                    "survey_id": self.env.ref(
                        "customer_loyalty.survey_post_resolution"
                    ).id,
                    "company_id": self.company_a.id,
                }
            )

    # --- every cron -----------------------------------------------------

    def _run_every_cron(self):
        xmlids = self.env["ir.model.data"].search(
            [("model", "=", "ir.cron"), ("module", "=like", "customer_loyalty%")]
        )
        crons = self.env["ir.cron"].browse(xmlids.mapped("res_id"))
        self.assertGreaterEqual(len(crons), 10)
        for cron in crons:
            for __ in range(20):
                __, progress = cron._add_progress()
                cron.with_context(
                    ir_cron_progress_id=progress.id
                ).ir_actions_server_id.run()
                self.env.flush_all()
                if not progress.remaining or not progress.done:
                    break
        return crons

    def _state(self):
        """What the crons produced, per company, as counts."""
        reporting = [
            "helpdesk.ticket.analysis",
            "customer.partner.snapshot",
            "customer.kpi.value",
            "survey.user_input",
            "helpdesk.ticket.followup",
        ]
        state = {}
        for model in reporting:
            Model = self.env[model].with_context(active_test=False)
            company_field = (
                "loyalty_company_id" if model == "survey.user_input" else "company_id"
            )
            if company_field not in Model._fields:
                company_field = "ticket_id.company_id"
            for company in self.company_a | self.company_b:
                state[model, company.name] = Model.search_count(
                    [(company_field, "=", company.id)]
                )
        return state

    def test_every_cron_keeps_each_company_to_itself_and_runs_twice_alike(self):
        tickets = self.env["helpdesk.ticket"]
        for customer, company in (
            (self.customer_a, self.company_a),
            (self.customer_b, self.company_b),
        ):
            contact = self.Partner.create(
                {
                    "name": f"Contact of {customer.name}",
                    "parent_id": customer.id,
                    "email": f"contact@{company.id}.example.com",
                }
            )
            team = self.env["helpdesk.ticket.team"].create(
                {"name": f"Desk of {company.name}", "company_id": company.id}
            )
            closed = self._create_ticket(
                contact, company_id=company.id, team_id=team.id
            )
            closed.stage_id = self.closed_stage
            followed = self._create_ticket(
                contact, company_id=company.id, team_id=team.id
            )
            followed.write(
                {
                    "needs_followup": True,
                    "next_update_date": fields.Date.today() - timedelta(days=1),
                }
            )
            tickets |= closed | followed
        self.assertEqual(
            tickets.company_id, self.company_a | self.company_b, "one pair each"
        )
        self._run_every_cron()
        first = self._state()
        self._run_every_cron()
        self.assertEqual(self._state(), first, "a second run changes nothing")
        # the survey of the Beta ticket is Beta's, sent by the immediate rule
        answers = self.env["survey.user_input"].search(
            [("ticket_id", "in", tickets.ids)]
        )
        self.assertEqual(
            {(a.ticket_id.company_id, a.loyalty_company_id) for a in answers},
            {(a.ticket_id.company_id, a.ticket_id.company_id) for a in answers},
        )
        self.assertIn(
            self.company_b,
            answers.loyalty_company_id,
            [(t.company_id.name, t.survey_status, t.closed_date) for t in tickets],
        )
        # a manager of Alpha reads none of what the crons made for Beta
        manager = self.manager_a
        for model in (
            "helpdesk.ticket.analysis",
            "customer.partner.snapshot",
            "customer.kpi.value",
        ):
            with self.subTest(model=model):
                rows = self.env[model].with_user(manager).search([])
                self.assertNotIn(self.company_b, rows.company_id)
        self.assertFalse(
            self.env["survey.user_input"]
            .with_user(manager)
            .search([("loyalty_company_id", "=", self.company_b.id)])
        )
        self.assertFalse(
            self.env["helpdesk.ticket.followup"]
            .with_user(manager)
            .search([("ticket_id.company_id", "=", self.company_b.id)])
        )

    # --- messages ---------------------------------------------------------

    def test_errors_do_not_name_another_companys_segments(self):
        segment_a = self.Segment.create(
            {"name": "Alpha Platinum", "code": "APLAT", "company_id": self.company_a.id}
        )
        segment_b = self.Segment.create(
            {"name": "Beta Gold", "code": "BGOLD", "company_id": self.company_b.id}
        )
        shared = self.Partner.create({"name": "Shared Both SA", "is_company": True})
        self.History.create(
            {
                "partner_id": shared.id,
                "segment_id": segment_a.id,
                "date_from": date(2020, 1, 1),
            }
        )
        with self.assertRaises(ValidationError) as caught:
            self.History.with_user(self.manager_b).create(
                {
                    "partner_id": shared.id,
                    "segment_id": segment_b.id,
                    "date_from": date(2021, 1, 1),
                }
            )
        message = caught.exception.args[0]
        self.assertIn("Beta Gold", message)
        self.assertNotIn("Alpha Platinum", message)
        self.assertIn("another company", message)
