"""Classification of a ticket: its contact type, the count of customer
contacts (inbound messages and logged calls) and the complaints register
(root cause, corrective action, handling time)."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTACT_TYPES = [
    ("question", "Question"),
    ("request", "Request"),
    ("incident", "Incident"),
    ("complaint", "Complaint"),
    ("suggestion", "Suggestion"),
    ("compliment", "Compliment"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # existing tickets have no contact type nor counted contacts yet
    # (columns created with these values before the install, see hooks.py)
    _install_values = {"complaint_handling_hours": None, "customer_contact_count": 0}

    contact_type = fields.Selection(
        CONTACT_TYPES,
        tracking=True,
        # the complaints have a partial index (helpdesk_ticket_indexes)
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
        groups="base.group_user",
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
        check_company=True,
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
        groups="base.group_user",
    )

    def _message_post_after_hook(self, message, msg_vals):
        """The count of customer contacts."""
        res = super()._message_post_after_hook(message, msg_vals)
        # only a message that can be a customer contact changes the count
        # (not the creation notice, stage changes or the agents' notes)
        author = message.author_id
        if (
            self._is_loyalty_comment(message)
            and author.partner_share
            and author.id not in self._company_partner_ids()
        ) or (message.mail_activity_type_id.category == "phonecall"):
            self._update_customer_contact_count()
        return res

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

    # ------------------------------------------------------------------
    # Customer contacts
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
