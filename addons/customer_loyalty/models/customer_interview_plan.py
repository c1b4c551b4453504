from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .loyalty_access import (
    DIRECTION_GROUP,
    MANAGER_GROUP,
    USER_GROUP,
    check_loyalty_group,
)


class CustomerInterviewPlan(models.Model):
    """The year's plan of customer interviews (IT department satisfaction
    process: one interview a year with every internal client, ideally before
    its work plan is agreed): who is interviewed, when and by whom, and how
    far the plan has got."""

    _name = "customer.interview.plan"
    _description = "Customer Interview Plan"
    _inherit = ["mail.thread"]
    _order = "year desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    segment_ids = fields.Many2many(
        "customer.segment",
        string="Segments to Interview",
        check_company=True,
        help="Add Customers adds every customer of these segments to the plan.",
    )
    interview_ids = fields.One2many(
        "customer.interview", "plan_id", string="Interviews", copy=False
    )
    interview_count = fields.Integer(
        string="Customers to Interview", compute="_compute_coverage", store=True
    )
    done_count = fields.Integer(
        string="Interviewed", compute="_compute_coverage", store=True
    )
    coverage = fields.Float(
        string="Coverage (%)",
        compute="_compute_coverage",
        store=True,
        aggregator="avg",
        help="Customers interviewed x 100 / customers to interview (cancelled "
        "interviews left out).",
    )
    overdue_count = fields.Integer(string="Overdue", compute="_compute_overdue_count")

    _sql_constraints = [
        (
            "year_company_unique",
            "UNIQUE (year, company_id)",
            "A company has one interview plan per year.",
        ),
    ]

    @api.depends("year")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._("Interview plan %(year)s", year=plan.year)

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(
                    self.env._(
                        "%(year)s is not a valid year for an interview plan.",
                        year=plan.year,
                    )
                )

    @api.depends("interview_ids.state")
    def _compute_coverage(self):
        for plan in self:
            active = plan.interview_ids.filtered(lambda i: i.state != "cancelled")
            done = active.filtered(lambda i: i.state == "done")
            plan.interview_count = len(active)
            plan.done_count = len(done)
            plan.coverage = 100.0 * len(done) / len(active) if active else 0.0

    def _compute_overdue_count(self):
        counts = dict(
            self.env["customer.interview"]._read_group(
                [("plan_id", "in", self.ids), ("is_overdue", "=", True)],
                ["plan_id"],
                ["__count"],
            )
        )
        for plan in self:
            plan.overdue_count = counts.get(plan, 0)

    def action_add_segment_customers(self):
        """Add the customers of the plan's segments that are not in it yet."""
        check_loyalty_group(self.env, MANAGER_GROUP)
        for plan in self:
            if not plan.segment_ids:
                raise UserError(
                    self.env._("Choose the segments whose customers to interview.")
                )
            customers = self.env["res.partner"].search(
                [
                    ("customer_segment_id", "in", plan.segment_ids.ids),
                    ("is_segment_holder", "=", True),
                    ("company_id", "in", [False, plan.company_id.id]),
                ]
            )
            new = customers - plan.interview_ids.partner_id
            self.env["customer.interview"].create(
                [{"plan_id": plan.id, "partner_id": partner.id} for partner in new]
            )
        return True

    def action_view_interviews(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.customer_interview_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_overdue(self):
        action = self.action_view_interviews()
        action["domain"] += [("is_overdue", "=", True)]
        return action
