"""Every public method of the addon called over RPC by each role.

Buttons (``action_*``), wizard buttons and the like are public: anybody who
reads a record can call them through ``/web/dataset/call_button`` whatever
the view shows. Each method is called here as the web client does
(``check_method_name`` + ``call_kw``) by a user of every role: the roles not
in its row get an AccessError, the others never do. A new public method of
the addon must get its row (the discovery test fails otherwise). Cron entry
points are private: RPC refuses them. Context keys sent by a client open no
check."""

from odoo import Command, api
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import check_method_name
from odoo.tests import new_test_user, tagged

from .common import LoyaltyCase

ROLES = ("portal", "employee", "agent_own", "user", "manager", "direction")
USER = {"user", "manager"}
READERS = {"user", "manager", "direction"}
MANAGER = {"manager"}
# fmt: off
PUBLIC_METHODS = {
    ("customer.interview", "action_cancel"): MANAGER,
    ("customer.interview", "action_reset"): MANAGER,
    ("customer.interview", "action_start_interview"): USER,
    ("customer.interview.plan", "action_add_segment_customers"): MANAGER,
    ("customer.interview.plan", "action_view_interviews"): READERS,
    ("customer.interview.plan", "action_view_overdue"): READERS,
    ("customer.kpi", "action_view_values"): READERS,
    ("customer.kpi.recompute", "action_recompute"): MANAGER,
    ("customer.process", "action_view_kpi_values"): READERS,
    ("customer.satisfaction.annual", "action_print"): READERS,
    ("customer.satisfaction.item", "action_create_improvement_area"): USER,
    ("customer.satisfaction.item", "action_view_improvement_areas"): USER,
    ("customer.segment", "action_new_survey_campaign"): MANAGER,
    ("customer.service.report.print", "action_print"): USER,
    ("customer.segment", "action_view_customers"): READERS,
    ("customer.segment.review", "action_accept_all"): MANAGER,
    ("customer.segment.review", "action_apply"): MANAGER,
    ("customer.segment.review", "action_propose"): MANAGER,
    ("customer.segment.review", "action_reject_all"): MANAGER,
    ("customer.segment.review.line", "action_accept"): MANAGER,
    ("customer.segment.review.line", "action_reject"): MANAGER,
    ("customer.survey.campaign", "action_cancel"): MANAGER,
    ("customer.survey.campaign", "action_launch"): MANAGER,
    ("customer.survey.campaign", "action_view_answers"): USER,
    ("customer.type", "action_view_partners"): READERS,
    ("helpdesk.routing.rule", "action_view_tickets"): USER,
    ("helpdesk.routing.test", "action_test"): MANAGER,
    ("helpdesk.ticket", "action_mark_critical"): USER,
    ("helpdesk.ticket", "action_open_derive_wizard"): USER,
    ("helpdesk.ticket", "action_view_followups"): USER,
    ("helpdesk.ticket", "action_view_survey_answers"): USER,
    ("helpdesk.ticket.derive", "action_derive"): USER,
    ("improvement.area", "action_assess"): USER,
    ("improvement.area", "action_create_project"): MANAGER,
    ("improvement.area", "action_reject"): MANAGER,
    ("improvement.area", "action_reset_to_identified"): MANAGER,
    ("improvement.area", "action_select"): MANAGER,
    ("improvement.area", "action_view_projects"): READERS,
    ("improvement.area", "action_view_requirements"): READERS,
    ("improvement.area", "action_view_survey_questions"): READERS,
    ("improvement.area", "action_view_tickets"): READERS,
    ("improvement.project", "action_measure_indicators"): MANAGER,
    ("improvement.project", "action_print_sheet"): READERS,
    ("improvement.project", "action_send_participant_survey"): MANAGER,
    ("improvement.project", "action_view_open_actions"): READERS,
    ("improvement.project", "action_view_participant_answers"): USER,
    ("improvement.project.action", "action_cancel"): USER,
    ("improvement.project.action", "action_done"): USER,
    ("improvement.project.action", "action_reset"): USER,
    ("improvement.project.deliverable", "action_open_record"): READERS,
    ("res.partner", "action_start_loyalty_interview"): USER,
    ("res.partner", "action_view_customer_health_trend"): {"manager", "direction"},
    ("res.partner", "action_view_loyalty_complaints"): READERS,
    ("res.partner", "action_view_loyalty_snapshots"): {"manager", "direction"},
    ("res.partner", "action_view_loyalty_surveys"): USER,
    ("res.partner", "action_view_segment_history"): READERS,
}
# fmt: on


