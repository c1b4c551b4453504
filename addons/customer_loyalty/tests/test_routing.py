from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class RoutingCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["helpdesk.routing.rule"]
        cls.Type = cls.env["customer.type"]
        # rules of the database (demo) are not part of these tests
        cls.Rule.search([]).active = False
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_legal = Team.create({"name": "Legal"})
        cls.team_backoffice = Team.create({"name": "Back office"})
        cls.team_collections = Team.create(
            {
                "name": "Collections",
                "user_ids": [Command.set([cls.user_agent.id, cls.user_manager.id])],
            }
        )
        Category = cls.env["helpdesk.ticket.category"]
        cls.cat_coverage = Category.create({"name": "Coverage query"})
        cls.cat_billing = Category.create({"name": "Billing complaint"})
        cls.cat_certificate = Category.create({"name": "Certificates"})
        cls.student = cls.Type.create({"name": "Student", "code": "STU"})
        cls.graduate = cls.Type.create({"name": "Graduate", "code": "GRA"})
        cls.customer_std.customer_type_id = cls.student
        cls.phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")

    @classmethod
    def _rule(cls, team, **vals):
        return cls.Rule.create({"name": f"To {team.name}", "team_id": team.id, **vals})


@tagged("post_install", "-at_install")
class TestRoutingConditions(RoutingCase):
    def test_category_routes_the_ticket(self):
        rule = self._rule(
            self.team_legal, category_ids=[Command.set(self.cat_coverage.ids)]
        )
        ticket = self._create_ticket(
            self.customer_std, category_id=self.cat_coverage.id
        )
        self.assertEqual(ticket.team_id, self.team_legal)
        self.assertEqual(ticket.routing_rule_id, rule)
        other = self._create_ticket(self.customer_std, category_id=self.cat_billing.id)
        self.assertFalse(other.routing_rule_id)

    def test_contact_type_routes_the_ticket(self):
        self._rule(self.team_backoffice, contact_type="complaint")
        complaint = self._create_ticket(self.customer_std, contact_type="complaint")
        question = self._create_ticket(self.customer_std, contact_type="question")
        self.assertEqual(complaint.team_id, self.team_backoffice)
        self.assertNotEqual(question.team_id, self.team_backoffice)

    def test_channel_routes_the_ticket(self):
        self._rule(self.team_backoffice, channel_ids=[Command.set(self.phone.ids)])
        by_phone = self._create_ticket(self.customer_std, channel_id=self.phone.id)
        by_mail = self._create_ticket(self.customer_std, channel_id=self.email.id)
        self.assertEqual(by_phone.team_id, self.team_backoffice)
        self.assertFalse(by_mail.routing_rule_id)

    def test_customer_type_routes_the_ticket(self):
        self._rule(self.team_legal, customer_type_ids=[Command.set(self.student.ids)])
        student_ticket = self._create_ticket(self.customer_std)
        other = self._create_ticket(self.customer_pref)
        self.assertEqual(student_ticket.team_id, self.team_legal)
        self.assertFalse(other.routing_rule_id)

    def test_segment_routes_the_ticket(self):
        self._rule(self.team_legal, segment_ids=[Command.set(self.preferential.ids)])
        pref = self._create_ticket(self.customer_pref)
        std = self._create_ticket(self.customer_std)
        self.assertEqual(pref.team_id, self.team_legal)
        self.assertFalse(std.routing_rule_id)

    def test_origin_routes_the_ticket(self):
        self._rule(self.team_legal, origin="email")
        by_agent = self._create_ticket(self.customer_std)
        self.assertEqual(by_agent.opened_from, "agent")
        self.assertFalse(by_agent.routing_rule_id)
        by_mail = self.Ticket.message_new(
            {"subject": "Mail", "body": "x", "author_id": self.customer_std.id}
        )
        self.assertEqual(by_mail.opened_from, "email")
        self.assertEqual(by_mail.team_id, self.team_legal)

    def test_all_conditions_of_a_rule_must_hold(self):
        self._rule(
            self.team_legal,
            category_ids=[Command.set(self.cat_coverage.ids)],
            customer_type_ids=[Command.set(self.graduate.ids)],
        )
        ticket = self._create_ticket(
            self.customer_std, category_id=self.cat_coverage.id
        )
        self.assertFalse(ticket.routing_rule_id)

    def test_first_matching_rule_wins(self):
        first = self._rule(self.team_legal, sequence=1, contact_type="complaint")
        self._rule(self.team_backoffice, sequence=2)
        complaint = self._create_ticket(self.customer_std, contact_type="complaint")
        question = self._create_ticket(self.customer_std, contact_type="question")
        self.assertEqual(complaint.routing_rule_id, first)
        self.assertEqual(complaint.team_id, self.team_legal)
        self.assertEqual(question.team_id, self.team_backoffice)
        # reordering changes the winner (the cached table is refreshed)
        first.sequence = 3
        again = self._create_ticket(self.customer_std, contact_type="complaint")
        self.assertEqual(again.team_id, self.team_backoffice)

    def test_rules_of_another_company_are_ignored(self):
        other_company = self.env["res.company"].create({"name": "Telecom Demo SA"})
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Other desk", "company_id": other_company.id}
        )
        self.Rule.create(
            {"name": "Other", "team_id": team.id, "company_id": other_company.id}
        )
        ticket = self._create_ticket(self.customer_std)
        self.assertFalse(ticket.routing_rule_id)

    def test_actions_user_priority_tags_followers_and_message(self):
        tag = self.env["helpdesk.ticket.tag"].create({"name": "Legal notice"})
        follower = self.Partner.create({"name": "Legal head", "email": "l@x.com"})
        self.team_legal.user_ids = self.user_agent
        rule = self._rule(
            self.team_legal,
            assign_mode="user",
            user_id=self.user_agent.id,
            priority="3",
            tag_ids=[Command.set(tag.ids)],
            follower_partner_ids=[Command.set(follower.ids)],
            agent_message="Check the prosecutor notice first.",
        )
        ticket = self._create_ticket(self.customer_std)
        self.assertEqual(ticket.user_id, self.user_agent)
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.tag_ids, tag)
        self.assertIn(follower, ticket.message_partner_ids)
        self.assertEqual(ticket.routing_message, "Check the prosecutor notice first.")
        logged = ticket.message_ids.filtered(lambda m: rule.name in (m.body or ""))
        self.assertTrue(logged, "the rule applied is logged in the chatter")

    def test_least_loaded_member_gets_the_ticket(self):
        self._create_ticket(
            self.customer_pref,
            team_id=self.team_collections.id,
            user_id=self.user_agent.id,
        )
        self._rule(self.team_collections, assign_mode="least_loaded")
        ticket = self._create_ticket(self.customer_std)
        self.assertEqual(ticket.user_id, self.user_manager)
        second = self._create_ticket(self.customer_std)
        # one open ticket each: the first member on a tie
        first_member = min(self.user_agent | self.user_manager, key=lambda u: u.id)
        self.assertEqual(second.user_id, first_member)

    def test_team_chosen_by_an_agent_is_kept(self):
        self._rule(self.team_legal)
        manual = self._create_ticket(self.customer_std, team_id=self.team_backoffice.id)
        self.assertEqual(manual.team_id, self.team_backoffice)
        self.assertTrue(manual.is_team_manual)
        self.assertTrue(
            manual.routing_rule_id, "the rule still applies its other actions"
        )

    def test_rule_can_override_a_team_chosen_by_hand(self):
        self._rule(self.team_legal, override_manual_team=True)
        ticket = self._create_ticket(self.customer_std, team_id=self.team_backoffice.id)
        self.assertEqual(ticket.team_id, self.team_legal)

    def test_category_change_while_new_routes_again(self):
        self._rule(self.team_legal, category_ids=[Command.set(self.cat_coverage.ids)])
        ticket = self._create_ticket(self.customer_std)
        self.assertFalse(ticket.routing_rule_id)
        ticket.category_id = self.cat_coverage
        self.assertEqual(ticket.team_id, self.team_legal)
        self.assertTrue(ticket.routing_rule_id)
        self.assertIn("Routed by rule", ticket.message_ids[:1].body)

    def test_category_change_after_the_new_stage_does_not_route(self):
        self._rule(self.team_legal, category_ids=[Command.set(self.cat_coverage.ids)])
        ticket = self._create_ticket(self.customer_std)
        later = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False), ("id", "!=", ticket.stage_id.id)], limit=1
        )
        ticket.stage_id = later
        ticket.category_id = self.cat_coverage
        self.assertFalse(ticket.routing_rule_id)

    def test_rule_assigning_a_non_member_is_refused(self):
        self.team_legal.user_ids = self.user_manager
        with self.assertRaises(ValidationError):
            self._rule(self.team_legal, assign_mode="user", user_id=self.user_agent.id)

    def test_tester_wizard_shows_the_matching_rule(self):
        rule = self._rule(
            self.team_legal, category_ids=[Command.set(self.cat_coverage.ids)]
        )
        wizard = (
            self.env["helpdesk.routing.test"]
            .with_user(self.user_manager)
            .create(
                {
                    "partner_id": self.customer_std.id,
                    "category_id": self.cat_coverage.id,
                }
            )
        )
        wizard.action_test()
        self.assertEqual(wizard.rule_id, rule)
        self.assertEqual(wizard.team_id, self.team_legal)
        self.assertFalse(self.Ticket.search([("routing_rule_id", "=", rule.id)]))

    def test_tester_wizard_is_for_managers(self):
        wizard = self.env["helpdesk.routing.test"].create({})
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_agent).action_test()


