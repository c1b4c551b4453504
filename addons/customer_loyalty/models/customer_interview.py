from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .loyalty_access import MANAGER_GROUP, USER_GROUP, check_loyalty_group


class CustomerInterview(models.Model):
    """One customer of the interview plan: the planned date, the interviewer
    (who gets an activity), and the interview survey the interviewer fills in
    on the customer's behalf. Done when that survey is completed."""

    _name = "customer.interview"
    _description = "Customer Interview"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "planned_date, id"
    _rec_name = "partner_id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "customer.interview.plan",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    year = fields.Integer(related="plan_id.year", store=True)
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_segment_holder", "=", True)],
        check_company=True,
    )
    customer_segment_id = fields.Many2one(
        related="partner_id.customer_segment_id", string="Segment"
    )
    planned_date = fields.Date(tracking=True)
    interviewer_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Interview Answers",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    is_cancelled = fields.Boolean(copy=False, tracking=True)
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancelled", "Cancelled")],
        compute="_compute_state",
        store=True,
        index=True,
    )
    done_date = fields.Date(compute="_compute_state", store=True)
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Planned for a day that has passed and not done yet.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "plan_partner_unique",
            "UNIQUE (plan_id, partner_id)",
            "A customer is in the interview plan of a year once.",
        ),
    ]

    @api.depends("is_cancelled", "user_input_id.state", "user_input_id.end_datetime")
    def _compute_state(self):
        for interview in self:
            answers = interview.user_input_id
            if interview.is_cancelled:
                interview.state, interview.done_date = "cancelled", False
            elif answers.state == "done":
                interview.state = "done"
                interview.done_date = (
                    answers.end_datetime or answers.write_date or fields.Datetime.now()
                ).date()
            else:
                interview.state, interview.done_date = "planned", False

    @api.depends("state", "planned_date")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for interview in self:
            interview.is_overdue = bool(
                interview.state == "planned"
                and interview.planned_date
                and interview.planned_date < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on Overdue."))
        domain = [
            ("state", "=", "planned"),
            ("planned_date", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.constrains("partner_id", "plan_id")
    def _check_customer_company(self):
        for interview in self:
            company = interview.partner_id.company_id
            if company and company != interview.plan_id.company_id:
                raise ValidationError(
                    self.env._(
                        "%(customer)s belongs to another company than the plan.",
                        customer=interview.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Activities of the interviewers
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        interviews._schedule_interviewer_activity()
        return interviews

    def write(self, vals):
        res = super().write(vals)
        if {"interviewer_id", "planned_date"} & vals.keys():
            self.activity_unlink(["mail.mail_activity_data_meeting"])
            self._schedule_interviewer_activity()
        if "is_cancelled" in vals:
            self.filtered("is_cancelled").activity_unlink(
                ["mail.mail_activity_data_meeting"]
            )
        return res

    def _schedule_interviewer_activity(self):
        for interview in self.filtered(
            lambda i: i.state == "planned" and i.interviewer_id and i.planned_date
        ):
            interview.activity_schedule(
                "mail.mail_activity_data_meeting",
                date_deadline=interview.planned_date,
                user_id=interview.interviewer_id.id,
                summary=self.env._(
                    "Annual interview with %(customer)s",
                    customer=interview.partner_id.display_name,
                ),
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_start_interview(self):
        """Open the interview survey, filled in by the interviewer on the
        customer's behalf; completing it marks the interview done."""
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        if self.state != "planned":
            raise UserError(
                self.env._(
                    "The interview with %(customer)s is %(state)s.",
                    customer=self.partner_id.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ].lower(),
                )
            )
        if self.user_input_id and self.user_input_id.state != "done":
            user_input = self.user_input_id
        else:
            user_input = self.partner_id._create_loyalty_interview_answer(
                self.company_id
            )
            self.sudo().user_input_id = user_input
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": user_input.get_start_url(),
        }

    def action_cancel(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.filtered(lambda i: i.state == "planned").is_cancelled = True

    def action_reset(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.filtered("is_cancelled").is_cancelled = False
