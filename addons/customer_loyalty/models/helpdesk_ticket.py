from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    customer_segment_id = fields.Many2one(
        "customer.segment",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
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
        help="Latest time for the first answer to the customer, from the "
        "response target of the segment.",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
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

    @api.depends("customer_segment_id", "create_date")
    def _compute_deadlines(self):
        now = fields.Datetime.now()
        for ticket in self:
            start = ticket.create_date or now
            segment = ticket.customer_segment_id
            ticket.response_deadline = (
                start + timedelta(hours=segment.response_target_hours)
                if segment.response_target_hours
                else False
            )
            ticket.resolution_deadline = (
                start + timedelta(hours=segment.resolution_target_hours)
                if segment.resolution_target_hours
                else False
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

    @api.model_create_multi
    def create(self, vals_list):
        partner_ids = {
            vals["partner_id"] for vals in vals_list if vals.get("partner_id")
        }
        if partner_ids:
            self._segment_customers(partner_ids)
        for vals in vals_list:
            if not vals.get("partner_id"):
                continue
            partner = self.env["res.partner"].browse(vals["partner_id"])
            segment = partner.commercial_partner_id.customer_segment_id
            if not segment:
                continue
            vals.setdefault("customer_segment_id", segment.id)
            if segment.team_id and not vals.get("team_id") and not vals.get("user_id"):
                vals["team_id"] = segment.team_id.id
            if segment.ticket_priority and "priority" not in vals:
                vals["priority"] = segment.ticket_priority
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                unanswered = self.filtered(lambda t: not t.first_response_date)
                if unanswered:
                    super(HelpdeskTicket, unanswered).write(
                        {"first_response_date": fields.Datetime.now()}
                    )
        if "partner_id" not in vals or "customer_segment_id" in vals:
            return super().write(vals)
        # A customer set on an open ticket (or on one without segment) gives
        # the ticket its segment; closed tickets keep theirs.
        to_segment = self.filtered(lambda t: not t.closed or not t.customer_segment_id)
        res = super().write(vals)
        if to_segment:
            segment = (
                self._segment_customers(vals["partner_id"]).customer_segment_id
                if vals["partner_id"]
                else self.env["customer.segment"]
            )
            super(HelpdeskTicket, to_segment).write({"customer_segment_id": segment.id})
        return res

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

    # ------------------------------------------------------------------
    # First response
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            not self.first_response_date
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self.sudo().first_response_date = message.date
        return res

    # ------------------------------------------------------------------
    # Reporting tables (issue #7): deleted tickets leave no write_date for
    # the incremental refresh, so their months are rebuilt at once.
    # ------------------------------------------------------------------
    def unlink(self):
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