@tagged("post_install", "-at_install")
class TestDebtRouting(RoutingCase):
    def test_posted_overdue_invoice_routes_to_collections(self):
        self._overdue_invoice(self.customer_std, 1234)
        self._rule(
            self.team_collections,
            contact_type="request",
            check_overdue_debt=True,
            overdue_debt_min=100,
            agent_message="{debt} overdue: ask the customer to settle it before "
            "the request.",
        )
        ticket = self._create_ticket(self.customer_std, contact_type="request")
        self.assertEqual(ticket.team_id, self.team_collections)
        self.assertAlmostEqual(ticket.customer_overdue_amount, 1234)
        self.assertIn("1,234.00", ticket.routing_message)
        clean = self._create_ticket(self.customer_pref, contact_type="request")
        self.assertFalse(clean.routing_rule_id)
        self.assertEqual(clean.customer_overdue_amount, 0)

    def test_debt_not_yet_due_or_paid_does_not_count(self):
        self._overdue_invoice(self.customer_std, 500, days_overdue=-10)
        self.assertEqual(
            self._create_ticket(self.customer_std).customer_overdue_amount, 0
        )

    def test_debt_below_the_amount_does_not_route(self):
        self._overdue_invoice(self.customer_std, 50)
        self._rule(self.team_collections, check_overdue_debt=True, overdue_debt_min=100)
        ticket = self._create_ticket(self.customer_std)
        self.assertAlmostEqual(ticket.customer_overdue_amount, 50)
        self.assertFalse(ticket.routing_rule_id)

    def test_contact_sees_the_debt_of_its_company(self):
        self.customer_star.customer_type_id = False
        self._overdue_invoice(self.customer_star, 300)
        ticket = self._create_ticket(self.contact_star)
        self.assertAlmostEqual(ticket.customer_overdue_amount, 300)


