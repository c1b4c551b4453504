"""Two companies and the raw SQL of the KPIs, the customer snapshots, the
health score, the segment history, tickets and losses: a customer shared
between the companies holds the segment of the first one and answers the
second one; nothing of one company reaches the figures of the other."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .signals_common import SignalsCase


@tagged("post_install", "-at_install")
class TestCompanyScopeOfSql(SignalsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_company("Beta Figures SL")
        cls.segment_a = cls.Segment.create(
            {"name": "Alpha Gold", "code": "AGOLD", "company_id": cls.company_a.id}
        )
        cls.team_a = cls.env["helpdesk.ticket.team"].create(
            {"name": "Alpha gold desk", "company_id": cls.company_a.id}
        )
        cls.team_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Beta desk", "company_id": cls.company_b.id}
        )
        cls.segment_a.team_id = cls.team_a
        cls.manager_a = cls._manager("cl_sql_manager_a", cls.company_a)
        cls.manager_b = cls._manager("cl_sql_manager_b", cls.company_b)
        # no company: served by both, in the first company's segment
        cls.shared = cls._customer("Shared Both SL", cls.segment_a)
        cls.customer_b = cls._customer("Only Beta SL", cls.segment_b)
        cls.customer_b.company_id = cls.company_b

    @classmethod
    def _manager(cls, login, company):
        return cls._company_user(
            login,
            company,
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager,"
            "helpdesk_mgmt.group_helpdesk_manager",
        )

    def _ticket_in(self, company, partner, **vals):
        return self.Ticket.with_company(company).create(
            {
                "name": f"Ticket of {partner.name}",
                "description": "x",
                "partner_id": partner.id,
                "company_id": company.id,
                **vals,
            }
        )

    # --- KPIs: customers by segment ---------------------------------------

    def _members(self, company, day):
        Kpi = self.env["customer.kpi"].with_company(company)
        self.env.flush_all()
        self.env.cr.execute(Kpi._members_at(day))
        return dict(self.env.cr.fetchall())

    def test_kpi_customers_of_a_company_are_in_its_segments_only(self):
        day = date(2024, 6, 30)
        members_a = self._members(self.company_a, day)
        members_b = self._members(self.company_b, day)
        self.assertEqual(members_a.get(self.shared.id), self.segment_a.id)
        self.assertNotIn(self.customer_b.id, members_a)
        self.assertEqual(members_b.get(self.customer_b.id), self.segment_b.id)
        # the shared customer is in no segment of the second company
        self.assertNotIn(self.shared.id, members_b)
        Kpi = self.env["customer.kpi"]
        window = (date(2024, 6, 1), date(2024, 7, 1))
        count_b = Kpi.with_company(self.company_b)._kpi_customer_count(
            *window, self.segment_b
        )
        count_a = Kpi.with_company(self.company_a)._kpi_customer_count(
            *window, self.segment_a
        )
        self.assertEqual(count_b[self.segment_b.id], 1)
        self.assertEqual(count_a[self.segment_a.id], 1)
        self.assertEqual(
            count_b[False] - count_a[False],
            0,
            "each company counts its own customer and the shared ones of "
            "shared segments: the same number here",
        )

    @freeze_time("2024-07-10")
    def test_the_kpi_cron_gives_each_company_its_own_figures(self):
        self._ticket_in(self.company_b, self.customer_b, contact_type="complaint")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = '2024-06-12 10:00'"
            " WHERE partner_id = %s",
            (self.customer_b.id,),
        )
        Kpi = self.env["customer.kpi"]
        for __ in range(2):
            while Kpi._cron_compute_kpis():
                pass
        Value = self.env["customer.kpi.value"]
        complaints = Kpi.search(
            [("formula", "=", "complaints"), ("company_id", "=", False)], limit=1
        )
        customers = Kpi.search(
            [("formula", "=", "customer_count"), ("company_id", "=", False)], limit=1
        )

        def value(kpi, company, segment):
            rows = Value.search(
                [
                    ("kpi_id", "=", kpi.id),
                    ("company_id", "=", company.id),
                    ("segment_id", "=", segment.id),
                    ("period", "=", date(2024, 6, 1)),
                ]
            )
            self.assertLessEqual(len(rows), 1, "computed twice, stored once")
            return rows.value if rows else None

        self.assertEqual(value(complaints, self.company_b, self.segment_b), 1)
        self.assertEqual(value(customers, self.company_b, self.segment_b), 1)
        self.assertEqual(value(customers, self.company_a, self.segment_a), 1)
        self.assertIsNone(value(complaints, self.company_a, self.segment_b))
        # a manager of the first company reads none of the second one's rows
        rows = Value.with_user(self.manager_a).search([])
        self.assertTrue(rows)
        self.assertNotIn(self.company_b, rows.company_id)
        self.assertNotIn(self.segment_b, rows.segment_id)
        rows = Value.with_user(self.manager_b).search([])
        self.assertEqual(rows.company_id, self.company_b)

    # --- health score and snapshots -----------------------------------------

    @freeze_time("2020-12-20")
    def test_health_and_snapshots_count_the_answers_given_to_their_company(self):
        # both customers in the first company's segment; the first one
        # answered the second company (its ticket there), the other the first
        answered_b = self.shared
        answered_a = self._customer("Shared Alpha Answer SL", self.segment_a)
        ticket_b = self._ticket_in(self.company_b, answered_b)
        ticket_a = self._ticket_in(self.company_a, answered_a)
        self._answer(answered_b, overall=1, recommend=0, ticket_id=ticket_b.id)
        self._answer(answered_a, overall=1, recommend=0, ticket_id=ticket_a.id)
        self.env.flush_all()
        Snapshot = self.Snapshot
        for __ in range(2):
            Snapshot._cron_refresh_snapshots()
        # [last overall score, points taken off]
        self.assertEqual(answered_b.customer_health_factors["satisfaction"][0], None)
        self.assertEqual(answered_a.customer_health_factors["satisfaction"][0], 1.0)
        self.assertGreater(
            answered_b.customer_health_score, answered_a.customer_health_score
        )

        def surveys(partner, company):
            return Snapshot.search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("month", "=", date(2020, 12, 1)),
                ]
            ).mapped("survey_count")

        self.assertEqual(surveys(answered_b, self.company_b), [1])
        self.assertIn(surveys(answered_b, self.company_a), ([], [0]))
        self.assertEqual(surveys(answered_a, self.company_a), [1])
        # the second company's snapshot carries no segment of the first one
        snapshot_b = Snapshot.search(
            [("partner_id", "=", answered_b.id), ("company_id", "=", self.company_b.id)]
        )
        self.assertTrue(snapshot_b)
        self.assertFalse(snapshot_b.customer_segment_id)
        # and a manager of the first company does not read it
        self.assertFalse(
            Snapshot.with_user(self.manager_a).search(
                [("company_id", "=", self.company_b.id)]
            )
        )

    # --- tickets, losses, segment history -------------------------------------

    def test_a_ticket_of_another_company_takes_no_segment_nor_team_of_the_first(self):
        ticket_a = self._ticket_in(self.company_a, self.shared)
        self.assertEqual(ticket_a.customer_segment_id, self.segment_a)
        self.assertEqual(ticket_a.team_id, self.team_a)
        ticket_b = self._ticket_in(self.company_b, self.shared)
        self.assertFalse(ticket_b.customer_segment_id)
        self.assertNotEqual(ticket_b.team_id, self.team_a)
        # the same when the customer is set later on an open ticket
        ticket_b2 = self._ticket_in(self.company_b, self.customer_b)
        ticket_b2.partner_id = self.shared
        self.assertFalse(ticket_b2.customer_segment_id)

    def test_a_loss_takes_the_segment_of_its_company_only(self):
        vals = {
            "partner_id": self.shared.id,
            "product_id": self.server.id,
            "last_billed_date": date(2020, 1, 10),
            "lost_date": date(2020, 3, 1),
        }
        loss_a = self.Lost.with_company(self.company_a).create(
            dict(vals, company_id=self.company_a.id)
        )
        loss_b = self.Lost.with_company(self.company_b).create(
            dict(vals, company_id=self.company_b.id)
        )
        self.assertEqual(loss_a.customer_segment_id, self.segment_a)
        self.assertFalse(loss_b.customer_segment_id)

    def test_segment_history_questions_stay_in_the_users_companies(self):
        History = self.History
        today = date.today()
        counts_a = History.with_user(self.manager_a)._count_customers_at(today)
        counts_b = History.with_user(self.manager_b)._count_customers_at(today)
        self.assertEqual(counts_a.get(self.segment_a.id), 1)
        self.assertNotIn(self.segment_b.id, counts_a)
        self.assertEqual(counts_b.get(self.segment_b.id), 1)
        self.assertNotIn(self.segment_a.id, counts_b)
        self.assertEqual(
            History.with_user(self.manager_b)._get_segments_at([self.shared.id], today),
            {},
        )
        moves = History.with_user(self.manager_b)._get_segment_moves(
            self.segment_a.id, date(2018, 1, 1), today
        )
        self.assertEqual(moves["entries"], 0)
        moves = History.with_user(self.manager_a)._get_segment_moves(
            self.segment_a.id, date(2018, 1, 1), today
        )
        self.assertEqual(moves["entries"], 1)

    # --- the routing origin ---------------------------------------------------

    def test_the_routing_origin_cannot_be_forged(self):
        agent = self.user_agent
        Ticket = self.Ticket.with_user(agent)
        vals = {"name": "Forged", "description": "x", "partner_id": self.shared.id}
        forged = Ticket.with_context(helpdesk_routing_origin="email").create(vals)
        self.assertEqual(forged.sudo().opened_from, "agent")
        forged = Ticket.create(dict(vals, opened_from="portal"))
        self.assertEqual(forged.sudo().opened_from, "agent")
        by_mail = self.Ticket.message_new(
            {"subject": "By mail", "body": "x", "author_id": self.shared.id}
        )
        self.assertEqual(by_mail.opened_from, "email")
        # the gateway's mark does not outlive its call
        after = self.Ticket.create(vals)
        self.assertEqual(after.opened_from, "agent")

    def test_a_ticket_answer_of_the_second_company_is_scored_there(self):
        ticket = self._ticket_in(self.company_b, self.shared)
        answer = self._answer(self.shared, overall=9, ticket_id=ticket.id)
        self.assertEqual(answer.loyalty_company_id, self.company_b)
        self.assertFalse(
            self.env["survey.user_input"]
            .with_user(self.manager_a)
            .search([("id", "=", answer.id)])
        )

    def test_the_satisfaction_summary_keeps_each_answer_in_its_company(self):
        ticket_b = self._ticket_in(self.company_b, self.shared)
        self._answer(self.shared, overall=3, recommend=0, ticket_id=ticket_b.id)
        ticket_a = self._ticket_in(self.company_a, self.shared)
        self._answer(self.shared, overall=9, recommend=1, ticket_id=ticket_a.id)
        self.env.flush_all()
        Summary = self.env["customer.satisfaction.summary"]
        for __ in range(2):
            Summary._cron_refresh()
        self.env.invalidate_all()

        def overall(user):
            rows = Summary.with_user(user).search(
                [("measure", "=", "overall"), ("answer_count", ">", 0)]
            )
            return rows, sum(rows.mapped("satisfaction_sum"))

        rows_a = overall(self.manager_a)[0]
        rows_b, sum_b = overall(self.manager_b)
        self.assertNotIn(self.company_b, rows_a.company_id)
        self.assertEqual(rows_b.company_id, self.company_b)
        self.assertEqual(sum_b, 3.0, "the second company's only answer")
        self.assertFalse(rows_b.segment_id, "no segment of the first company")
        self.assertEqual(sum(rows_b.mapped("answer_count")), 1)