def addon_methods(env, prefixes, family=False):
    """(model, method) of the methods named with ``prefixes`` that
    customer_loyalty defines (or, with ``family``, any of its bridge addons:
    their buttons are checked by their own tests)."""
    found = set()
    for name in env.registry:
        cls = type(env[name])
        for attr in dir(cls):
            if not attr.startswith(prefixes):
                continue
            if not callable(getattr(cls, attr, None)):
                continue
            for klass in cls.__mro__:
                if attr in vars(klass):
                    module = getattr(klass, "_module", None) or ""
                    if module == "customer_loyalty" or (
                        family and module.startswith("customer_loyalty")
                    ):
                        found.add((name, attr))
                    break
    return found


@tagged("post_install", "-at_install")
class TestPublicMethodsOverRpc(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "portal": new_test_user(
                cls.env,
                login="cl_rpc_portal",
                groups="base.group_portal",
                partner_id=cls.contact_star.id,
            ),
            "employee": new_test_user(
                cls.env,
                login="cl_rpc_employee",
                groups="base.group_user,base.group_partner_manager",
            ),
            "agent_own": new_test_user(
                cls.env,
                login="cl_rpc_agent_own",
                groups="base.group_user,base.group_partner_manager,"
                "helpdesk_mgmt.group_helpdesk_user_own",
            ),
            "user": cls.user_agent,
            "manager": cls.user_manager,
            "direction": cls.user_direction,
        }
        cls.ticket = cls._create_ticket(
            cls.contact_star, user_id=cls.users["agent_own"].id
        )
        cls.direction_member = new_test_user(
            cls.env,
            login="cl_rpc_direction_member",
            groups="base.group_user,customer_loyalty.customer_loyalty_group_direction",
        )

    def _rpc(self, user, records, method, context=None):
        """Call ``method`` on ``records`` as the web client does for ``user``."""
        check_method_name(method)
        env = api.Environment(self.env.cr, user.id, dict(context or {}))
        return call_kw(env[records._name], method, [records.ids], {})

    def _sample(self, model, role):
        """A record of ``model`` to call the method on. Wizards are created
        by the role itself when it may (their records belong to their
        creator), else by the superuser (and stay out of the role's reach)."""
        env = self.env
        if model == "helpdesk.ticket":
            return self.ticket
        if model == "res.partner":
            return self.customer_star
        if model == "customer.segment":
            return self.star
        if model == "customer.survey.campaign":
            return env[model].create(
                {
                    "segment_id": self.star.id,
                    "survey_id": env.ref("customer_loyalty.survey_post_resolution").id,
                }
            )
        Model = env[model]
        if not Model.is_transient():
            record = Model.search(
                [("company_id", "in", [self.company.id, False])]
                if "company_id" in Model._fields
                else [],
                limit=1,
            )
            if not record and model in (
                "customer.interview",
                "customer.interview.plan",
            ):
                plan = env["customer.interview.plan"].create(
                    {"year": 2026, "segment_ids": [Command.set(self.star.ids)]}
                )
                record = plan
                if model == "customer.interview":
                    record = env[model].create(
                        {"plan_id": plan.id, "partner_id": self.customer_star.id}
                    )
            if not record and model == "customer.type":
                record = Model.create({"name": "RPC type"})
            if not record and model == "helpdesk.routing.rule":
                record = Model.create(
                    {"name": "Complaints to the VIP desk", "team_id": self.team_vip.id}
                )
            return record
        creator = Model.with_user(self.users[role])
        if not creator.has_access("create"):
            creator = Model
        values = {
            "customer.satisfaction.annual": {"year": 2025},
            "helpdesk.ticket.derive": {
                "ticket_id": self.ticket.id,
                "team_id": self.team_general.id,
                "reason": "Needs the general desk",
            },
        }.get(model, {})
        if model == "customer.segment.review.line":
            review = creator.env["customer.segment.review"].create({})
            values = {
                "review_id": review.id,
                "partner_id": self.customer_std.id,
                "proposed_segment_id": self.preferential.id,
            }
        return creator.create(values).with_env(env)

    def test_every_public_method_of_the_addon_has_its_row(self):
        found = addon_methods(self.env, ("action_", "button_"))
        self.assertEqual(found - set(PUBLIC_METHODS), set(), "methods to add")
        self.assertEqual(set(PUBLIC_METHODS) - found, set(), "methods gone")

    def test_each_role_calls_only_the_methods_of_its_groups(self):
        wrong = []
        for (model, method), allowed in sorted(PUBLIC_METHODS.items()):
            for role in ROLES:
                user = self.users[role]
                with self.env.cr.savepoint(flush=False) as savepoint:
                    record = self._sample(model, role)
                    if not record:
                        wrong.append(f"{model}: no sample record")
                        savepoint.rollback()
                        break
                    try:
                        self._rpc(user, record, method)
                        refused = False
                    except AccessError:
                        refused = True
                    except (UserError, ValidationError):
                        # allowed, but the record is not in the right state
                        refused = False
                    # what the call wrote goes to the database before the
                    # rollback, so nothing of it is flushed afterwards
                    self.env.flush_all()
                    savepoint.rollback()
                self.env.invalidate_all()
                if refused == (role in allowed):
                    wrong.append(
                        f"{model}.{method} as {role}: "
                        f"{'refused' if refused else 'allowed'}"
                    )
        self.assertFalse(wrong, "\n".join(wrong))

    def test_crons_cannot_be_called_over_rpc(self):
        crons = addon_methods(self.env, ("_cron",), family=True)
        self.assertTrue(crons)
        for model, method in crons:
            with (
                self.subTest(model=model, method=method),
                self.assertRaises(AccessError),
            ):
                self._rpc(self.user_manager, self.env[model], method)
        # nor triggered through their scheduled action without admin rights
        cron = self.env.ref("customer_loyalty.ir_cron_send_followup_updates")
        with self.assertRaises(AccessError):
            self._rpc(self.user_manager, cron, "method_direct_trigger")

    def test_marking_critical_is_refused_to_agents_without_loyalty_rights(self):
        # the "own tickets" agent reads the ticket but is no Loyalty User
        agent = self.users["agent_own"]
        self.assertTrue(self.ticket.with_user(agent).has_access("read"))
        with self.assertRaises(AccessError):
            self._rpc(agent, self.ticket, "action_mark_critical")
        self.assertFalse(self.ticket.is_critical)
        self._rpc(self.user_agent, self.ticket, "action_mark_critical")
        self.assertTrue(self.ticket.is_critical)

    def test_interviews_are_refused_to_employees(self):
        employee = self.users["employee"]
        self.assertTrue(self.customer_star.with_user(employee).has_access("read"))
        with self.assertRaises(AccessError):
            self._rpc(employee, self.customer_star, "action_start_loyalty_interview")


