"""The access matrix of the addon, checked cell by cell with real users.

Each row is a model of the addon; each column a role; each cell the
operations the role may do on a record of the main company, as ``rwcu``
(read, write, create, unlink; ``-`` where refused). Transient models
(wizards) are checked on the model, their records belonging to whoever
creates them. The same table is in ``readme/SECURITY.md``.

Roles::

    portal     a portal customer (contact of a customer company)
    employee   an internal user without any loyalty or helpdesk group
    agent_own  a helpdesk agent "own tickets" (helpdesk_mgmt), no loyalty group
    user       Loyalty User (agent); the sample ticket is assigned to them
    manager    Loyalty Manager
    direction  Direction
    other_co   a Loyalty Manager whose only company is another company
"""

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LoyaltyCase

ROLES = (
    "portal",
    "employee",
    "agent_own",
    "user",
    "manager",
    "direction",
    "other_co",
)

# model: portal, employee, agent_own, user, manager, direction, other_co
# one row per model: the cells of the roles above, in their order
# fmt: off
MATRIX = {
    "customer.segment":                "---- r--- r--- r--- rwcu r--- --c-",
    "customer.segment.history":        "---- ---- ---- r--- rwcu r--- --c-",
    "customer.segment.review":         "---- ---- ---- ---- rwcu ---- rwcu",
    "customer.segment.review.line":    "---- ---- ---- ---- rwcu ---- rwcu",
    "customer.requirement":            "---- ---- ---- r--- rwcu r--- --c-",
    "customer.process":                "---- ---- ---- r--- rwcu r--- --c-",
    "improvement.area":                "---- ---- ---- rwc- rwcu r--- --c-",
    "improvement.project.stage":       "---- ---- ---- r--- rwcu r--- rwcu",
    "improvement.project":             "---- ---- ---- r--- rwcu r--- --c-",
    "improvement.project.meeting":     "---- ---- ---- r--- rwcu r--- --c-",
    "improvement.project.action":      "---- ---- ---- rw-- rwcu r--- --c-",
    "improvement.project.indicator":   "---- ---- ---- r--- rwcu r--- --c-",
    "improvement.project.deliverable": "---- ---- ---- r--- rwcu r--- --c-",
    "helpdesk.intake.template":        "---- ---- r--- r--- rwcu r--- --c-",
    "helpdesk.intake.template.line":   "---- ---- r--- r--- rwcu r--- --c-",
    "helpdesk.intake.option":          "---- ---- r--- r--- rwcu r--- --c-",
    "helpdesk.ticket.intake.answer":   "---- ---- --c- rwc- rwcu r--- --c-",
    "helpdesk.ticket.followup":        "---- ---- ---- r--- rwcu r--- --c-",
    "helpdesk.ticket.derive":          "---- ---- ---- rwcu rwcu ---- rwcu",
    "customer.survey.campaign":        "---- ---- ---- r--- rwcu r--- --c-",
    "customer.satisfaction.report":    "---- ---- ---- r--- r--- r--- ----",
    "customer.satisfaction.matrix":    "---- ---- ---- r--- r--- r--- ----",
    "customer.satisfaction.item":      "---- ---- ---- r--- r--- r--- ----",
    "customer.satisfaction.summary":   "---- ---- ---- r--- r--- r--- ----",
    "customer.segment.snapshot":       "---- ---- ---- ---- r--- r--- ----",
    "customer.satisfaction.annual":    "---- ---- ---- rwcu rwcu rwcu rwcu",
    "customer.kpi":                    "---- ---- ---- r--- rwcu r--- --c-",
    "customer.kpi.target":             "---- ---- ---- r--- rwcu r--- --c-",
    "customer.kpi.value":              "---- ---- ---- r--- rwcu r--- --c-",
    "customer.kpi.recompute":          "---- ---- ---- ---- rwcu ---- rwcu",
    "helpdesk.ticket.analysis":        "---- ---- ---- r--- r--- r--- ----",
    "customer.partner.snapshot":       "---- ---- ---- ---- r--- r--- ----",
    "customer.lost.reason":            "---- ---- ---- r--- rwcu r--- --c-",
    "customer.lost.service":           "---- ---- ---- r--- rwcu r--- --c-",
    "customer.type":                   "---- r--- r--- r--- rwcu r--- --c-",
    "helpdesk.routing.rule":           "---- ---- ---- r--- rwcu ---- --c-",
    "helpdesk.routing.test":           "---- ---- ---- ---- rwcu ---- rwcu",
    "customer.service.report.print":   "---- ---- ---- rwcu rwcu ---- rwcu",
    "customer.interview.plan":         "---- ---- ---- r--- rwcu r--- --c-",
    "customer.interview":              "---- ---- ---- rw-- rwcu r--- --c-",
}
# fmt: on

OPERATIONS = (("r", "read"), ("w", "write"), ("c", "create"), ("u", "unlink"))

