"""Intake of a ticket: the answers to its category's intake template, the
closing requirements (required answers, complaints register, resolution
summary) and the closing e-mail."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # existing tickets have no intake template yet: nothing to answer
    # (columns created with these values before the install, see hooks.py)
    _install_values = {
        "intake_template_id": None,
        "intake_required_count": 0,
        "intake_answered_count": 0,
        "is_intake_complete": True,
    }

    # precomputed: a new ticket is inserted with it (see helpdesk_ticket_insert)
    intake_template_id = fields.Many2one(
        "helpdesk.intake.template",
        compute="_compute_intake_template_id",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="Intake template of the ticket's category (and team).",
        groups="base.group_user",
        check_company=True,
    )
    intake_answer_ids = fields.One2many(
        "helpdesk.ticket.intake.answer",
        "ticket_id",
        string="Intake Answers",
        copy=False,
        groups="base.group_user",
    )
    intake_required_count = fields.Integer(
        string="Required Questions",
        compute="_compute_intake_completeness",
        store=True,
        precompute=True,
    )
    intake_answered_count = fields.Integer(
        string="Answered Required Questions",
        compute="_compute_intake_completeness",
        store=True,
        precompute=True,
    )
    is_intake_complete = fields.Boolean(
        string="Intake Complete",
        compute="_compute_intake_completeness",
        store=True,
        precompute=True,
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
        to_closed_stage = bool(vals.get("stage_id")) and (
            self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        )
        closing = self.filtered(lambda t: not t.closed) if to_closed_stage else None
        # When closing, the answers may come in the same save, so they are
        # checked after writing. A refusal raises, and the transaction of the
        # request (or the savepoint of the caller that catches the error: an
        # import, the portal) is rolled back: nothing is stored half-way.
        res = super().write(vals)
        if {"category_id", "team_id", "company_id"} & vals.keys():
            self._sync_intake_answers()
        if closing:
            closing._check_closing_requirements()
        if closing:
            closing._send_closing_mail()
        return res

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
