from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SurveyUserInput(models.Model):
    """A participation in a survey, linked to the loyalty context it was sent in."""

    _inherit = "survey.user_input"

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="Closed ticket this survey was sent for.",
    )
    customer_segment_id = fields.Many2one(
        "customer.segment",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        help="Segment of the customer when the survey was sent: it does not "
        "change when the customer changes segment later.",
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
    )
    improvement_project_id = fields.Many2one(
        "improvement.project",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="Improvement project whose members were asked to value the "
        "improvement group (participant survey).",
    )
    survey_campaign_id = fields.Many2one(
        "customer.survey.campaign",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )
    loyalty_sent_date = fields.Datetime(
        string="Sent On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the survey was e-mailed to the customer by a sending rule or "
        "a campaign (at most one per customer per survey window).",
    )
    loyalty_overall_score = fields.Float(
        string="Overall Score",
        compute="_compute_loyalty_overall_score",
        store=True,
        aggregator="avg",
        help="Answer to the overall satisfaction question (0-10).",
    )
    has_loyalty_overall_score = fields.Boolean(
        compute="_compute_loyalty_overall_score", store=True
    )
    low_score_activity_id = fields.Many2one(
        "mail.activity", readonly=True, copy=False, ondelete="set null"
    )
    is_low_score_alerted = fields.Boolean(
        string="Low Score Alerted",
        readonly=True,
        copy=False,
        help="A call-back activity was created for the segment manager.",
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
    # Low score alert
    # ------------------------------------------------------------------
    def _mark_done(self):
        res = super()._mark_done()
        self._alert_low_scores()
        return res

    def unlink(self):
        # deleted answers leave no write_date for the incremental refresh of
        # the satisfaction summary: their months are rebuilt at once
        months = {
            (user_input.end_datetime or user_input.create_date).date().replace(day=1)
            for user_input in self
            if user_input.end_datetime or user_input.create_date
        }
        res = super().unlink()
        self.env["customer.satisfaction.summary"].sudo()._refresh_months(months)
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
