from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .loyalty_access import (
    DIRECTION_GROUP,
    MANAGER_GROUP,
    USER_GROUP,
    check_loyalty_group,
)
from .survey_question import RATED_MEASURES

REVIEW_DELAY_MONTHS = 3


class ImprovementProject(models.Model):
    """The SMART project sheet: plan, meetings, actions, indicators, results."""

    _name = "improvement.project"
    _description = "SMART Improvement Project"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    objective = fields.Text(required=True, translate=True, tracking=True)
    area_id = fields.Many2one(
        "improvement.area",
        string="Improvement Area",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_smart', '=', True), ('state', 'in', ('assessed', 'selected'))]",
    )
    leader_id = fields.Many2one(
        "res.users",
        tracking=True,
        default=lambda self: self.env.user,
        check_company=True,
    )
    member_ids = fields.Many2many(
        "res.users",
        "improvement_project_member_rel",
        "project_id",
        "user_id",
        string="Members",
        check_company=True,
    )
    stage_id = fields.Many2one(
        "improvement.project.stage",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_stage_ids",
        default=lambda self: self._default_stage_id(),
        ondelete="restrict",
    )
    stage_type = fields.Selection(related="stage_id.stage_type")
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="Planned End", tracking=True)
    date_closed = fields.Date(string="Closing Date", readonly=True, copy=False)
    review_date = fields.Date(
        string="Review Meeting",
        readonly=True,
        copy=False,
        help="Review meeting of the improvements, scheduled 3 months after closing.",
    )
    is_review_scheduled = fields.Boolean(readonly=True, copy=False)

    meeting_ids = fields.One2many(
        "improvement.project.meeting", "project_id", string="Meetings", copy=True
    )
    action_ids = fields.One2many(
        "improvement.project.action", "project_id", string="Actions"
    )
    indicator_ids = fields.One2many(
        "improvement.project.indicator", "project_id", string="Indicators", copy=True
    )
    deliverable_ids = fields.One2many(
        "improvement.project.deliverable", "project_id", string="Deliverables"
    )
    changes_description = fields.Html(
        string="Changes in the Way of Working",
        help="Procedures and mini-processes that change with the project.",
    )
    results_description = fields.Html(string="Results")
    leader_assessment = fields.Html(
        help="The leader's assessment of the group and its results."
    )

    participant_survey_id = fields.Many2one(
        "survey.survey",
        default=lambda self: self.env.ref(
            "customer_loyalty.survey_improvement_participant", raise_if_not_found=False
        ),
        help="Survey sent to the members when the project is closed (how the "
        "participants value the improvement group).",
    )
    participant_input_ids = fields.One2many(
        "survey.user_input",
        "improvement_project_id",
        string="Participant Answers",
        readonly=True,
        copy=False,
    )
    is_participant_survey_sent = fields.Boolean(readonly=True, copy=False)
    participant_response_count = fields.Integer(compute="_compute_participant_results")
    participant_score_avg = fields.Float(
        string="Participant Score (/10)",
        compute="_compute_participant_results",
        digits=(3, 2),
        help="Average of the numeric answers (0-10) of the participants.",
    )
    participant_result_note = fields.Text(
        string="Participant Survey Results",
        help="Results of the participant survey typed in when they were "
        "collected outside Odoo.",
    )

    meeting_count = fields.Integer(compute="_compute_counts")
    action_open_count = fields.Integer(compute="_compute_counts")
    action_overdue_count = fields.Integer(compute="_compute_counts")
    indicator_count = fields.Integer(compute="_compute_counts")
    deliverable_count = fields.Integer(compute="_compute_counts")
    member_count = fields.Integer(compute="_compute_counts")

    @api.model
    def _default_stage_id(self):
        return self.env["improvement.project.stage"].search([], limit=1)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([])

    @api.depends("meeting_ids", "action_ids.state", "indicator_ids", "member_ids")
    def _compute_counts(self):
        for project in self:
            open_actions = project.action_ids.filtered(lambda a: a.state == "todo")
            project.meeting_count = len(project.meeting_ids)
            project.action_open_count = len(open_actions)
            project.action_overdue_count = len(open_actions.filtered("is_overdue"))
            project.indicator_count = len(project.indicator_ids)
            project.deliverable_count = len(project.deliverable_ids)
            project.member_count = len(project.member_ids)

    @api.depends("participant_input_ids.state")
    def _compute_participant_results(self):
        Line = self.env["survey.user_input.line"]
        for project in self:
            done = project.participant_input_ids.filtered(lambda i: i.state == "done")
            project.participant_response_count = len(done)
            score = 0.0
            if done:
                base = [("user_input_id", "in", done.ids), ("skipped", "=", False)]
                [(scale_sum, scale_count)] = Line._read_group(
                    base + [("answer_type", "=", "scale")],
                    aggregates=["value_scale:sum", "__count"],
                )
                [(number_sum, number_count)] = Line._read_group(
                    base + [("answer_type", "=", "numerical_box")],
                    aggregates=["value_numerical_box:sum", "__count"],
                )
                # 0-10 ratings of the shipped survey are choices worth their value
                choices = Line._read_group(
                    base
                    + [
                        ("answer_type", "=", "suggestion"),
                        ("question_id.loyalty_measure", "in", RATED_MEASURES),
                    ],
                    ["suggested_answer_id"],
                    ["__count"],
                )
                choice_sum = sum(a.loyalty_value * n for a, n in choices)
                choice_count = sum(n for __, n in choices)
                count = scale_count + number_count + choice_count
                if count:
                    score = ((scale_sum or 0) + (number_sum or 0) + choice_sum) / count
            project.participant_score_avg = score

    @api.constrains("area_id")
    def _check_area_is_smart(self):
        for project in self:
            if not project.area_id.is_smart:
                raise ValidationError(
                    self.env._(
                        "The project %(project)s cannot start on the improvement "
                        "area %(area)s: the area does not meet the SMART "
                        "conditions %(missing)s.",
                        project=project.display_name,
                        area=project.area_id.display_name,
                        missing=", ".join(project.area_id._missing_smart_labels()),
                    )
                )
            if project.area_id.state == "rejected":
                raise ValidationError(
                    self.env._(
                        "The improvement area %(area)s was rejected: it cannot "
                        "start a project.",
                        area=project.area_id.display_name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for project in self:
            if project.date_end and project.date_end < project.date_start:
                raise ValidationError(
                    self.env._(
                        "The planned end of %(project)s (%(end)s) is before its "
                        "start (%(start)s).",
                        project=project.display_name,
                        end=project.date_end,
                        start=project.date_start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        projects = super().create(vals_list)
        # starting a project selects its (SMART) area
        projects.area_id.filtered(lambda a: a.state != "selected").action_select()
        projects.filtered("is_closed")._close()
        return projects

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage = self.env["improvement.project.stage"].browse(vals["stage_id"])
        if stage.stage_type != "planning":
            self._check_team()
        to_close = self.filtered(lambda p: not p.is_closed) if stage.is_closed else ()
        if to_close:
            to_close._check_actions_finished()
        reopened = self.filtered("is_closed") if not stage.is_closed else ()
        result = super().write(vals)
        if reopened:
            reopened.date_closed = False
        if to_close:
            to_close._close()
        return result

    def _check_team(self):
        for project in self:
            if not project.leader_id or not project.member_ids:
                raise UserError(
                    self.env._(
                        "The project %(project)s needs a leader and at least one "
                        "member before it leaves the planning stage.",
                        project=project.display_name,
                    )
                )

    def _check_actions_finished(self):
        for project in self:
            open_actions = project.action_ids.filtered(lambda a: a.state == "todo")
            if open_actions:
                raise UserError(
                    self.env._(
                        "The project %(project)s cannot be closed while these "
                        "actions are still open: %(actions)s. Mark them done or "
                        "cancelled first.",
                        project=project.display_name,
                        actions=", ".join(open_actions.mapped("name")),
                    )
                )

    def _close(self):
        """Closing: date, results of the computed indicators, review meeting
        3 months later, participant survey to the members. Idempotent."""
        today = fields.Date.context_today(self)
        for project in self:
            # a closing date given at creation (import, demo data) is kept
            project.date_closed = project.date_closed or today
        self.indicator_ids.filtered(
            lambda i: i.computation != "manual"
        )._measure_result()
        self._schedule_review()
        self._send_participant_survey()

    def _schedule_review(self):
        for project in self.filtered(lambda p: not p.is_review_scheduled):
            review_date = project.date_closed + relativedelta(
                months=REVIEW_DELAY_MONTHS
            )
            project.activity_schedule(
                "mail.mail_activity_data_meeting",
                date_deadline=review_date,
                summary=self.env._("Review meeting of the improvements"),
                note=self.env._(
                    "Review the improvements of %(project)s three months after "
                    "its closing and look for new improvement areas.",
                    project=project.display_name,
                ),
                user_id=(project.leader_id or self.env.user).id,
            )
            project.write({"review_date": review_date, "is_review_scheduled": True})

    def _send_participant_survey(self):
        template = self.env.ref(
            "survey.mail_template_user_input_invite", raise_if_not_found=False
        )
        for project in self.filtered(
            lambda p: p.participant_survey_id and not p.is_participant_survey_sent
        ):
            partners = (project.member_ids | project.leader_id).partner_id
            if not partners:
                continue
            survey = project.participant_survey_id
            # new answers every time: a member of several projects answers
            # for each of them; the invitation links them to the project
            invite = (
                self.env["survey.invite"]
                .sudo()
                .with_context(
                    default_email_layout_xmlid="mail.mail_notification_light",
                    loyalty_improvement_project_id=project.id,
                )
                .create(
                    {
                        "survey_id": survey.id,
                        "partner_ids": [Command.set(partners.ids)],
                        "template_id": template.id if template else False,
                        "existing_mode": "new",
                    }
                )
            )
            invite.action_invite()
            project.is_participant_survey_sent = True
            project.message_post(
                body=self.env._(
                    "Participant survey %(survey)s sent to %(count)s members.",
                    survey=survey.display_name,
                    count=len(partners),
                )
            )

    def action_send_participant_survey(self):
        """Send (again) the participant survey to the members."""
        check_loyalty_group(self.env, MANAGER_GROUP)
        if not self.participant_survey_id:
            raise UserError(self.env._("Choose the participant survey first."))
        self.is_participant_survey_sent = False
        self._send_participant_survey()

    def action_measure_indicators(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        indicators = self.indicator_ids.filtered(lambda i: i.computation != "manual")
        indicators._measure_baseline()
        indicators._measure_result()

    @api.model
    def _cron_measure_indicators(self):
        """Re-measure the computed indicators of the projects closed within the
        longest measuring window: one query per indicator, values overwritten
        (rerunning gives the same numbers)."""
        Indicator = self.env["improvement.project.indicator"]
        [(max_days,)] = Indicator._read_group(
            [("computation", "!=", "manual")], aggregates=["measure_days:max"]
        )
        if not max_days:
            return
        since = fields.Date.context_today(self) - relativedelta(days=max_days + 1)
        indicators = Indicator.search(
            [
                ("computation", "!=", "manual"),
                ("project_id.is_closed", "=", True),
                ("project_id.date_closed", ">=", since),
            ]
        )
        indicators._measure_result()

    def action_view_participant_answers(self):
        check_loyalty_group(self.env, USER_GROUP)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Participant Answers"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "domain": [("id", "in", self.participant_input_ids.ids)],
        }

    def action_view_open_actions(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Open Actions"),
            "res_model": "improvement.project.action",
            "view_mode": "list,form",
            "domain": [("project_id", "in", self.ids), ("state", "=", "todo")],
            "context": {"default_project_id": self[:1].id},
        }

    def action_print_sheet(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return self.env.ref(
            "customer_loyalty.improvement_project_report_sheet"
        ).report_action(self)