# fields of host models that portal customers never read, even on their own
# ticket or partner: segments, root causes, internal follow-up data
PORTAL_HIDDEN_FIELDS = {
    "helpdesk.ticket": (
        "customer_segment_id",
        "complaint_root_cause",
        "complaint_corrective_action",
        "complaint_action_user_id",
        "is_critical",
        "survey_status",
    ),
    "res.partner": ("customer_segment_id",),
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Hosting"})
        cls.users = {
            "portal": new_test_user(
                cls.env,
                login="cl_matrix_portal",
                groups="base.group_portal",
                partner_id=cls.contact_star.id,
            ),
            "employee": new_test_user(
                cls.env, login="cl_matrix_employee", groups="base.group_user"
            ),
            "agent_own": new_test_user(
                cls.env,
                login="cl_matrix_agent_own",
                groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_own",
            ),
            "user": new_test_user(
                cls.env,
                login="cl_matrix_user",
                groups="base.group_user,customer_loyalty.customer_loyalty_group_user",
            ),
            "manager": new_test_user(
                cls.env,
                login="cl_matrix_manager",
                groups="base.group_user,"
                "customer_loyalty.customer_loyalty_group_manager",
            ),
            "direction": new_test_user(
                cls.env,
                login="cl_matrix_direction",
                groups="base.group_user,"
                "customer_loyalty.customer_loyalty_group_direction",
            ),
            "other_co": new_test_user(
                cls.env,
                login="cl_matrix_other_co",
                groups="base.group_user,"
                "customer_loyalty.customer_loyalty_group_manager",
                company_id=cls.other_company.id,
                company_ids=[Command.set(cls.other_company.ids)],
            ),
        }
        cls.samples = cls._build_samples()

    @classmethod
    def _build_samples(cls):
        """One record of the main company per (non-transient) model."""
        env = cls.env
        category = env["helpdesk.ticket.category"].create({"name": "Matrix category"})
        template = env["helpdesk.intake.template"].create(
            {
                "name": "Matrix template",
                "company_id": cls.company.id,
                "category_ids": [Command.link(category.id)],
                "line_ids": [
                    Command.create(
                        {
                            "question": "Operating system",
                            "answer_type": "choice",
                            "option_ids": [Command.create({"name": "Debian"})],
                        }
                    )
                ],
            }
        )
        line = template.line_ids
        ticket = cls._create_ticket(
            cls.customer_star,
            user_id=cls.users["user"].id,
            company_id=cls.company.id,
            category_id=category.id,
        )
        # the ticket asks the template's question: answer it
        answer = ticket.intake_answer_ids
        answer.value_option_id = line.option_ids
        followup = env["helpdesk.ticket.followup"].create(
            {"ticket_id": ticket.id, "due_date": fields.Date.today()}
        )
        kpi = env["customer.kpi"].create(
            {
                "name": "Matrix KPI",
                "code": "MATRIX_KPI",
                "computation": "manual",
                "company_id": cls.company.id,
            }
        )
        segment = cls.Segment.create(
            {"name": "Matrix", "code": "MATRIX", "company_id": cls.company.id}
        )
        customer = cls.Partner.create(
            {
                "name": "Matrix Customer SA",
                "is_company": True,
                "email": "matrix@customer.example.com",
                "company_id": cls.company.id,
                "customer_segment_id": cls.star.id,
            }
        )
        survey = env.ref("customer_loyalty.survey_preferential_satisfaction")
        user_input = env["survey.user_input"].create(
            {
                "survey_id": survey.id,
                "partner_id": customer.id,
                "email": customer.email,
                # a segment of the main company gives the answer its company
                "customer_segment_id": segment.id,
            }
        )
        for key in ("q5s", "q5i"):
            question = env.ref(
                f"customer_loyalty.survey_preferential_satisfaction_{key}"
            )
            user_input._save_lines(
                question,
                question.suggested_answer_ids.filtered(
                    lambda a: a.loyalty_value == 8
                ).id,
            )
        user_input._mark_done()
        env.flush_all()
        month = fields.Date.today().replace(day=1)
        samples_sql = {
            "customer.partner.snapshot": env["customer.partner.snapshot"].create(
                {
                    "partner_id": customer.id,
                    "month": month,
                    "company_id": cls.company.id,
                }
            ),
            "helpdesk.ticket.analysis": env["helpdesk.ticket.analysis"].create(
                {"month": month, "company_id": cls.company.id, "ticket_count": 1}
            ),
        }
        samples = {
            "customer.segment": segment,
            # the shipped processes are shared: one of the company
            "customer.process": env["customer.process"].create(
                {"name": "Sample process", "company_id": cls.company.id}
            ),
            "helpdesk.intake.template": template,
            "helpdesk.intake.template.line": line,
            "helpdesk.intake.option": line.option_ids,
            "helpdesk.ticket.intake.answer": answer,
            "helpdesk.ticket.followup": followup,
            "customer.kpi": kpi,
            "customer.kpi.target": env["customer.kpi.target"].create(
                {"kpi_id": kpi.id, "year": 2026, "value": 90}
            ),
            "customer.segment.history": cls.History.search(
                [("partner_id", "=", customer.id)]
            ),
            "customer.requirement": env["customer.requirement"].create(
                {"name": "Answer within the hour", "company_id": cls.company.id}
            ),
            "customer.survey.campaign": env["customer.survey.campaign"].create(
                {
                    "segment_id": cls.star.id,
                    "survey_id": survey.id,
                    "company_id": cls.company.id,
                }
            ),
            "customer.lost.reason": env["customer.lost.reason"].create(
                {
                    "name": "Matrix reason",
                    "code": "matrix",
                    "company_id": cls.company.id,
                }
            ),
            "customer.lost.service": env["customer.lost.service"].create(
                {
                    "partner_id": customer.id,
                    "company_id": cls.company.id,
                    "product_id": env["product.product"]
                    .create({"name": "Matrix service"})
                    .id,
                    "last_billed_date": month,
                    "lost_date": month,
                }
            ),
            "customer.interview": env["customer.interview"].create(
                {
                    "plan_id": env["customer.interview.plan"]
                    .create({"year": 2091, "company_id": cls.company.id})
                    .id,
                    "partner_id": customer.id,
                }
            ),
            "customer.type": env["customer.type"].create(
                {"name": "Matrix type", "company_id": cls.company.id}
            ),
            "helpdesk.routing.rule": env["helpdesk.routing.rule"].create(
                {
                    "name": "Matrix rule",
                    "team_id": cls.team_general.id,
                    "company_id": cls.company.id,
                }
            ),
            **samples_sql,
        }
        for model in MATRIX:
            Model = env[model]
            if model in samples or Model.is_transient():
                continue
            domain = (
                [("company_id", "=", cls.company.id)]
                if "company_id" in Model._fields
                else []
            )
            samples[model] = Model.search(domain, limit=1)
        return samples

    def _cells(self, user, model):
        Model = self.env[model].with_user(user)
        record = self.samples.get(model)
        cells = ""
        for letter, operation in OPERATIONS:
            if operation == "create" or record is None:
                allowed = Model.has_access(operation)
            else:
                allowed = record.with_user(user).has_access(operation)
                if allowed and operation == "read":
                    # and a real read through the ORM works
                    record.with_user(user).read(["display_name"])
            cells += letter if allowed else "-"
        return cells

    def test_matrix_covers_every_model_of_the_addon(self):
        reflected = self.env["ir.model.data"].search(
            [("module", "=", "customer_loyalty"), ("model", "=", "ir.model")]
        )
        own = {
            name
            for name in self.env["ir.model"]
            .browse(reflected.mapped("res_id"))
            .mapped("model")
            if name in self.env
            and self.env[name]._original_module == "customer_loyalty"
            and not self.env[name]._abstract
        }
        self.assertEqual(own - set(MATRIX), set(), "models missing from the matrix")
        self.assertEqual(set(MATRIX) - own, set(), "models no longer in the addon")

    def test_every_sample_record_exists(self):
        for model, record in self.samples.items():
            with self.subTest(model=model):
                self.assertEqual(len(record), 1)

    def test_access_matrix(self):
        """Iterates the whole table: every cell is checked with its real user."""
        mismatches = []
        for model, expected_row in MATRIX.items():
            for role, expected in zip(ROLES, expected_row.split(), strict=True):
                actual = self._cells(self.users[role], model)
                if actual != expected:
                    mismatches.append(f"{model} / {role}: {actual} != {expected}")
        self.assertFalse(mismatches, "\n".join(mismatches))

    def test_portal_customers_never_read_loyalty_fields_of_their_records(self):
        portal = self.users["portal"]
        ticket = self._create_ticket(
            self.contact_star,
            complaint_root_cause="Supplier disk batch",
        )
        records = {
            "helpdesk.ticket": ticket,
            "res.partner": self.contact_star,
        }
        for model, field_names in PORTAL_HIDDEN_FIELDS.items():
            record = records[model].with_user(portal)
            # the record itself is theirs
            record.read(["name"])
            for name in field_names:
                with (
                    self.subTest(model=model, field=name),
                    self.assertRaises(AccessError),
                ):
                    record.read([name])

    def test_portal_customers_never_read_internal_notes(self):
        portal = self.users["portal"]
        ticket = self._create_ticket(self.contact_star)
        note = ticket.message_post(
            body="Customer is about to leave: offer a discount",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        public = ticket.message_post(
            body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        visible = (
            self.env["mail.message"]
            .with_user(portal)
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )
        self.assertIn(public, visible)
        self.assertNotIn(note, visible)
        with self.assertRaises(AccessError):
            note.with_user(portal).read(["body"])
