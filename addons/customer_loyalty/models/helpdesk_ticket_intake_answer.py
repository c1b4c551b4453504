import math

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .helpdesk_intake_template_line import ANSWER_TYPES

VALUE_FIELDS = {
    "text": "value_text",
    "number": "value_number",
    "date": "value_date",
    "boolean": "value_boolean",
    "choice": "value_option_id",
}


# longest answer accepted from a form or an import (a pasted log fits)
MAX_ANSWER_LENGTH = 10000


class HelpdeskTicketIntakeAnswer(models.Model):
    """The answer of a ticket to one intake question, stored in a field of the
    question's type (a number answer is a number, a choice one of the
    options)."""

    _name = "helpdesk.ticket.intake.answer"
    _description = "Helpdesk Ticket Intake Answer"
    _order = "ticket_id, sequence, id"
    _rec_name = "question"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    line_id = fields.Many2one(
        "helpdesk.intake.template.line",
        string="Question Line",
        required=True,
        ondelete="restrict",
        index=True,
    )
    # precomputed (inserted with the answer), as the ticket's intake
    # counters that depend on them are
    template_id = fields.Many2one(
        related="line_id.template_id",
        store=True,
        precompute=True,
        string="Intake Template",
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    sequence = fields.Integer(related="line_id.sequence", store=True)
    # The question's texts, kept on the answer in every language (see
    # _copy_line_texts) and its type: the ticket form lists the answers
    # without reading their questions
    question = fields.Char(translate=True, readonly=True)
    help_text = fields.Char(string="Help", translate=True, readonly=True)
    answer_type = fields.Selection(related="line_id.answer_type", store=True)
    is_required = fields.Boolean(
        related="line_id.is_required", store=True, precompute=True, string="Required"
    )
    value_text = fields.Text(string="Text Answer")
    value_number = fields.Float(string="Number Answer")
    value_date = fields.Date(string="Date Answer")
    value_boolean = fields.Selection(
        [("yes", "Yes"), ("no", "No")], string="Yes / No Answer"
    )
    value_option_id = fields.Many2one(
        "helpdesk.intake.option",
        string="Chosen Option",
        ondelete="restrict",
        domain="[('line_id', '=', line_id)]",
    )
    has_number = fields.Boolean(
        help="Technical: a number answer of 0 is an answer.",
    )
    is_answered = fields.Boolean(
        string="Answered",
        compute="_compute_is_answered",
        store=True,
        precompute=True,
    )
    value_display = fields.Char(string="Answer", compute="_compute_value_display")

    _sql_constraints = [
        (
            "ticket_line_uniq",
            "UNIQUE (ticket_id, line_id)",
            "A ticket answers each intake question once.",
        ),
    ]

    @api.depends(
        "line_id.answer_type",
        "value_text",
        "has_number",
        "value_number",
        "value_date",
        "value_boolean",
        "value_option_id",
    )
    def _compute_is_answered(self):
        for answer in self:
            answer_type = answer.line_id.answer_type
            if answer_type == "number":
                answer.is_answered = answer.has_number or bool(answer.value_number)
            elif answer_type == "text":
                answer.is_answered = bool((answer.value_text or "").strip())
            elif answer_type:
                answer.is_answered = bool(answer[VALUE_FIELDS[answer_type]])
            else:
                answer.is_answered = False

    @api.depends(
        "answer_type",
        "value_text",
        "value_number",
        "value_date",
        "value_boolean",
        "value_option_id",
        "is_answered",
    )
    @api.depends_context("lang")
    def _compute_value_display(self):
        boolean_labels = dict(
            self._fields["value_boolean"]._description_selection(self.env)
        )
        for answer in self:
            answer_type = answer.answer_type
            if not answer.is_answered:
                answer.value_display = ""
            elif answer_type == "number":
                answer.value_display = f"{answer.value_number:g}"
            elif answer_type == "date":
                answer.value_display = fields.Date.to_string(answer.value_date)
            elif answer_type == "boolean":
                answer.value_display = boolean_labels[answer.value_boolean]
            elif answer_type == "choice":
                answer.value_display = answer.value_option_id.name
            else:
                answer.value_display = answer.value_text

    @api.onchange("value_number")
    def _onchange_value_number(self):
        self.has_number = True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("value_number") not in (None, False):
                vals.setdefault("has_number", True)
        answers = super().create(vals_list)
        answers._check_question_of_ticket()
        self._copy_line_texts(answer_ids=answers.ids)
        return answers

    def init(self):
        # answers written before the texts were kept on them, or whose lines
        # got translations loaded by SQL (module update)
        self._copy_line_texts(outdated=True)

    @api.model
    def _copy_line_texts(self, answer_ids=None, line_ids=None, outdated=False):
        """Copy the question and help of their lines, in every language (the
        translations come along), onto the answers ``answer_ids``, onto all
        the answers of ``line_ids``, or (``outdated``) onto every answer whose
        copy differs from its line: one UPDATE."""
        if outdated:
            where = SQL(
                "(a.question IS DISTINCT FROM l.question"
                " OR a.help_text IS DISTINCT FROM l.help_text)"
            )
        elif answer_ids:
            where = SQL("a.id = ANY(%s)", list(answer_ids))
        elif line_ids:
            where = SQL("a.line_id = ANY(%s)", list(line_ids))
        else:
            return
        self.flush_model(["line_id", "question", "help_text"])
        self.env["helpdesk.intake.template.line"].flush_model(["question", "help_text"])
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket_intake_answer a"
                " SET question = l.question, help_text = l.help_text"
                " FROM helpdesk_intake_template_line l"
                " WHERE l.id = a.line_id AND %s",
                where,
            )
        )
        self.invalidate_model(["question", "help_text", "display_name"])

    def write(self, vals):
        if "value_number" in vals and "has_number" not in vals:
            vals = dict(vals, has_number=vals["value_number"] is not False)
        moved = self.filtered(
            lambda a: (
                ("ticket_id" in vals and a.ticket_id.id != vals["ticket_id"])
                or ("line_id" in vals and a.line_id.id != vals["line_id"])
            )
        )
        if moved:
            raise UserError(
                self.env._(
                    "An intake answer belongs to its ticket and question: answer "
                    "%(question)s on its own ticket %(ticket)s instead of moving it.",
                    question=moved[0].question,
                    ticket=moved[0].ticket_id.display_name,
                )
            )
        return super().write(vals)

    def _check_question_of_ticket(self):
        """A new answer answers a question of its ticket's intake template
        (answers of a previous category are kept, not created)."""
        for answer in self:
            ticket = answer.ticket_id
            if answer.line_id.template_id != ticket.intake_template_id:
                raise ValidationError(
                    self.env._(
                        "The question %(question)s is not asked on %(ticket)s: "
                        "answer the questions of its intake template "
                        "(%(template)s).",
                        question=answer.line_id.question,
                        ticket=ticket.display_name,
                        template=ticket.intake_template_id.name or self.env._("none"),
                    )
                )

    @api.constrains("value_text")
    def _check_value_length(self):
        for answer in self:
            if answer.value_text and len(answer.value_text) > MAX_ANSWER_LENGTH:
                raise ValidationError(
                    self.env._(
                        "The answer to %(question)s is too long (%(length)s "
                        "characters): shorten it to %(max)s characters at most.",
                        question=answer.line_id.question,
                        length=len(answer.value_text),
                        max=MAX_ANSWER_LENGTH,
                    )
                )

    @api.constrains(
        "line_id",
        "ticket_id",
        "value_text",
        "value_number",
        "value_date",
        "value_boolean",
        "value_option_id",
    )
    def _check_value_type(self):
        for answer in self:
            answer_type = answer.line_id.answer_type
            expected = VALUE_FIELDS.get(answer_type)
            for other in set(VALUE_FIELDS.values()) - {expected}:
                value = answer[other]
                if other == "value_number" and not answer.has_number:
                    value = value or False
                if value:
                    raise ValidationError(
                        self.env._(
                            "The answer to %(question)s must be of type "
                            "%(type)s: %(value)s is not.",
                            question=answer.line_id.question,
                            type=dict(ANSWER_TYPES)[answer_type],
                            value=value.display_name
                            if isinstance(value, models.BaseModel)
                            else value,
                        )
                    )
            option = answer.value_option_id
            if option and option.line_id != answer.line_id:
                raise ValidationError(
                    self.env._(
                        "%(option)s is not an option of the question %(question)s.",
                        option=option.name,
                        question=answer.line_id.question,
                    )
                )

    # ------------------------------------------------------------------
    # Parsing raw answers (portal, imports)
    # ------------------------------------------------------------------
    @api.model
    def _parse_raw_value(self, line, raw):
        """Typed values of ``raw`` (a string) for the question ``line``.

        Empty input gives an unanswered line; input of the wrong type raises a
        translated ValidationError naming the question."""
        raw = (raw or "").strip() if isinstance(raw, str) else raw
        if raw in ("", None, False):
            return {}
        if isinstance(raw, str) and len(raw) > MAX_ANSWER_LENGTH:
            raise ValidationError(
                self.env._(
                    "The answer to %(question)s is too long (%(length)s "
                    "characters): shorten it to %(max)s characters at most.",
                    question=line.question,
                    length=len(raw),
                    max=MAX_ANSWER_LENGTH,
                )
            )
        answer_type = line.answer_type
        if answer_type == "text":
            return {"value_text": raw}
        if answer_type == "number":
            try:
                number = float(str(raw).replace(",", "."))
            except ValueError:
                number = None
            if number is None or not math.isfinite(number):
                raise ValidationError(
                    self.env._(
                        "The answer to %(question)s must be a number, not %(value)s.",
                        question=line.question,
                        value=raw,
                    )
                )
            return {"value_number": number, "has_number": True}
        if answer_type == "date":
            try:
                date = fields.Date.to_date(raw)
            except ValueError:
                date = None
            if not date:
                raise ValidationError(
                    self.env._(
                        "The answer to %(question)s must be a date (YYYY-MM-DD), "
                        "not %(value)s.",
                        question=line.question,
                        value=raw,
                    )
                )
            return {"value_date": date}
        if answer_type == "boolean":
            if raw not in ("yes", "no"):
                raise ValidationError(
                    self.env._(
                        "The answer to %(question)s must be yes or no, not %(value)s.",
                        question=line.question,
                        value=raw,
                    )
                )
            return {"value_boolean": raw}
        # choice
        option = line.option_ids.filtered(lambda o: str(o.id) == str(raw))
        if not option:
            raise ValidationError(
                self.env._(
                    "%(value)s is not an option of the question %(question)s.",
                    value=raw,
                    question=line.question,
                )
            )
        return {"value_option_id": option.id}