@tagged("post_install", "-at_install")
class TestForgedContextKeys(LoyaltyCase):
    """Keys a client can put in the RPC context open no check."""

    def _rpc(self, user, records, method, args, context):
        check_method_name(method)
        env = api.Environment(self.env.cr, user.id, dict(context))
        return call_kw(env[records._name], method, [records.ids, *args], {})

    def test_skipping_the_segment_history_does_not_skip_the_manager_check(self):
        customer = self.customer_std
        before = self.History.search_count([("partner_id", "=", customer.id)])
        with self.assertRaises(AccessError):
            self._rpc(
                self.user_agent,
                customer,
                "write",
                [{"customer_segment_id": self.star.id}],
                {"customer_loyalty_skip_history": True},
            )
        self.assertNotEqual(customer.customer_segment_id, self.star)
        # a manager's change is kept in the history whatever the context says
        self._rpc(
            self.user_manager,
            customer,
            "write",
            [{"customer_segment_id": self.star.id}],
            {"customer_loyalty_skip_history": True},
        )
        self.assertEqual(customer.customer_segment_id, self.star)
        history = self.History.search([("partner_id", "=", customer.id)])
        self.assertGreater(len(history), before)
        self.assertEqual(history.sorted("date_from")[-1:].segment_id, self.star)

    def test_the_measuring_key_does_not_skip_the_target_check(self):
        project = self.env["improvement.project"].search([], limit=1)
        indicator = self.env["improvement.project.indicator"].create(
            {
                "project_id": project.id,
                "name": "Contacts about payment",
                "direction": "reduce",
                "baseline": 5,
                "target": 2,
            }
        )
        with self.assertRaises(ValidationError):
            self._rpc(
                self.user_manager,
                indicator,
                "write",
                [{"target": 9}],
                {"improvement_measuring": True},
            )

    def test_the_project_key_does_not_link_survey_answers(self):
        project = self.env["improvement.project"].search([], limit=1)
        manager = self.user_manager
        survey = self.env.ref("customer_loyalty.survey_improvement_participant")
        invite = (
            self.env["survey.invite"]
            .with_user(manager)
            .with_context(loyalty_improvement_project_id=project.id)
            .create(
                {
                    "survey_id": survey.id,
                    "partner_ids": [Command.set(self.contact_star.ids)],
                    "existing_mode": "new",
                }
            )
        )
        values = invite._get_answers_values()
        self.assertNotIn("improvement_project_id", values)
        # the project itself sends as superuser and links them
        linked = invite.sudo()._get_answers_values()
        self.assertEqual(linked["improvement_project_id"], project.id)
