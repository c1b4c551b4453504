from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from .loyalty_access import (
    DIRECTION_GROUP,
    MANAGER_GROUP,
    USER_GROUP,
    check_loyalty_group,
)

SMART_CRITERIA = (
    "smart_specific",
    "smart_measurable",
    "smart_achievable",
    "smart_relevant",
    "smart_time_bound",
)


class ImprovementArea(models.Model):
    """A problem area or improvement opportunity backed by evidence and
    assessed against the SMART conditions."""

    _name = "improvement.area"
    _description = "Improvement Area"
    _check_company_auto = True
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Html()
    origin = fields.Selection(
        [
            ("complaint", "Complaints"),
            ("survey", "Satisfaction Survey"),
            ("requirement", "Requirements Analysis"),
            ("interview", "Customer Interview"),
            ("ticket", "Ticket Analysis"),
            ("internal", "Internal Knowledge"),
        ],
        required=True,
        default="internal",
        tracking=True,
    )
    kind = fields.Selection(
        [("problem", "Problem"), ("opportunity", "Opportunity")],
        required=True,
        default="problem",
    )
    state = fields.Selection(
        [
            ("identified", "Identified"),
            ("assessed", "Assessed"),
            ("selected", "Selected"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="identified",
        tracking=True,
        index=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        check_company=True,
    )
    segment_id = fields.Many2one("customer.segment", check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )

    smart_specific = fields.Boolean(string="Specific", tracking=True)
    smart_specific_note = fields.Text(string="Specific Note")
    smart_measurable = fields.Boolean(string="Measurable", tracking=True)
    smart_measurable_note = fields.Text(string="Measurable Note")
    smart_achievable = fields.Boolean(string="Achievable", tracking=True)
    smart_achievable_note = fields.Text(string="Achievable Note")
    smart_relevant = fields.Boolean(string="Relevant", tracking=True)
    smart_relevant_note = fields.Text(string="Relevant Note")
    smart_time_bound = fields.Boolean(string="Time-bound", tracking=True)
    smart_time_bound_note = fields.Text(string="Time-bound Note")
    is_smart = fields.Boolean(
        string="SMART Compliant",
        compute="_compute_is_smart",
        store=True,
        help="All five SMART conditions are met: the area can be selected and "
        "start an improvement project.",
    )
    smart_score = fields.Integer(
        compute="_compute_is_smart", store=True, help="SMART conditions met (0-5)."
    )
    rejection_reason = fields.Text()

    ticket_ids = fields.Many2many(
        "helpdesk.ticket",
        "improvement_area_helpdesk_ticket_rel",
        "area_id",
        "ticket_id",
        string="Tickets",
        check_company=True,
    )
    survey_question_ids = fields.Many2many(
        "survey.question",
        "improvement_area_survey_question_rel",
        "area_id",
        "question_id",
        string="Survey Items",
    )
    requirement_ids = fields.Many2many(
        "customer.requirement",
        "improvement_area_customer_requirement_rel",
        "area_id",
        "requirement_id",
        string="Requirements",
        check_company=True,
    )
    project_ids = fields.One2many("improvement.project", "area_id", string="Projects")
    ticket_count = fields.Integer(compute="_compute_counts")
    survey_question_count = fields.Integer(compute="_compute_counts")
    requirement_count = fields.Integer(compute="_compute_counts")
    project_count = fields.Integer(compute="_compute_counts")

    @api.depends(*SMART_CRITERIA)
    def _compute_is_smart(self):
        for area in self:
            score = sum(1 for criterion in SMART_CRITERIA if area[criterion])
            area.smart_score = score
            area.is_smart = score == len(SMART_CRITERIA)

    @api.depends("ticket_ids", "survey_question_ids", "requirement_ids", "project_ids")
    def _compute_counts(self):
        for area in self:
            area.ticket_count = len(area.ticket_ids)
            area.survey_question_count = len(area.survey_question_ids)
            area.requirement_count = len(area.requirement_ids)
            area.project_count = len(area.project_ids)

    def _missing_smart_labels(self):
        self.ensure_one()
        return [
            self._fields[criterion].get_description(self.env)["string"]
            for criterion in SMART_CRITERIA
            if not self[criterion]
        ]

    @api.constrains("state", *SMART_CRITERIA)
    def _check_smart_when_selected(self):
        for area in self.filtered(lambda a: a.state == "selected" and not a.is_smart):
            raise ValidationError(
                self.env._(
                    "The improvement area %(area)s cannot be selected: the SMART "
                    "conditions %(missing)s are not met. Assess them first or "
                    "reject the area.",
                    area=area.display_name,
                    missing=", ".join(area._missing_smart_labels()),
                )
            )

    def action_assess(self):
        check_loyalty_group(self.env, USER_GROUP)
        self.filtered(lambda a: a.state == "identified").state = "assessed"

    def action_select(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        for area in self:
            if not area.is_smart:
                raise UserError(
                    self.env._(
                        "Only an area that meets the five SMART conditions can "
                        "be selected. %(area)s does not meet: %(missing)s.",
                        area=area.display_name,
                        missing=", ".join(area._missing_smart_labels()),
                    )
                )
        self.state = "selected"

    def action_reject(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        if self.project_ids:
            raise UserError(
                self.env._(
                    "An area with improvement projects cannot be rejected: "
                    "close or move its projects first."
                )
            )
        self.state = "rejected"

    def action_reset_to_identified(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.state = "identified"

    def action_create_project(self):
        self.ensure_one()
        check_loyalty_group(self.env, MANAGER_GROUP)
        if self.state != "selected":
            self.action_select()
        return {
            "type": "ir.actions.act_window",
            "res_model": "improvement.project",
            "view_mode": "form",
            "context": {
                "default_area_id": self.id,
                "default_name": self.name,
            },
        }

    def _action_related(self, model, records, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("id", "in", records.ids)],
        }

    def action_view_tickets(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return self._action_related(
            "helpdesk.ticket", self.ticket_ids, self.env._("Evidence Tickets")
        )

    def action_view_survey_questions(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return self._action_related(
            "survey.question", self.survey_question_ids, self.env._("Survey Items")
        )

    def action_view_requirements(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return self._action_related(
            "customer.requirement", self.requirement_ids, self.env._("Requirements")
        )

    def action_view_projects(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        action = self._action_related(
            "improvement.project", self.project_ids, self.env._("Projects")
        )
        action["view_mode"] = "kanban,list,form"
        action["context"] = {"default_area_id": self.id}
        return action

    @api.model
    def _from_survey_item(self, item):
        """The improvement area working on ``item``, an improvement candidate
        of the importance-satisfaction matrix (``customer.satisfaction.item``):
        the one already identified, assessed or selected for its questions,
        else a new one carrying the survey evidence: the item's questions, its
        figures and the tickets of the customers who rated it low."""
        item.ensure_one()
        company = item.company_id or self.env.company
        questions = item._item_questions()
        area = self.search(
            [
                ("survey_question_ids", "in", questions.ids),
                ("state", "!=", "rejected"),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )
        if area:
            return area
        figures = Markup("<p>%s</p><ul><li>%s</li><li>%s</li><li>%s</li></ul>") % (
            self.env._(
                "Improvement candidate of the survey %(survey)s, year %(year)s:",
                survey=item.survey_id.title,
                year=item.year.year,
            ),
            self.env._(
                "Average importance: %(value)s / 10",
                value=float_round(item.importance, 2),
            ),
            self.env._(
                "Average satisfaction: %(value)s / 10",
                value=float_round(item.satisfaction, 2),
            ),
            self.env._("Answers: %(count)s", count=item.answer_count),
        )
        return self.create(
            {
                "name": item.item_name,
                "origin": "survey",
                "kind": "problem",
                "description": figures,
                "company_id": company.id,
                "survey_question_ids": [fields.Command.set(questions.ids)],
                "ticket_ids": [fields.Command.set(item._low_score_tickets().ids)],
            }
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_projects(self):
        for area in self.filtered("project_ids"):
            raise UserError(
                self.env._(
                    "The improvement area %(area)s has projects and cannot be "
                    "deleted. Delete or reassign its projects first, or "
                    "archive the area by rejecting it.",
                    area=area.display_name,
                )
            )
