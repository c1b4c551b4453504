"""Links between companies: every relational field the addons add that can
point to a record of another company is checked (``check_company=True`` on a
model with ``_check_company_auto``), or is in one of the lists below with the
reason it is not; and a representative link of each family of models is
refused across companies."""

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SMART_ALL, LoyaltyCase

ADDONS = {"customer_loyalty", "customer_loyalty_contract"}

# the company of the record is the one of the linked record
COMPANY_FOLLOWS_THE_LINK = {
    ("customer.kpi.target", "kpi_id"),
    ("customer.segment.review.line", "review_id"),
    ("helpdesk.ticket.derive", "ticket_id"),
    ("helpdesk.ticket.followup", "ticket_id"),
    ("helpdesk.ticket.intake.answer", "ticket_id"),
    ("improvement.project.action", "project_id"),
    ("improvement.project.deliverable", "project_id"),
    ("improvement.project.indicator", "project_id"),
    ("improvement.project.meeting", "project_id"),
    ("customer.segment.history", "partner_id"),
}
# shared records linked to the records of every company on purpose: a record
# of one company links only its own or shared ones (check_owned_links)
OWNED_LINKS = {
    ("res.partner", "customer_segment_id"),
    ("res.partner", "customer_type_id"),
    ("customer.segment", "team_id"),
    ("customer.requirement", "ticket_ids"),
    ("customer.requirement", "improvement_area_ids"),
}
# not checked, and why
UNCHECKED = {
    # the history of a shared customer keeps the segment (and loss reason)
    # of the company that serves it, as the customer does; written only by
    # the segment change, after the customer's own check
    ("customer.segment.history", "segment_id"),
    ("customer.segment.history", "lost_reason_id"),
    # files uploaded to a deliverable carry no company
    ("improvement.project.deliverable", "attachment_ids"),
    # the settings of the current company: saved as the users' group
    ("res.config.settings", "loyalty_direction_user_ids"),
    # helpdesk_mgmt's own fields (without check_company there), redefined
    # here only to be computed before the ticket is inserted
    ("helpdesk.ticket", "team_id"),
    ("helpdesk.ticket", "user_id"),
    ("helpdesk.ticket", "stage_id"),
}
# reporting tables: filled in SQL from rows of one company each, read
# through a company record rule, never written through the ORM
REPORTING_MODELS = {
    "customer.partner.snapshot",
    "customer.satisfaction.matrix",
    "customer.satisfaction.report",
    "customer.satisfaction.summary",
    "customer.segment.snapshot",
    "helpdesk.ticket.analysis",
}
# host models that do not turn _check_company_auto on: the addon's fields
# are checked by a constraint of their own
HOST_CONSTRAINTS = {"helpdesk.ticket": "_check_loyalty_companies"}
MAGIC = {"create_uid", "write_uid", "message_partner_ids"}


