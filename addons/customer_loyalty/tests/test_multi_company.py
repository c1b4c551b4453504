"""Two companies side by side: each with its own segment, KPI,
intake template and improvement project. The users of one never see the
other's, and the KPI cron computes each company from its own tickets.

The per-model rules are in the access matrix (``test_access_matrix``, role
"other_co"); segment, campaign and project rules have their own tests in
``test_security``, ``test_survey_campaign`` and ``test_improvement``; the KPI
engine's per-company computation in ``test_kpi_engine``. This test puts them
together the way two companies live in one database.
"""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SMART_ALL
from .kpi_common import KpiCase, dt


@tagged("post_install", "-at_install")
class TestMultiCompany(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.env["res.company"].create({"name": "Beta Hosting SL"})
        cls.users = {}
        cls.own = {}
        for key, company in (("a", cls.company_a), ("b", cls.company_b)):
            user = new_test_user(
                cls.env,
                login=f"cl_mc_manager_{key}",
                groups="base.group_user,helpdesk_mgmt.group_helpdesk_user,"
                "customer_loyalty.customer_loyalty_group_manager",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )
            cls.users[key] = user
            env = cls.env(
                context=dict(cls.env.context, allowed_company_ids=company.ids)
            )
            area = env["improvement.area"].create(
                {"name": f"Area {key}", "company_id": company.id, **SMART_ALL}
            )
            cls.own[key] = {
                "customer.segment": env["customer.segment"].create(
                    {"name": f"Gold {key}", "code": "GOLD", "company_id": company.id}
                ),
                "customer.kpi": env["customer.kpi"].create(
                    {
                        "name": f"Calls answered {key}",
                        "code": "CALLS",
                        "computation": "manual",
                        "company_id": company.id,
                    }
                ),
                "helpdesk.intake.template": env["helpdesk.intake.template"].create(
                    {
                        "name": f"Intake {key}",
                        "company_id": company.id,
                        "line_ids": [Command.create({"question": f"Server {key}"})],
                    }
                ),
                "improvement.area": area,
                "improvement.project": env["improvement.project"].create(
                    {
                        "name": f"Project {key}",
                        "objective": "Fewer calls",
                        "area_id": area.id,
                        "leader_id": user.id,
                        "company_id": company.id,
                        "date_start": date(2020, 1, 1),
                    }
                ),
            }
        # December 2020: company A closes a ticket in 10 h, company B in 30 h
        cls.ticket_a = cls._ticket_at(
            cls.a, dt("2020-12-01 08:00"), closed=dt("2020-12-01 18:00")
        )
        cls.ticket_b = cls._ticket_at(
            cls.b, dt("2020-12-02 08:00"), closed=dt("2020-12-03 14:00")
        )
        cls.ticket_b.company_id = cls.company_b

    def test_users_of_one_company_never_see_the_others_records(self):
        for mine, theirs in (("a", "b"), ("b", "a")):
            user = self.users[mine]
            for model, record in self.own[mine].items():
                with self.subTest(user=mine, model=model):
                    visible = self.env[model].with_user(user).search([])
                    self.assertIn(record, visible)
                    self.assertNotIn(self.own[theirs][model], visible)
            questions = (
                self.env["helpdesk.intake.template.line"].with_user(user).search([])
            )
            self.assertNotIn(
                self.own[theirs]["helpdesk.intake.template"].line_ids, questions
            )

    def test_same_codes_live_side_by_side_in_two_companies(self):
        self.assertEqual(
            self.own["a"]["customer.segment"].code,
            self.own["b"]["customer.segment"].code,
        )
        self.assertEqual(
            self.own["a"]["customer.kpi"].code, self.own["b"]["customer.kpi"].code
        )

    @freeze_time("2021-01-15")
    def test_kpi_cron_computes_each_company_from_its_own_tickets(self):
        self.Kpi._cron_compute_kpis(batch_size=100000)
        resolution = self.env.ref("customer_loyalty.customer_kpi_resolution_hours")
        rows = self.Value.search(
            [
                ("kpi_id", "=", resolution.id),
                ("period", "=", date(2020, 12, 1)),
                ("segment_id", "=", False),
                ("company_id", "in", (self.company_a | self.company_b).ids),
            ]
        )
        by_company = {row.company_id: row.value for row in rows}
        self.assertAlmostEqual(by_company[self.company_a], 10.0)
        self.assertAlmostEqual(by_company[self.company_b], 30.0)
        for key, company in (("a", self.company_a), ("b", self.company_b)):
            visible = self.Value.with_user(self.users[key]).search(
                [("kpi_id", "=", resolution.id), ("period", "=", date(2020, 12, 1))]
            )
            self.assertEqual(visible.company_id, company)