@tagged("post_install", "-at_install")
class TestCustomerType(RoutingCase):
    def test_ticket_keeps_the_type_it_was_opened_with(self):
        ticket = self._create_ticket(self.customer_std)
        self.assertEqual(ticket.customer_type_id, self.student)
        self.customer_std.customer_type_id = self.graduate
        self.assertEqual(ticket.customer_type_id, self.student)
        self.assertEqual(
            self._create_ticket(self.customer_std).customer_type_id, self.graduate
        )

    def test_contacts_use_the_type_of_their_company(self):
        self.customer_star.customer_type_id = self.graduate
        self.assertEqual(self.contact_star.customer_type_id, self.graduate)
        self.assertEqual(
            self._create_ticket(self.contact_star).customer_type_id, self.graduate
        )

    def test_ticket_analysis_groups_by_customer_type(self):
        self._create_ticket(self.customer_std)
        Analysis = self.env["helpdesk.ticket.analysis"]
        Analysis._refresh_months()
        groups = dict(
            Analysis._read_group(
                [("customer_type_id", "!=", False)],
                ["customer_type_id"],
                ["ticket_count:sum"],
            )
        )
        self.assertGreaterEqual(groups.get(self.student, 0), 1)


@tagged("post_install", "-at_install")
class TestRoutingQueries(RoutingCase):
    """Twenty active rules add at most one query to ticket creation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.categories = cls.env["helpdesk.ticket.category"].create(
            [{"name": f"Routing category {i}"} for i in range(20)]
        )

    def _count_create_queries(self, category):
        vals = {
            "name": "Line down",
            "description": "<p>x</p>",
            "partner_id": self.customer_std.id,
            "category_id": category.id,
        }
        # warm the caches (registry, prefetch) as a worker in use has them
        for _ in range(2):
            self.Ticket.create(dict(vals))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.Ticket.create(dict(vals))
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_twenty_rules_add_at_most_one_query(self):
        baseline = self._count_create_queries(self.categories[-1])
        rules = self.Rule.create(
            [
                {
                    "name": f"Rule {i}",
                    "sequence": i,
                    "team_id": self.team_legal.id,
                    "category_ids": [Command.set(self.categories[i].ids)],
                    # a debt check on a rule whose category does not match
                    # is never asked
                    "check_overdue_debt": i == 5,
                    "priority": "2",
                    "agent_message": "Routed",
                }
                for i in range(20)
            ]
        )
        routed = self._count_create_queries(self.categories[-1])
        ticket = self.Ticket.search([], order="id desc", limit=1)
        self.assertEqual(ticket.routing_rule_id, rules[-1])
        self.assertLessEqual(routed - baseline, 1, (baseline, routed))

    def test_debt_rule_adds_one_query(self):
        baseline = self._count_create_queries(self.categories[0])
        self.Rule.create(
            [
                {
                    "name": f"Debt rule {i}",
                    "sequence": i,
                    "team_id": self.team_collections.id,
                    "check_overdue_debt": True,
                    "overdue_debt_min": 1000 * (i + 1),
                }
                for i in range(20)
            ]
        )
        with_debt = self._count_create_queries(self.categories[0])
        self.assertLessEqual(with_debt - baseline, 1, (baseline, with_debt))