@tagged("post_install", "-at_install")
class TestCompanyLinks(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_company("Beta Links SL")
        cls.team_b = cls.env["helpdesk.ticket.team"].create(
            {"name": "Beta desk", "company_id": cls.company_b.id}
        )
        cls.user_b = cls._company_user("cl_links_beta", cls.company_b)
        cls.category_b = cls.env["helpdesk.ticket.category"].create(
            {"name": "Beta billing", "company_id": cls.company_b.id}
        )
        cls.area_b = cls.env["improvement.area"].create(
            {"name": "Beta area", "company_id": cls.company_b.id}
        )

    def _linked_fields(self):
        """``{(model, field): field}`` of the stored relational fields of the
        addons on a model with a company, to a model with a company."""
        IrFields = self.env["ir.model.fields"]
        rows = IrFields.search(
            [("ttype", "in", ("many2one", "many2many")), ("store", "=", True)]
        )
        found = {}
        for row in rows:
            if not ADDONS & set((row.modules or "").split(", ")):
                continue
            if row.model not in self.env or row.name in MAGIC:
                continue
            Model = self.env[row.model]
            field = Model._fields.get(row.name)
            if not field or field.related or Model._abstract:
                continue
            if not {"company_id", "company_ids"} & set(Model._fields):
                continue
            if "company_id" not in self.env[field.comodel_name]._fields:
                continue
            found[row.model, row.name] = field
        return found

    def test_every_link_across_companies_is_checked_or_listed(self):
        found = self._linked_fields()
        self.assertGreater(len(found), 100)
        listed = COMPANY_FOLLOWS_THE_LINK | OWNED_LINKS | UNCHECKED
        unchecked = set()
        for (model, fname), field in found.items():
            if model in REPORTING_MODELS or (model, fname) in listed:
                continue
            if not field.check_company:
                unchecked.add((model, fname))
                continue
            Model = self.env[model]
            self.assertTrue(
                Model._check_company_auto or model in HOST_CONSTRAINTS,
                f"{model} checks no company on create and write",
            )
        self.assertFalse(
            unchecked,
            "links that can cross companies without check_company: add it, or "
            "list them here with the reason",
        )
        for model, fname in listed:
            self.assertIn((model, fname), found, "listed but gone")
        for model, constraint in HOST_CONSTRAINTS.items():
            checked = {
                fname
                for (m, fname), field in found.items()
                if m == model and field.check_company
            }
            self.assertEqual(
                set(self.env[model]._LOYALTY_COMPANY_FIELDS), checked, constraint
            )

    # --- a refused link per family -------------------------------------------

    def assertRefused(self, Model, vals):
        with self.assertRaises(UserError):
            Model.create(vals)

    def test_kpis_refuse_another_companys_segment(self):
        Kpi = self.env["customer.kpi"]
        own = {"name": "Alpha KPI", "code": "AKPI", "company_id": self.company_a.id}
        self.assertRefused(Kpi, dict(own, segment_id=self.segment_b.id))
        kpi = Kpi.create(own)
        self.assertRefused(
            self.env["customer.kpi.target"],
            {
                "kpi_id": kpi.id,
                "year": 2024,
                "value": 1,
                "segment_id": self.segment_b.id,
            },
        )
        self.assertRefused(
            self.env["customer.kpi.value"],
            {
                "kpi_id": kpi.id,
                "period": fields.Date.to_date("2024-01-01"),
                "company_id": self.company_b.id,
            },
        )

    def test_processes_and_requirements_refuse_another_companys_records(self):
        parent_b = self.env["customer.process"].create(
            {"name": "Beta process", "company_id": self.company_b.id}
        )
        self.assertRefused(
            self.env["customer.process"],
            {
                "name": "Alpha sub",
                "company_id": self.company_a.id,
                "parent_id": parent_b.id,
            },
        )
        self.assertRefused(
            self.env["customer.process"],
            {
                "name": "Alpha owned",
                "company_id": self.company_a.id,
                "owner_id": self.user_b.id,
            },
        )
        Requirement = self.env["customer.requirement"]
        self.assertRefused(
            Requirement,
            {
                "name": "Alpha need",
                "company_id": self.company_a.id,
                "improvement_area_ids": [Command.set(self.area_b.ids)],
            },
        )
        # the shared catalogue is linked to every company's areas
        shared = Requirement.create(
            {
                "name": "Shared need",
                "improvement_area_ids": [Command.set(self.area_b.ids)],
            }
        )
        self.assertEqual(shared.improvement_area_ids, self.area_b)

    def test_routing_and_intake_refuse_another_companys_records(self):
        team_a = self.team_vip
        self.assertRefused(
            self.env["helpdesk.routing.rule"],
            {
                "name": "Alpha rule",
                "team_id": team_a.id,
                "company_id": self.company_a.id,
                "segment_ids": [Command.set(self.segment_b.ids)],
            },
        )
        self.assertRefused(
            self.env["helpdesk.intake.template"],
            {
                "name": "Alpha intake",
                "company_id": self.company_a.id,
                "category_ids": [Command.set(self.category_b.ids)],
            },
        )
        self.assertRefused(
            self.env["helpdesk.routing.test"],
            {"company_id": self.company_a.id, "team_id": self.team_b.id},
        )

    def test_improvement_refuses_another_companys_records(self):
        Area = self.env["improvement.area"]
        self.assertRefused(
            Area,
            {
                "name": "Alpha area",
                "company_id": self.company_a.id,
                "segment_id": self.segment_b.id,
            },
        )
        self.assertRefused(
            Area,
            {
                "name": "Alpha led",
                "company_id": self.company_a.id,
                "user_id": self.user_b.id,
            },
        )
        area = Area.create(
            {"name": "Alpha area", "company_id": self.company_a.id, **SMART_ALL}
        )
        project = self.env["improvement.project"].create(
            {"name": "Alpha project", "objective": "x", "area_id": area.id}
        )
        self.assertRefused(
            self.env["improvement.project.meeting"],
            {
                "name": "Kick-off",
                "project_id": project.id,
                "attendee_ids": [Command.set(self.user_b.ids)],
            },
        )
        self.assertRefused(
            self.env["improvement.project.action"],
            {
                "name": "Call",
                "project_id": project.id,
                "responsible_id": self.user_b.id,
            },
        )

    def test_tickets_customers_and_segments_refuse_another_companys_records(self):
        with self.assertRaises(UserError):
            self._create_ticket(
                self.customer_std,
                company_id=self.company_a.id,
                customer_segment_id=self.segment_b.id,
            )
        ticket = self._create_ticket(self.customer_std)
        with self.assertRaises(UserError):
            ticket.complaint_action_user_id = self.user_b
        Partner = self.Partner
        with self.assertRaises(ValidationError):
            Partner.create(
                {
                    "name": "Alpha Only SL",
                    "company_id": self.company_a.id,
                    "customer_segment_id": self.segment_b.id,
                }
            )
        # a shared customer holds the segment of the company that serves it
        shared = Partner.create(
            {"name": "Shared SL", "customer_segment_id": self.segment_b.id}
        )
        with self.assertRaises(ValidationError):
            shared.company_id = self.company_a
        segment_a = self.Segment.create(
            {"name": "Alpha Gold", "code": "AGOLD", "company_id": self.company_a.id}
        )
        with self.assertRaises(ValidationError):
            segment_a.team_id = self.team_b
        # a shared segment may name one company's team
        self.star.team_id = self.team_b
        self.assertEqual(self.star.team_id, self.team_b)
