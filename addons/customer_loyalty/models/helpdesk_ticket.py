from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, is_html_empty

from .cron_lock import lock_skip_locked

CONTACT_TYPES = [
    ("question", "Question"),
    ("request", "Request"),
    ("incident", "Incident"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("compliment", "Compliment"),
]

SURVEY_STATUSES = [
    ("sent", "Sent"),
    ("skipped_opt_out", "Not sent: customer opted out"),
    ("skipped_window", "Not sent: customer surveyed recently"),
    ("skipped_no_email", "Not sent: no e-mail address"),
    ("skipped_immediate", "Not sent: solved immediately"),
]

DEFAULT_FOLLOWUP_DAYS = 3


class HelpdeskTicket(models.Model):
    """A helpdesk ticket as the loyalty process sees it:

    - the customer's segment at opening, response and resolution deadlines;
    - intake answers, closing requirements and closing e-mail (SPEC §2);
    - classification, customer contacts and the complaints register (SPEC §3);
    - proactive follow-up, derivation and escalation (seeds 000 and 003);
    - the satisfaction survey sent once after closing (SPEC §4).
    """

    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------------
    # Segment and deadlines
    # ------------------------------------------------------------------
    # helpdesk_mgmt's related customer, inserted with the ticket instead of
    # updated right after it (an UPDATE of an indexed column rewrites every
    # index entry of the row)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, precompute=True
    )
    # indexed with the opening date in init() (segment x month lookups)
    customer_segment_id = fields.Many2one(
        "customer.segment",
        tracking=True,
        ondelete="restrict",
        groups="base.group_user",
        help="Segment of the customer when the ticket was opened. It does not "
        "change when the customer changes segment later.",
    )
    customer_segment_is_preferential = fields.Boolean(
        related="customer_segment_id.is_preferential",
        string="Preferential Ticket",
    )
    customer_segment_color = fields.Integer(
        related="customer_segment_id.color", string="Segment Color"
    )
    response_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        help="Latest time for the first answer to the customer, from the "
        "response target of the segment.",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="Latest time to close the ticket, from the resolution target of "
        "the segment.",
    )
    first_response_date = fields.Datetime(
        copy=False,
        readonly=True,
        help="First public answer of an agent to the customer (or the closing "
        "of the ticket when it was solved without a message).",
    )
    is_response_overdue = fields.Boolean(
        string="Response Overdue",
        compute="_compute_is_overdue",
        search="_search_is_response_overdue",
    )
    is_resolution_overdue = fields.Boolean(
        string="Resolution Overdue",
        compute="_compute_is_overdue",
        search="_search_is_resolution_overdue",
    )

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
        string="Root Cause",
        tracking=True,
        groups="base.group_user",
        help="Why the complaint happened.",
    )
    complaint_corrective_action = fields.Text(
        string="Corrective Action",
        tracking=True,
        groups="base.group_user",
        help="What is done so that it does not happen again.",
    )
    complaint_action_user_id = fields.Many2one(
        "res.users",
        string="Action Responsible",
        domain=[("share", "=", False)],
        tracking=True,
        groups="base.group_user",
    )
    complaint_action_deadline = fields.Date(
        string="Action Deadline", tracking=True, groups="base.group_user"
    )
    complaint_handling_hours = fields.Float(
        string="Complaint Handling Time (hours)",
        compute="_compute_complaint_handling_hours",
        store=True,
        precompute=True,
        aggregator="avg",
        help="Hours between the opening and the closing of a complaint (0 "
        "while it is open).",
    )

    # ------------------------------------------------------------------
    # Follow-up, derivation and escalation
    # ------------------------------------------------------------------
    needs_followup = fields.Boolean(
        string="Needs Follow-up",
        tracking=True,
        copy=False,
        help="Not solved at first contact (or derived to another team): the "
        "customer receives a status e-mail at the segment's interval.",
    )
    next_update_date = fields.Date(
        string="Next Update",
        copy=False,
        index="btree_not_null",
        help="Date of the next proactive status e-mail to the customer.",
    )
    followup_ids = fields.One2many(
        "helpdesk.ticket.followup", "ticket_id", string="Follow-ups"
    )
    # stored: the ticket form reads them with the ticket, no query each
    # (precompute, as the other stored computed fields of the ticket: a new
    # ticket is inserted with them, not updated right after)
    followup_count = fields.Integer(
        compute="_compute_followup_count", store=True, precompute=True
    )
    is_update_due = fields.Boolean(
        string="Update Due",
        compute="_compute_is_update_due",
        search="_search_is_update_due",
    )
    derivation_count = fields.Integer(
        string="Derivations",
        readonly=True,
        copy=False,
        default=0,
        help="Times the ticket was handed to another team or user.",
    )
    is_critical = fields.Boolean(
        string="Critical",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    escalation_date = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Satisfaction survey
    # ------------------------------------------------------------------
    survey_status = fields.Selection(
        SURVEY_STATUSES,
        string="Satisfaction Survey",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Outcome of the satisfaction survey of this ticket. Empty while the "
        "ticket is open or its survey is not due yet: a ticket is considered "
        "once, so its customer is never surveyed twice for it.",
    )
    survey_date = fields.Datetime(
        copy=False,
        readonly=True,
        help="When the survey of this ticket was sent (or skipped).",
    )
    survey_user_input_ids = fields.One2many(
        "survey.user_input", "ticket_id", string="Survey Answers"
    )
    survey_overall_score = fields.Float(
        string="Overall Satisfaction",
        compute="_compute_survey_overall_score",
        store=True,
        help="Overall score (0-10) of the completed survey of this ticket.",
    )

    def init(self):
        res = super().init()
        # indexes of the first versions, dropped: every index of the ticket
        # table is paid on each ticket created and on most writes; the
        # segment is served by (segment, opening date) below, and the two
        # booleans split the tickets in halves (the planner uses the stage,
        # user and date indexes instead)
        self.env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS helpdesk_ticket__customer_segment_id_index,"
                " helpdesk_ticket__is_intake_complete_index,"
                " helpdesk_ticket__needs_followup_index"
            )
        )
        # the sending cron only ever reads closed tickets not considered yet
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS helpdesk_ticket_survey_pending_idx "
                "ON helpdesk_ticket (closed_date) "
                "WHERE survey_status IS NULL AND closed_date IS NOT NULL"
            )
        )
        # helpdesk_mgmt indexes neither the customer nor the list's order:
        # - a customer's tickets by month (snapshots, partner smart buttons);
        # - the drill-down of the analysis: one segment, one month;
        # - the default order of the list, for the first page without a sort.
        for name, columns in (
            ("helpdesk_ticket_partner_idx", "partner_id"),
            (
                "helpdesk_ticket_commercial_partner_date_idx",
                "commercial_partner_id, create_date",
            ),
            (
                "helpdesk_ticket_segment_create_date_idx",
                "customer_segment_id, create_date",
            ),
            (
                "helpdesk_ticket_default_order_idx",
                "priority DESC, sequence, number DESC, id DESC",
            ),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (%s)",
                    SQL.identifier(name),
                    SQL(columns),
                )
            )
        return res

    @api.depends("customer_segment_id", "create_date")
    def _compute_deadlines(self):
        # a new ticket is computed before its insert: its create_date will be
        # the transaction's time
        now = self.env.cr.now()
        targets = self.env["customer.segment"]._ticket_targets()
        for ticket in self:
            start = ticket.create_date or now
            __, __, response, resolution = targets.get(
                ticket.customer_segment_id.id, (False, False, 0, 0)
            )
            ticket.response_deadline = (
                start + timedelta(hours=response) if response else False
            )
            ticket.resolution_deadline = (
                start + timedelta(hours=resolution) if resolution else False
            )

    @api.depends(
        "response_deadline", "resolution_deadline", "first_response_date", "closed"
    )
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            is_open = not ticket.closed
            ticket.is_response_overdue = bool(
                is_open
                and ticket.response_deadline
                and not ticket.first_response_date
                and ticket.response_deadline < now
            )
            ticket.is_resolution_overdue = bool(
                is_open
                and ticket.resolution_deadline
                and ticket.resolution_deadline < now
            )

    def _overdue_search(self, domain, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Unsupported search on an overdue flag."))
        if (operator == "=") == bool(value):
            return domain
        return ["!"] + expression.normalize_domain(domain)

    def _search_is_response_overdue(self, operator, value):
        domain = [
            ("stage_id.closed", "=", False),
            ("first_response_date", "=", False),
            ("response_deadline", "<", fields.Datetime.now()),
        ]
        return self._overdue_search(domain, operator, value)

    def _search_is_resolution_overdue(self, operator, value):
        domain = [
            ("stage_id.closed", "=", False),
            ("resolution_deadline", "<", fields.Datetime.now()),
        ]
        return self._overdue_search(domain, operator, value)

    # ------------------------------------------------------------------
    # Segment of the ticket
    # ------------------------------------------------------------------
    def _segment_customers(self, partner_ids):
        """Commercial partners of ``partner_ids``, given the company's default
        segment when they have none yet (a new customer's first ticket)."""
        customers = self.env["res.partner"].browse(partner_ids).commercial_partner_id
        default_segment = self.env.company.default_customer_segment_id
        without = customers.filtered(lambda p: not p.customer_segment_id)
        if default_segment and without:
            without.sudo().write({"customer_segment_id": default_segment.id})
        return customers

    # ------------------------------------------------------------------
    # ORM overrides (one per method: each feature adds a step)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id")
        }
        if partner_ids:
            self._segment_customers(partner_ids)
        targets = self.env["customer.segment"]._ticket_targets()
        for vals in vals_list:
            if not vals.get("partner_id"):
                continue
            partner = self.env["res.partner"].browse(vals["partner_id"])
            segment = partner.commercial_partner_id.customer_segment_id
            if not segment:
                continue
            team, priority, __, __ = targets[segment.id]
            vals.setdefault("customer_segment_id", segment.id)
            if team and not vals.get("team_id") and not vals.get("user_id"):
                vals["team_id"] = team
            if priority and "priority" not in vals:
                vals["priority"] = priority
        tickets = super().create(vals_list)
        with_template = tickets.filtered("intake_template_id")
        if with_template:
            with_template._sync_intake_answers()
        closed = tickets.filtered("closed")
        if closed:
            closed._check_closing_requirements()
        return tickets

    def write(self, vals):
        to_closed_stage = bool(vals.get("stage_id")) and (
            self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        )
        if to_closed_stage:
            # a closed ticket gets no more status updates
            vals = dict(vals, needs_followup=False, next_update_date=False)
        # A first answer that does not close the ticket: not solved at first
        # contact, the customer will get status updates.
        answered = (
            self.filtered(lambda t: not t.first_response_date)
            if vals.get("first_response_date") and not vals.get("stage_id")
            else self.browse()
        )
        closing = self.filtered(lambda t: not t.closed) if to_closed_stage else None
        to_segment = (
            self.filtered(lambda t: not t.closed or not t.customer_segment_id)
            if "partner_id" in vals and "customer_segment_id" not in vals
            else None
        )
        # When closing, the answers may come in the same save, so they are
        # checked after writing. A refusal raises, and the transaction of the
        # request (or the savepoint of the caller that catches the error: an
        # import, the portal) is rolled back: nothing is stored half-way.
        if to_closed_stage:
            self._set_first_response_on_closing()
        res = super().write(vals)
        if to_segment:
            to_segment._set_segment_from_partner(vals["partner_id"])
        if {"category_id", "team_id", "company_id"} & vals.keys():
            self._sync_intake_answers()
        if closing:
            closing._check_closing_requirements()
        if closing:
            closing._send_closing_mail()
        if answered:
            answered._flag_for_followup()
        if to_closed_stage and any(
            ticket.closed and ticket.customer_segment_id.survey_send_mode == "immediate"
            for ticket in self
        ):
            # "immediately": do not wait for the next hourly run
            cron = self.env.ref(
                "customer_loyalty.ir_cron_send_ticket_surveys", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger()
        return res

    def _set_first_response_on_closing(self):
        """A ticket closed without an answer counts its closing as first
        response."""
        unanswered = self.filtered(lambda t: not t.first_response_date)
        if not unanswered:
            return True
        return super(HelpdeskTicket, unanswered).write(
            {"first_response_date": fields.Datetime.now()}
        )

    def _set_segment_from_partner(self, partner_id):
        """A customer set on an open ticket (or on one without segment) gives
        the ticket its segment; closed tickets keep theirs."""
        segment = (
            self._segment_customers(partner_id).customer_segment_id
            if partner_id
            else self.env["customer.segment"]
        )
        return super().write({"customer_segment_id": segment.id})

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        res = super()._onchange_partner_id()
        if self.closed and self.customer_segment_id:
            return res
        segment = self.partner_id.commercial_partner_id.customer_segment_id
        self.customer_segment_id = segment
        if segment.team_id and not self.team_id:
            self.team_id = segment.team_id
        if segment.ticket_priority and not self.id:
            self.priority = segment.ticket_priority
        return res

    def _message_post_after_hook(self, message, msg_vals):
        """First response date (first public answer of an agent) and the
        count of customer contacts."""
        res = super()._message_post_after_hook(message, msg_vals)
        # by id: env.ref() would check that the subtype exists (a query per post)
        comment_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        is_comment = (
            message.message_type in ("email", "comment")
            and message.subtype_id.id == comment_id
        )
        if (
            is_comment
            and not self.first_response_date
            and message.message_type == "comment"
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self.sudo().first_response_date = message.date
        # only a message that can be a customer contact changes the count
        # (not the creation notice, stage changes or the agents' notes)
        author = message.author_id
        if (
            is_comment
            and author.partner_share
            and author.id not in self._company_partner_ids()
        ) or (message.mail_activity_type_id.category == "phonecall"):
            self._update_customer_contact_count()
        return res

    def unlink(self):
        # Reporting tables: deleted tickets leave no write_date for the
        # incremental refresh, so their months are rebuilt at once.
        months = {
            ticket.create_date.date().replace(day=1)
            for ticket in self
            if ticket.create_date
        }
        pairs = {
            (
                ticket.commercial_partner_id.id,
                ticket.create_date.date().replace(day=1),
                ticket.company_id.id,
            )
            for ticket in self
            if ticket.create_date and ticket.commercial_partner_id
        }
        res = super().unlink()
        self.env["helpdesk.ticket.analysis"].sudo()._refresh_months(list(months))
        self.env["customer.partner.snapshot"].sudo()._refresh_pairs(pairs)
        return res

    # ------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------
    @api.depends("category_id", "team_id", "company_id")
    def _compute_intake_template_id(self):
        templates = self.env["helpdesk.intake.template"]._find_for_tickets(self)
        for ticket in self:
            ticket.intake_template_id = templates.get(ticket, False)

    def _intake_required_answers(self):
        """Required answers of the current template (answers kept from a
        previous category are informative only)."""
        self.ensure_one()
        if not self.intake_template_id:
            return self.env["helpdesk.ticket.intake.answer"]
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

    @api.depends("contact_type", "create_date", "closed_date", "closed")
    def _compute_complaint_handling_hours(self):
        for ticket in self:
            if (
                ticket.contact_type == "complaint"
                and ticket.closed
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
            if ticket._complaint_missing_fields():
                problems.append(
                    self.env._(
                        "%(ticket)s is a complaint: the complaints register needs "
                        "its %(fields)s.",
                        ticket=ticket.display_name,
                        fields=", ".join(ticket._complaint_missing_fields()),
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
                    "Complete what is listed, then close them again.",
                    problems="\n".join(problems),
                )
            )

    def _complaint_missing_fields(self):
        """Labels of the register fields a closed complaint must have: its
        root cause and corrective action (ISO 9001 complaint handling)."""
        self.ensure_one()
        if self.contact_type != "complaint":
            return []
        return [
            self._fields[name].get_description(self.env)["string"]
            for name in ("complaint_root_cause", "complaint_corrective_action")
            if not (self[name] or "").strip()
        ]

    @api.constrains(
        "contact_type", "complaint_root_cause", "complaint_corrective_action"
    )
    def _check_closed_complaint(self):
        """A closed complaint keeps its root cause and corrective action
        (closing itself is checked by ``_check_closing_requirements``)."""
        for ticket in self.filtered("closed"):
            missing = ticket._complaint_missing_fields()
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is a closed complaint: the complaints register "
                        "needs its %(fields)s. Fill them in, or reopen the ticket.",
                        ticket=ticket.display_name,
                        fields=", ".join(missing),
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

    # ------------------------------------------------------------------
    # Customer contacts (SMART 2 indicator)
    # ------------------------------------------------------------------
    def _company_partner_ids(self):
        """Partners of the companies: e-mails sent from the company address
        (closing e-mail, status updates) are not customer contacts."""
        return self.env["res.company"].sudo().search([]).partner_id.ids

    def _customer_contact_domain(self):
        return [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "in", self.ids),
            "|",
            "&",
            "&",
            "&",
            ("message_type", "in", ("email", "comment")),
            ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
            ("author_id.partner_share", "=", True),
            ("author_id", "not in", self._company_partner_ids()),
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

    # ------------------------------------------------------------------
    # Follow-up
    # ------------------------------------------------------------------
    @api.depends("followup_ids")
    def _compute_followup_count(self):
        # through the one2many: known empty (no query) on a new ticket
        for ticket in self:
            ticket.followup_count = len(ticket.followup_ids)

    @api.depends("needs_followup", "next_update_date", "closed")
    def _compute_is_update_due(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            ticket.is_update_due = bool(
                ticket.needs_followup
                and not ticket.closed
                and ticket.next_update_date
                and ticket.next_update_date <= today
            )

    def _search_is_update_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Update Due."))
        domain = [
            ("needs_followup", "=", True),
            ("stage_id.closed", "=", False),
            ("next_update_date", "<=", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain]

    def _followup_interval(self):
        self.ensure_one()
        return self.customer_segment_id.followup_interval_days or DEFAULT_FOLLOWUP_DAYS

    def _flag_for_followup(self):
        """Flag open tickets for follow-up, with a next update date from the
        segment's interval (kept when already set)."""
        today = fields.Date.context_today(self)
        for ticket in self.filtered(lambda t: not t.closed):
            vals = {}
            if not ticket.needs_followup:
                vals["needs_followup"] = True
            if not ticket.next_update_date:
                vals["next_update_date"] = today + timedelta(
                    days=ticket._followup_interval()
                )
            if vals:
                ticket.write(vals)

    def _cron_send_followup_updates(self, batch_size=500):
        """Send the customer of each open ticket whose next update date has
        come a status e-mail, log it and move the next update date.

        Idempotent: the next update date moves past today, so a second run on
        the same day sends nothing."""
        template = self.env.ref(
            "customer_loyalty.mail_template_followup_status", raise_if_not_found=False
        )
        if not template:
            return
        due = self.search(
            [("is_update_due", "=", True), ("partner_id", "!=", False)],
            limit=batch_size,
            order="next_update_date, id",
        )
        # tickets another worker is updating are left to it
        tickets = lock_skip_locked(due)
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        followup_vals = []
        for ticket in tickets:
            message = ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
            followup_vals.append(
                {
                    "ticket_id": ticket.id,
                    "due_date": ticket.next_update_date,
                    "sent_date": now,
                    "message_id": message[:1].id,
                }
            )
            ticket.next_update_date = today + timedelta(
                days=ticket._followup_interval()
            )
        self.env["helpdesk.ticket.followup"].create(followup_vals)
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=int(len(due) == batch_size)
        )
        if len(due) == batch_size:
            self.env.ref("customer_loyalty.ir_cron_send_followup_updates")._trigger()
        return len(tickets)

    def action_view_followups(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-ups"),
            "res_model": "helpdesk.ticket.followup",
            "view_mode": "list",
            "domain": [("ticket_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Derivation and escalation
    # ------------------------------------------------------------------
    def action_open_derive_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Derive Ticket"),
            "res_model": "helpdesk.ticket.derive",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _derive(self, team, user, reason):
        """Hand the tickets to ``team`` / ``user`` with a reason (logged)."""
        for ticket in self:
            old = ticket.team_id.name or ticket.user_id.name or self.env._("nobody")
            vals = {"derivation_count": ticket.derivation_count + 1}
            if team:
                vals["team_id"] = team.id
            if user:
                vals["user_id"] = user.id
            elif team and ticket.user_id and ticket.user_id not in team.user_ids:
                vals["user_id"] = False
            ticket.write(vals)
            ticket.message_post(
                body=self.env._(
                    "Derived from %(old)s to %(new)s. Reason: %(reason)s",
                    old=old,
                    new=" / ".join(n for n in (team.name, user.name) if n),
                    reason=reason,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._flag_for_followup()

    def action_mark_critical(self):
        """Escalate to the Direction group: an activity for each of its
        members and a notification, once per ticket."""
        already = self.filtered("is_critical")
        if already:
            raise UserError(
                self.env._(
                    "%(tickets)s is already escalated to Direction.",
                    tickets=", ".join(already.mapped("display_name")),
                )
            )
        direction = self.env.ref(
            "customer_loyalty.customer_loyalty_group_direction"
        ).sudo()
        members = direction.users.filtered(lambda u: not u.share and u.active)
        if not members:
            raise UserError(
                self.env._(
                    "Nobody is in the Direction group: add its members in the "
                    "settings before escalating a ticket."
                )
            )
        now = fields.Datetime.now()
        self.sudo().write({"is_critical": True, "escalation_date": now})
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for ticket in self:
            for user in members:
                ticket.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=self.env._(
                        "Critical ticket: %(ticket)s", ticket=ticket.name
                    ),
                    note=self.env._(
                        "Escalated by %(user)s as critical.", user=self.env.user.name
                    ),
                    user_id=user.id,
                )
            ticket.message_post(
                body=self.env._(
                    "Ticket escalated to Direction as critical by %(user)s.",
                    user=self.env.user.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=members.partner_id.ids,
            )
        return True

    # ------------------------------------------------------------------
    # Satisfaction survey
    # ------------------------------------------------------------------
    @api.depends(
        "survey_user_input_ids.loyalty_overall_score",
        "survey_user_input_ids.has_loyalty_overall_score",
        "survey_user_input_ids.state",
    )
    def _compute_survey_overall_score(self):
        # through the one2many: known empty (no query) on a new ticket
        for ticket in self:
            scores = [
                user_input.loyalty_overall_score
                for user_input in ticket.survey_user_input_ids
                if user_input.state == "done" and user_input.has_loyalty_overall_score
            ]
            ticket.survey_overall_score = sum(scores) / len(scores) if scores else 0.0

    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "survey.action_survey_user_input"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Sending cron
    # ------------------------------------------------------------------
    def _survey_due_query(self, now, limit=None, count=False):
        """Closed tickets whose survey is due at ``now``, in one query.

        - immediate: as soon as the ticket is closed;
        - delayed: ``survey_delay_days`` after the closing;
        - weekly: on the first sending weekday after the closing day, only for
          tickets not solved on the day they were opened (the others are
          returned too, to be marked as solved immediately).
        Tickets closed longer ago than the company's age limit are ignored.
        """
        select = SQL("count(*)") if count else SQL("t.id")
        query = SQL(
            """
            SELECT %(select)s
              FROM helpdesk_ticket t
              JOIN helpdesk_ticket_stage st ON st.id = t.stage_id AND st.closed
              JOIN customer_segment s ON s.id = t.customer_segment_id
              JOIN survey_survey sv ON sv.id = s.survey_id AND sv.active
         LEFT JOIN res_company c ON c.id = t.company_id
             WHERE t.survey_status IS NULL
               AND t.closed_date IS NOT NULL
               AND t.partner_id IS NOT NULL
               AND s.survey_send_mode != 'never'
               AND t.closed_date >= %(now)s
                   - make_interval(days => COALESCE(c.loyalty_survey_max_age_days, 30))
               AND (
                    s.survey_send_mode = 'immediate'
                 OR (s.survey_send_mode = 'delayed'
                     AND t.closed_date
                         + make_interval(days => COALESCE(s.survey_delay_days, 0))
                         <= %(now)s)
                 OR (s.survey_send_mode = 'weekly'
                     AND (t.closed_date::date = t.create_date::date
                          OR t.closed_date::date
                             + MOD(COALESCE(s.survey_weekday, '0')::int
                                   - (EXTRACT(ISODOW FROM t.closed_date)::int - 1)
                                   + 6, 7) + 1
                             <= %(today)s))
               )
            """,
            select=select,
            now=now,
            today=now.date(),
        )
        if not count:
            # SKIP LOCKED: a ticket being sent by another worker is left to it
            # (row locks under REPEATABLE READ: a ticket that worker already
            # committed makes this one fail and retry, never send twice)
            query = SQL(
                "%s ORDER BY t.closed_date, t.id LIMIT %s FOR UPDATE OF t SKIP LOCKED",
                query,
                limit,
            )
        return query

    @api.model
    def _cron_send_satisfaction_surveys(self, batch_size=500):
        """Send the due satisfaction surveys of closed tickets, one batch per
        call; the cron is called again while tickets remain. Each ticket is
        considered once (``survey_status``), so reruns never send twice."""
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(self._survey_due_query(now, limit=batch_size))
        ticket_ids = [row[0] for row in self.env.cr.fetchall()]
        if not ticket_ids:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        tickets = self.sudo().browse(ticket_ids)
        sent = tickets._send_satisfaction_surveys(now)
        self.env.cr.execute(self._survey_due_query(now, count=True))
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(tickets), remaining=remaining)
        return len(sent)

    def _send_satisfaction_surveys(self, now):
        """Create and e-mail one survey answer per ticket of ``self`` (sudo),
        applying opt-out, e-mail and per-customer window rules. Returns the
        tickets a survey was sent for."""
        status = {}
        weekly_immediate = self.filtered(
            lambda t: (
                t.customer_segment_id.survey_send_mode == "weekly"
                and t.closed_date.date() == t.create_date.date()
            )
        )
        for ticket in weekly_immediate:
            status[ticket] = "skipped_immediate"
        candidates = self - weekly_immediate
        customers = candidates.partner_id.commercial_partner_id
        last_sent = dict(
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("loyalty_customer_id", "in", customers.ids),
                    ("loyalty_sent_date", "!=", False),
                ],
                ["loyalty_customer_id"],
                ["loyalty_sent_date:max"],
            )
        )
        surveyed_now = set()
        to_send = self.browse()
        for ticket in candidates:
            contact = ticket.partner_id
            customer = contact.commercial_partner_id
            window = timedelta(days=ticket.company_id.loyalty_survey_window_days)
            if (
                contact.is_survey_opt_out
                or customer.is_survey_opt_out
                or contact.is_blacklisted
            ):
                status[ticket] = "skipped_opt_out"
            elif not contact.email:
                status[ticket] = "skipped_no_email"
            elif customer in surveyed_now or (
                last_sent.get(customer) and last_sent[customer] > now - window
            ):
                status[ticket] = "skipped_window"
            else:
                surveyed_now.add(customer)
                to_send |= ticket
                status[ticket] = "sent"
        if to_send:
            user_inputs = (
                self.env["survey.user_input"]
                .sudo()
                .create(
                    [
                        {
                            "survey_id": ticket.customer_segment_id.survey_id.id,
                            "partner_id": ticket.partner_id.id,
                            "email": ticket.partner_id.email,
                            "nickname": ticket.partner_id.name,
                            "ticket_id": ticket.id,
                            "customer_segment_id": ticket.customer_segment_id.id,
                            "loyalty_sent_date": now,
                        }
                        for ticket in to_send
                    ]
                )
            )
            template = self.env.ref("customer_loyalty.mail_template_survey_ticket")
            template.sudo().send_mail_batch(user_inputs.ids)
        by_status = {}
        for ticket, value in status.items():
            by_status.setdefault(value, self.browse())
            by_status[value] |= ticket
        for value, tickets in by_status.items():
            tickets.write({"survey_status": value, "survey_date": now})
        return to_send
