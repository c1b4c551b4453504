"""The access matrix extended to the host models the addon extends.

Survey answers, their lines and the scored choices, cell by cell with a real
user of each role, by really doing the operation (the addon's guards run in
Python, not only in ACLs): ``r`` reads, ``w`` writes (a test-entry mark on
an answer, another choice on a line, another value on a choice), ``c``
creates, ``u`` deletes. And the fields the addon adds to tickets, partners
and the survey models: each is either readable by portal customers on
purpose (``PORTAL_READABLE``) or restricted with ``groups``."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .survey_common import SurveyLoyaltyCase

ROLES = ("portal", "employee", "agent_own", "user", "manager", "direction", "other_co")
# fmt: off
HOST_MATRIX = {
    "survey.user_input":       "---- ---- ---- r--- rwcu ---- --c-",
    "survey.user_input.line":  "---- ---- ---- r--- r--- ---- ----",
    "survey.question.answer":  "---- ---- ---- r--- rwcu ---- rwcu",
}
# fmt: on

# fields of the addon that portal customers read on their own records, on
# purpose: what the portal pages show them (how complete their intake answers
# are, what kind of request it is, how it was solved); the answers themselves
# are shown by the portal pages, not read over RPC
PORTAL_READABLE = {
    "helpdesk.ticket": {
        "commercial_partner_id",
        "contact_type",
        "intake_answered_count",
        "intake_progress",
        "intake_required_count",
        "is_intake_complete",
        "resolution_summary",
    },
    "res.partner": set(),
    "survey.survey": set(),
    "survey.question": set(),
    "survey.question.answer": set(),
    "survey.user_input": set(),
    "survey.user_input.line": set(),
}


# helpdesk_mgmt's own fields, redefined by the addon only to be computed
# before the ticket is inserted or to drop their index: the portal reads them
# on helpdesk_mgmt's terms
HOST_FIELDS = {
    "helpdesk.ticket": {"stage_id", "team_id", "unattended", "user_id", "sequence"},
}


def addon_fields(env, model):
    """Fields of ``model`` declared by a module of the customer_loyalty
    family."""
    names = env["ir.model.fields"].search([("model", "=", model)])
    return {
        field.name
        for field in names
        if any(
            module.startswith("customer_loyalty")
            for module in (field.modules or "").split(", ")
        )
    } - HOST_FIELDS.get(model, set())


@tagged("post_install", "-at_install")
class TestHostModelAccess(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Host Co"})
        cls.users = {
            "portal": new_test_user(
                cls.env,
                login="cl_host_portal",
                groups="base.group_portal",
                partner_id=cls.contact_star.id,
            ),
            "employee": cls.user_employee,
            "agent_own": new_test_user(
                cls.env,
                login="cl_host_agent_own",
                groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_own",
            ),
            "user": cls.user_agent,
            "manager": cls.user_manager,
            "direction": cls.user_direction,
            "other_co": new_test_user(
                cls.env,
                login="cl_host_other_co",
                groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
                company_id=cls.other_company.id,
                company_ids=[Command.set(cls.other_company.ids)],
            ),
        }
        cls.ticket = cls._create_ticket(cls.contact_star, user_id=cls.user_agent.id)
        cls.question = cls.env.ref("customer_loyalty.survey_post_resolution_q4s")

    def _answer(self):
        user_input = self.UserInput.create(
            {
                "survey_id": self.survey_post.id,
                "partner_id": self.contact_star.id,
                "ticket_id": self.ticket.id,
            }
        )
        user_input._save_lines(self.question, self._choice(self.question, 8).id)
        return user_input

    def _try(self, operation):
        with self.env.cr.savepoint() as savepoint:
            try:
                operation()
                allowed = True
            except AccessError:
                allowed = False
            savepoint.rollback()
        self.env.invalidate_all()
        return allowed

    def _cells(self, model, user):
        answer = self._answer()
        choice = self._choice(self.question, 8)
        record = {
            "survey.user_input": answer,
            "survey.user_input.line": answer.user_input_line_ids,
            "survey.question.answer": choice,
        }[model].with_user(user)
        write = {
            "survey.user_input": lambda: record.write({"test_entry": True}),
            "survey.user_input.line": lambda: record.write(
                {"suggested_answer_id": self._choice(self.question, 2).id}
            ),
            "survey.question.answer": lambda: record.write({"loyalty_value": 3}),
        }[model]
        create = {
            "survey.user_input": lambda: record.create(
                {"survey_id": self.survey_post.id, "email": "new@example.com"}
            ),
            "survey.user_input.line": lambda: record.create(
                {
                    "user_input_id": answer.id,
                    "question_id": self.question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": choice.id,
                }
            ),
            "survey.question.answer": lambda: record.create(
                {"question_id": self.question.id, "value": "11", "loyalty_value": 10}
            ),
        }[model]
        operations = (
            ("r", lambda: record.read(["display_name"])),
            ("w", write),
            ("c", create),
            ("u", record.unlink),
        )
        return "".join(
            letter if self._try(operation) else "-" for letter, operation in operations
        )

    def test_host_access_matrix(self):
        mismatches = []
        for model, row in HOST_MATRIX.items():
            for role, expected in zip(ROLES, row.split(), strict=True):
                actual = self._cells(model, self.users[role])
                if actual != expected:
                    mismatches.append(f"{model} / {role}: {actual} != {expected}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_every_field_of_the_addon_is_portal_readable_on_purpose_or_grouped(self):
        loose = []
        for model, allowed in PORTAL_READABLE.items():
            Model = self.env[model]
            for name in sorted(addon_fields(self.env, model)):
                field = Model._fields[name]
                if name in allowed:
                    continue
                if not field.groups:
                    loose.append(f"{model}.{name}")
        self.assertFalse(
            loose,
            "fields with no groups and not in PORTAL_READABLE: %s" % ", ".join(loose),
        )

    def test_portal_customers_read_only_the_allowed_fields_of_their_ticket(self):
        portal = self.users["portal"]
        ticket = self._create_ticket(self.contact_star).with_user(portal)
        partner = self.contact_star.with_user(portal)
        for record in (ticket, partner):
            allowed = PORTAL_READABLE[record._name]
            for name in sorted(addon_fields(self.env, record._name)):
                with self.subTest(model=record._name, field=name):
                    if name in allowed:
                        record.read([name])
                    else:
                        with self.assertRaises(AccessError):
                            record.read([name])

    def test_allow_list_names_existing_fields(self):
        for model, allowed in PORTAL_READABLE.items():
            self.assertLessEqual(allowed, addon_fields(self.env, model), model)
