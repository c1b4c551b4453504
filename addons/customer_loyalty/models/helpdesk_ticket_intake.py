from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

CONTACT_TYPES = [
    ("question", "Question"),
    ("request", "Request"),
    ("incident", "Incident"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("compliment", "Compliment"),
]


# Kept apart from helpdesk_ticket.py so that features merge without conflicts.
class HelpdeskTicket(models.Model):
    """Intake answers, closing template, classification, customer contacts and
    complaints register of a ticket (SPEC §2 and §3)."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------
    intake_template_id = fields.Many2one(
        "helpdesk.intake.template",
        compute="_compute_intake_template_id",
        store=True,
        index="btree_not_null",
        help="Intake template of the ticket's category (and team).",
    )
    intake_answer_ids = fields.One2many(
        "helpdesk.ticket.intake.answer",
        "ticket_id",
        string="Intake Answers",
        copy=False,
    )
    intake_required_count = fields.Integer(
        string="Required Questions",
        compute="_compute_intake_completeness",
        store=True,
    )
    intake_answered_count = fields.Integer(
        string="Answered Required Questions",
        compute="_compute_intake_completeness",
        store=True,
    )
    is_intake_complete = fields.Boolean(
        string="Intake Complete",
        compute="_compute_intake_completeness",
        store=True,
        index=True,
        help="Every required intake question of the ticket is answered.",
    )
    intake_progress = fields.Char(
        string="Intake",
        compute="_compute_intake_progress",
        help="Answered required questions / required questions.",
    )
    resolution_summary = fields.Html(
        help="How the ticket was solved: sent to the customer in the closing "
        "e-mail of the intake template.",
    )

    # ------------------------------------------------------------------
    # Classification, contacts, complaints
    # ------------------------------------------------------------------
    contact_type = fields.Selection(
        CONTACT_TYPES,
        tracking=True,
        index=True,
        help="What the customer brings: a question, a request, an incident, a "
        "complaint, a suggestion or a compliment.",
    )
    customer_contact_count = fields.Integer(
        string="Customer Contacts",
        readonly=True,
        copy=False,
        default=0,
        aggregator="avg",
        help="Inbound messages of the customer and logged calls on this ticket "
        "(the fewer, the better the first contact was handled).",
    )
    complaint_root_cause = fields.Text(
        string="Root Cause", tracking=True, help="Why the complaint happened."
    )
    complaint_corrective_action = fields.Text(
        string="Corrective Action",
        tracking=True,
        help="What is done so that it does not happen again.",
    )
    complaint_action_user_id = fields.Many2one(
        "res.users",
        string="Action Responsible",
        domain=[("share", "=", False)],
        tracking=True,
    )
    complaint_action_deadline = fields.Date(string="Action Deadline", tracking=True)
    complaint_handling_hours = fields.Float(
        string="Complaint Handling Time (hours)",
        compute="_compute_complaint_handling_hours",
        store=True,
        aggregator="avg",
        help="Hours between the opening and the closing of a complaint.",
    )

    @api.depends("category_id", "team_id", "company_id")
    def _compute_intake_template_id(self):
        templates = self.env["helpdesk.intake.template"]._find_for_tickets(self)
        for ticket in self:
            ticket.intake_template_id = templates.get(ticket, False)

    def _intake_required_answers(self):
        """Required answers of the current template (answers kept from a
        previous category are informative only)."""
        self.ensure_one()
        return self.intake_answer_ids.filtered(
            lambda a: a.is_required and a.template_id == self.intake_template_id
        )

    @api.depends(
        "intake_template_id",
        "intake_answer_ids.is_required",
        "intake_answer_ids.is_answered",
        "intake_answer_ids.template_id",
    )
    def _compute_intake_completeness(self):
        for ticket in self:
            required = ticket._intake_required_answers()
            answered = required.filtered("is_answered")
            ticket.intake_required_count = len(required)
            ticket.intake_answered_count = len(answered)
            ticket.is_intake_complete = len(answered) == len(required)

    @api.depends("intake_required_count", "intake_answered_count")
    def _compute_intake_progress(self):
        for ticket in self:
            ticket.intake_progress = (
                f"{ticket.intake_answered_count} / {ticket.intake_required_count}"
                if ticket.intake_required_count
                else ""
            )

    @api.depends("contact_type", "create_date", "closed_date")
    def _compute_complaint_handling_hours(self):
        for ticket in self:
            if (
                ticket.contact_type == "complaint"
                and ticket.closed_date
                and ticket.create_date
            ):
                delta = ticket.closed_date - ticket.create_date
                ticket.complaint_handling_hours = delta.total_seconds() / 3600
            else:
                ticket.complaint_handling_hours = 0.0

    def _sync_intake_answers(self):
        """Give each ticket one answer line per question of its template.

        Unanswered lines of questions that are not in the new template are
        removed; answered ones are kept (nothing the customer said is lost).
        All new lines are inserted in one batch."""
        Answer = self.env["helpdesk.ticket.intake.answer"]
        to_create = []
        to_unlink = Answer
        for ticket in self:
            lines = ticket.intake_template_id.line_ids
            existing = ticket.intake_answer_ids
            to_unlink |= existing.filtered(
                lambda a, ls=lines: a.line_id not in ls and not a.is_answered
            )
            to_create += [
                {"ticket_id": ticket.id, "line_id": line.id}
                for line in lines - existing.line_id
            ]
        if to_unlink:
            to_unlink.unlink()
        if to_create:
            Answer.create(to_create)

    def _check_closing_requirements(self):
        """Refuse to close tickets whose required intake answers are missing,
        or whose closing e-mail has no resolution summary."""
        problems = []
        for ticket in self:
            missing = ticket._intake_required_answers().filtered(
                lambda a: not a.is_answered
            )
            if missing:
                problems.append(
                    self.env._(
                        "%(ticket)s misses the answers to: %(questions)s.",
                        ticket=ticket.display_name,
                        questions=", ".join(missing.mapped("question")),
                    )
                )
            if ticket.intake_template_id.closing_mail_template_id and is_html_empty(
                ticket.resolution_summary
            ):
                problems.append(
                    self.env._(
                        "%(ticket)s needs a resolution summary: it is sent to the "
                        "customer in the closing e-mail.",
                        ticket=ticket.display_name,
                    )
                )
        if problems:
            raise UserError(
                self.env._(
                    "These tickets cannot be closed yet:\n%(problems)s\n"
                    "Answer the intake questions and write the resolution "
                    "summary, then close them again.",
                    problems="\n".join(problems),
                )
            )

    def _send_closing_mail(self):
        for ticket in self:
            mail_template = ticket.intake_template_id.closing_mail_template_id
            if not mail_template or not ticket.partner_id:
                continue
            ticket.message_post_with_source(
                mail_template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        with_template = tickets.filtered("intake_template_id")
        if with_template:
            with_template._sync_intake_answers()
        closed = tickets.filtered("closed")
        if closed:
            closed._check_closing_requirements()
        return tickets

    def write(self, vals):
        closing = self.browse()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                closing = self.filtered(lambda t: not t.closed)
        if not closing:
            res = super().write(vals)
            if {"category_id", "team_id", "company_id"} & vals.keys():
                self._sync_intake_answers()
            return res
        # Closing: the answers may come in the same save, so check after
        # writing, in a savepoint so that a refusal leaves nothing half-way.
        with self.env.cr.savepoint():
            res = super().write(vals)
            if {"category_id", "team_id", "company_id"} & vals.keys():
                self._sync_intake_answers()
            closing._check_closing_requirements()
        closing._send_closing_mail()
        return res

    # ------------------------------------------------------------------
    # Customer contacts (SMART 2 indicator)
    # ------------------------------------------------------------------
    def _customer_contact_domain(self):
        return [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "in", self.ids),
            "|",
            "&",
            "&",
            ("message_type", "in", ("email", "comment")),
            ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
            ("author_id.partner_share", "=", True),
            ("mail_activity_type_id.category", "=", "phonecall"),
        ]

    def _update_customer_contact_count(self):
        """Recount the customer contacts of the tickets in one query."""
        if not self.ids:
            return
        counts = dict(
            self.env["mail.message"]
            .sudo()
            ._read_group(self._customer_contact_domain(), ["res_id"], ["__count"])
        )
        for ticket in self.sudo():
            count = counts.get(ticket.id, 0)
            if ticket.customer_contact_count != count:
                ticket.customer_contact_count = count

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        self._update_customer_contact_count()
        return res
