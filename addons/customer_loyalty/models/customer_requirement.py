from odoo import api, fields, models

from .company_check import check_owned_links

REQUIREMENT_AREAS = [
    ("incidents_requests", "Incidents / Requests"),
    ("service", "Service"),
    ("procedures", "Procedures"),
    ("payment", "Payment"),
    ("products", "Products"),
]


class CustomerRequirement(models.Model):
    """A customer requirement, explicit or implicit, in the catalogue of
    the loyalty procedure: what the customers of a segment expect."""

    _name = "customer.requirement"
    _description = "Customer Requirement"
    _check_company_auto = True
    _order = "area, sequence, id"

    name = fields.Char(string="Requirement", required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    area = fields.Selection(
        REQUIREMENT_AREAS, required=True, default="service", index=True
    )
    requirement_type = fields.Selection(
        [("explicit", "Explicit"), ("implicit", "Implicit")],
        string="Type",
        required=True,
        default="explicit",
        help="Explicit: the customer says it. Implicit: the customer takes it "
        "for granted and only notices when it is missing.",
    )
    source = fields.Selection(
        [
            ("internal_knowledge", "Internal Knowledge"),
            ("survey", "Survey"),
            ("complaint", "Complaint"),
            ("interview", "Interview"),
        ],
        required=True,
        default="internal_knowledge",
    )
    segment_ids = fields.Many2many(
        "customer.segment",
        "customer_requirement_segment_rel",
        "requirement_id",
        "segment_id",
        string="Segments",
        check_company=True,
    )
    survey_question_ids = fields.Many2many(
        "survey.question",
        "customer_requirement_survey_question_rel",
        "requirement_id",
        "question_id",
        string="Survey Items",
        help="Survey questions that measure the satisfaction with this requirement.",
    )
    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "customer_requirement_helpdesk_ticket_rel",
        "requirement_id",
        "ticket_id",
        string="Tickets",
    )
    improvement_area_ids = fields.Many2many(
        "improvement.area",
        "improvement_area_customer_requirement_rel",
        "requirement_id",
        "area_id",
        string="Improvement Areas",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share across companies."
    )

    @api.constrains("company_id", "ticket_ids", "improvement_area_ids")
    def _check_owned_links(self):
        # the shared catalogue (no company) is linked to the tickets and
        # improvement areas of every company; a company's own requirement
        # only to its own (Odoo's check_company would forbid the former)
        check_owned_links(self, ["ticket_ids", "improvement_area_ids"])
