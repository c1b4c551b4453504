from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .loyalty_access import MANAGER_GROUP, check_loyalty_group

# what the customer answered, and where the answer comes from: only the
# survey flow (the customer's page or the interview, both as superuser) or the
# sending crons write them
PROTECTED_ANSWER_FIELDS = {
    "survey_id",
    "partner_id",
    "email",
    "nickname",
    "state",
    "user_input_line_ids",
    "predefined_question_ids",
    "end_datetime",
    "scoring_percentage",
    "scoring_success",
    "ticket_id",
    "customer_segment_id",
    "loyalty_customer_id",
    "loyalty_company_id",
    "improvement_project_id",
    "survey_campaign_id",
    "loyalty_sent_date",
    "is_loyalty_interview",
    "is_low_score_alerted",
    "low_score_activity_id",
}


class SurveyUserInput(models.Model):
    """A participation in a survey, linked to the loyalty context it was sent in."""

    _inherit = "survey.user_input"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        groups="base.group_user",
        help="Closed ticket this survey was sent for.",
    )
    is_loyalty_interview = fields.Boolean(
        string="Loyalty Interview",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Filled in by an agent on behalf of the customer (annual interview).",
    )
    is_loyalty_answer = fields.Boolean(
        string="Loyalty Answer",
        compute="_compute_is_loyalty_answer",
        store=True,
        index=True,
        groups="base.group_user",
        help="Sent after a ticket, by a campaign, to an improvement group or "
        "filled in during an interview: only the customer changes it, and only "
        "a Loyalty Manager deletes it or marks it as a test entry.",
    )
    loyalty_company_id = fields.Many2one(
        "res.company",
        compute="_compute_loyalty_company_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        groups="base.group_user",
        help="Company whose customer answered: users of other companies do not "
        "see the answer.",
    )
    customer_segment_id = fields.Many2one(
        "customer.segment",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        help="Segment of the customer when the survey was sent: it does not "
        "change when the customer changes segment later.",
        groups="base.group_user",
    )
    loyalty_customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_loyalty_customer_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Commercial entity the answers are about. For an interview filled in "
        "by an agent it is the interviewed customer, not the agent.",
        groups="base.group_user",
    )
    improvement_project_id = fields.Many2one(
        "improvement.project",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="Improvement project whose members were asked to value the "
        "improvement group (participant survey).",
        groups="base.group_user",
    )
    survey_campaign_id = fields.Many2one(
        "customer.survey.campaign",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        groups="base.group_user",
    )
    loyalty_sent_date = fields.Datetime(
        string="Sent On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the survey was e-mailed to the customer by a sending rule or "
        "a campaign (at most one per customer per survey window).",
        groups="base.group_user",
    )
    # precomputed, as the ticket's survey score that depends on them is
    loyalty_overall_score = fields.Float(
        string="Overall Score",
        compute="_compute_loyalty_overall_score",
        store=True,
        precompute=True,
        aggregator="avg",
        help="Answer to the overall satisfaction question (0-10).",
        groups="base.group_user",
    )
    has_loyalty_overall_score = fields.Boolean(
        compute="_compute_loyalty_overall_score",
        store=True,
        precompute=True,
        groups="base.group_user",
    )
    low_score_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_user",
    )
    is_low_score_alerted = fields.Boolean(
        string="Low Score Alerted",
        readonly=True,
        copy=False,
        help="A call-back activity was created for the segment manager.",
        groups="base.group_user",
    )

    def init(self):
        # the answers written since a time (incremental reporting refresh)
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS survey_user_input_write_date_idx"
                " ON survey_user_input (write_date)"
            )
        )

    @api.depends(
        "ticket_id",
        "survey_campaign_id",
        "improvement_project_id",
        "is_loyalty_interview",
        "survey_id.is_loyalty_survey",
    )
    def _compute_is_loyalty_answer(self):
        for user_input in self:
            user_input.is_loyalty_answer = bool(
                user_input.ticket_id
                or user_input.survey_campaign_id
                or user_input.improvement_project_id
                or user_input.is_loyalty_interview
                or user_input.survey_id.is_loyalty_survey
            )

    @api.depends(
        "is_loyalty_answer",
        "ticket_id.company_id",
        "survey_campaign_id.company_id",
        "improvement_project_id.company_id",
        "customer_segment_id.company_id",
    )
    def _compute_loyalty_company_id(self):
        # as the satisfaction analysis: the ticket's, campaign's or segment's
        # company, else the company of whoever created the answer
        for user_input in self:
            if not user_input.is_loyalty_answer:
                user_input.loyalty_company_id = False
                continue
            user_input.loyalty_company_id = (
                user_input.ticket_id.company_id
                or user_input.survey_campaign_id.company_id
                or user_input.improvement_project_id.company_id
                or user_input.customer_segment_id.company_id
                or user_input.loyalty_company_id
                or user_input.create_uid.company_id
                or self.env.company
            )

    @api.depends("partner_id")
    def _compute_loyalty_customer_id(self):
        for user_input in self:
            if not user_input.loyalty_customer_id:
                user_input.loyalty_customer_id = (
                    user_input.partner_id.commercial_partner_id
                )

    @api.depends(
        "user_input_line_ids.suggested_answer_id",
        "user_input_line_ids.question_id.loyalty_measure",
    )
    def _compute_loyalty_overall_score(self):
        for user_input in self:
            overall = user_input.user_input_line_ids.filtered(
                lambda line: (
                    line.question_id.loyalty_measure == "overall"
                    and line.suggested_answer_id
                )
            )[:1]
            user_input.loyalty_overall_score = overall.suggested_answer_id.loyalty_value
            user_input.has_loyalty_overall_score = bool(overall)

    @api.constrains("ticket_id", "loyalty_customer_id")
    def _check_ticket_customer(self):
        for user_input in self:
            ticket = user_input.ticket_id
            if not ticket or not user_input.loyalty_customer_id:
                continue
            if (
                ticket.partner_id.commercial_partner_id
                != user_input.loyalty_customer_id
            ):
                raise ValidationError(
                    self.env._(
                        "The survey answer of %(customer)s cannot be linked to ticket "
                        "%(ticket)s of another customer (%(other)s).",
                        customer=user_input.loyalty_customer_id.display_name,
                        ticket=ticket.display_name,
                        other=ticket.partner_id.commercial_partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Integrity of the customer's answers
    # ------------------------------------------------------------------
    def _loyalty_answers(self):
        """The loyalty answers of ``self``, read whatever the user's field
        access (the check must not depend on what the caller may read)."""
        return self.sudo().filtered("is_loyalty_answer").with_env(self.env)

    def _raise_answers_untouchable(self):
        """Refuse a change to the loyalty answers ``self`` (what the customer
        answered, or any of its lines), naming their first customers."""
        raise AccessError(
            self.env._(
                "The answers of %(customers)s come from the customer or from "
                "the interview: nobody changes them afterwards.",
                customers=", ".join(
                    self.sudo()[:5].mapped(
                        lambda ui: (
                            ui.loyalty_customer_id.display_name
                            or ui.email
                            or ui.display_name
                        )
                    )
                ),
            )
        )

    def write(self, vals):
        loyalty = self.browse() if self.env.su else self._loyalty_answers()
        if loyalty:
            if PROTECTED_ANSWER_FIELDS.intersection(vals):
                loyalty._raise_answers_untouchable()
            if "test_entry" in vals:
                check_loyalty_group(self.env, MANAGER_GROUP)
                changed = loyalty.filtered(
                    lambda ui: ui.test_entry != bool(vals["test_entry"])
                )
                res = super().write(vals)
                for user_input in changed:
                    user_input.sudo().message_post(
                        body=(
                            self.env._(
                                "Marked as a test entry by %(user)s: left out of "
                                "the satisfaction reports and indicators.",
                                user=self.env.user.name,
                            )
                            if vals["test_entry"]
                            else self.env._(
                                "Counted again as a customer answer by %(user)s.",
                                user=self.env.user.name,
                            )
                        ),
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
                return res
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_loyalty_answers_by_manager(self):
        """Deleting a customer's answer rewrites the reports: Loyalty Managers
        only, and logged on the survey."""
        loyalty = self.browse() if self.env.su else self._loyalty_answers()
        if not loyalty:
            return
        check_loyalty_group(self.env, MANAGER_GROUP)
        for survey, answers in loyalty.sudo().grouped("survey_id").items():
            survey.message_post(
                body=self.env._(
                    "%(user)s deleted the answers of %(customers)s.",
                    user=self.env.user.name,
                    customers=", ".join(
                        answers.mapped(
                            lambda ui: (
                                ui.loyalty_customer_id.display_name
                                or ui.email
                                or str(ui.id)
                            )
                        )
                    ),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------
    # Low score alert
    # ------------------------------------------------------------------
    def _mark_done(self):
        res = super()._mark_done()
        self._alert_low_scores()
        return res

    def _alert_low_scores(self):
        """Create, once, a call-back activity for the segment manager of every
        completed answer whose overall score is below the company threshold."""
        to_alert = self.filtered(
            lambda ui: (
                ui.state == "done"
                and not ui.test_entry
                and not ui.is_low_score_alerted
                and ui.has_loyalty_overall_score
                and ui.loyalty_overall_score
                < (
                    ui.ticket_id.company_id or self.env.company
                ).loyalty_satisfied_threshold
            )
        )
        activity_type = self.env.ref("mail.mail_activity_data_call")
        model_id = self.env["ir.model"]._get_id("survey.user_input")
        Activity = self.env["mail.activity"].sudo()
        for user_input in to_alert:
            segment = user_input.customer_segment_id
            user = (
                segment.manager_id
                or user_input.ticket_id.user_id
                or (user_input.survey_id.user_id)
            )
            if not user:
                continue
            note = Markup("<p>%s</p>") % self.env._(
                "%(customer)s rated the overall satisfaction %(score)s/10 in "
                "%(survey)s%(ticket)s: call the customer back.",
                customer=user_input.loyalty_customer_id.display_name
                or user_input.email
                or "",
                score=user_input.loyalty_overall_score,
                survey=user_input.survey_id.title,
                ticket=(
                    self.env._(
                        " (ticket %(ticket)s)", ticket=user_input.ticket_id.number
                    )
                    if user_input.ticket_id
                    else ""
                ),
            )
            activity = Activity.create(
                {
                    "res_model_id": model_id,
                    "res_id": user_input.id,
                    "activity_type_id": activity_type.id,
                    "summary": self.env._("Call back: low satisfaction score"),
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                }
            )
            user_input.sudo().write(
                {"is_low_score_alerted": True, "low_score_activity_id": activity.id}
            )
            if user_input.ticket_id:
                user_input.ticket_id.sudo().message_post(
                    body=note, subtype_xmlid="mail.mt_note"
                )


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    def _check_loyalty_lines_untouched(self, user_inputs):
        if self.env.su:
            return
        loyalty = user_inputs._loyalty_answers()
        if loyalty:
            loyalty._raise_answers_untouchable()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_loyalty_lines_untouched(
            self.env["survey.user_input"].browse(
                {vals.get("user_input_id") for vals in vals_list} - {None, False}
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        user_inputs = self.sudo().user_input_id
        if vals.get("user_input_id"):
            user_inputs |= user_inputs.browse(vals["user_input_id"])
        self._check_loyalty_lines_untouched(user_inputs.with_env(self.env))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_loyalty_lines(self):
        self._check_loyalty_lines_untouched(
            self.sudo().user_input_id.with_env(self.env)
        )

    @api.constrains("suggested_answer_id", "question_id")
    def _check_loyalty_answer_of_question(self):
        for line in self:
            question = line.question_id
            if (
                line.suggested_answer_id
                and question.loyalty_measure not in (False, "other")
                and line.suggested_answer_id.question_id != question
            ):
                raise ValidationError(
                    self.env._(
                        "%(answer)s is not one of the answers of question "
                        "%(question)s: choose a value from 0 to 10.",
                        answer=line.suggested_answer_id.value,
                        question=question.title,
                    )
                )
