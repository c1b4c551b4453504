"""Segment and deadlines of a ticket.

The customer's segment is stamped on the ticket when it is opened (it does not
follow later changes of the customer), and gives the ticket its team,
priority, response and resolution deadlines. This class also holds the first
response date (first public answer of an agent). The indexes of the ticket
table are in helpdesk_ticket_indexes.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


def _fetch_missing(records, fnames):
    """``records.fetch(fnames)`` unless they are all in the cache already
    (fetch would still check the read access with a query)."""
    cache = records.env.cache
    if any(
        next(cache.get_missing_ids(records, records._fields[fname]), None)
        for fname in fnames
    ):
        records.fetch(fnames)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # computed columns created empty before the install (hooks.py) rather
    # than computed ticket by ticket: the post-install hook sets them in SQL
    _install_values = {"response_deadline": None, "resolution_deadline": None}

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
        check_company=True,
    )
    customer_segment_is_preferential = fields.Boolean(
        related="customer_segment_id.is_preferential",
        string="Preferential Ticket",
        groups="base.group_user",
    )
    # a colour index is not a quantity: no sum in grouped kanbans and lists
    # (which would join the segments for it)
    customer_segment_color = fields.Integer(
        related="customer_segment_id.color",
        string="Segment Color",
        aggregator=None,
        groups="base.group_user",
    )
    response_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        help="Latest time for the first answer to the customer, from the "
        "response target of the segment.",
        groups="base.group_user",
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        index="btree_not_null",
        help="Latest time to close the ticket, from the resolution target of "
        "the segment.",
        groups="base.group_user",
    )
    first_response_date = fields.Datetime(
        copy=False,
        readonly=True,
        help="First public answer of an agent to the customer (or the closing "
        "of the ticket when it was solved without a message).",
        groups="base.group_user",
    )
    is_response_overdue = fields.Boolean(
        string="Response Overdue",
        compute="_compute_is_overdue",
        search="_search_is_response_overdue",
        groups="base.group_user",
    )
    is_resolution_overdue = fields.Boolean(
        string="Resolution Overdue",
        compute="_compute_is_overdue",
        search="_search_is_resolution_overdue",
        groups="base.group_user",
    )

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
    def _fetch_ticket_customers(self, partner_ids):
        """Commercial partners of ``partner_ids`` with what a new ticket reads
        of them (segment, customer type, company) in the cache: a narrow
        read instead of every column of res.partner (a second one only for
        contacts of a company)."""
        fnames = ["customer_segment_id", "customer_type_id", "company_id"]
        # read as the system: these values route the ticket, they are not
        # shown to the user here; and the access rule of res.partner (its
        # companies' hierarchy, parsed on every read) costs more than the
        # read itself
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        _fetch_missing(partners, ["commercial_partner_id", *fnames])
        customers = partners.commercial_partner_id
        _fetch_missing(customers, fnames)
        return customers.with_env(self.env)

    def _segment_customers(self, partner_ids):
        """Commercial partners of ``partner_ids``, given the company's default
        segment when they have none yet (a new customer's first ticket)."""
        customers = self._fetch_ticket_customers(partner_ids)
        default_segment = self.env["customer.segment"].browse(
            self.env["res.company"]
            ._default_customer_segments()
            .get(self.env.company.id)
        )
        without = customers.filtered(lambda p: not p.customer_segment_id)
        if default_segment and without:
            segment_company = self.env["customer.segment"]._ticket_companies()[
                default_segment.id
            ][0]
            if segment_company:
                # a customer of another company does not take this one's segment
                without = without.filtered(
                    lambda p: p.company_id.id in (False, segment_company)
                )
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
        targets = self.env["customer.segment"]._ticket_targets()
        companies = self.env["customer.segment"]._ticket_companies()
        for vals in vals_list:
            if not vals.get("partner_id"):
                continue
            partner = self.env["res.partner"].browse(vals["partner_id"])
            segment = partner.commercial_partner_id.customer_segment_id
            if not segment:
                continue
            team, priority, __, __ = targets[segment.id]
            segment_company, team_company = companies[segment.id]
            if segment_company or team_company:
                company_id = self._ticket_company(vals).id
                if segment_company and segment_company != company_id:
                    continue  # a shared customer's segment of another company
                if team_company and team_company != company_id:
                    team = False  # a shared segment's team of another company
            vals.setdefault("customer_segment_id", segment.id)
            if team and not vals.get("team_id") and not vals.get("user_id"):
                vals["team_id"] = team
            if priority and "priority" not in vals:
                vals["priority"] = priority
        return super().create(vals_list)

    def _ticket_company(self, vals):
        """Company of a ticket about to be created from ``vals``."""
        company_id = vals.get("company_id") or self.env.context.get(
            "default_company_id"
        )
        return self.env["res.company"].browse(company_id) or self.env.company

    def write(self, vals):
        to_closed_stage = bool(vals.get("stage_id")) and (
            self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        )
        to_segment = (
            self.filtered(lambda t: not t.closed or not t.customer_segment_id)
            if "partner_id" in vals and "customer_segment_id" not in vals
            else None
        )
        if to_closed_stage:
            self._set_first_response_on_closing()
        res = super().write(vals)
        if to_segment:
            to_segment._set_segment_from_partner(vals["partner_id"])
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
        by_segment = defaultdict(lambda: self.browse())
        for ticket in self:
            company = ticket.company_id or self.env.company
            by_segment[segment._of_company(company)] |= ticket
        for ticket_segment, tickets in by_segment.items():
            super(HelpdeskTicket, tickets).write(
                {"customer_segment_id": ticket_segment.id}
            )
        return True

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        res = super()._onchange_partner_id()
        if self.closed and self.customer_segment_id:
            return res
        segment = self.partner_id.commercial_partner_id.customer_segment_id
        self.customer_segment_id = segment._of_company(
            self.company_id or self.env.company
        )
        if segment.team_id and not self.team_id:
            self.team_id = segment.team_id
        if segment.ticket_priority and not self.id:
            self.priority = segment.ticket_priority
        return res

    def _is_loyalty_comment(self, message):
        """Whether ``message`` is a discussion message (e-mail or comment of
        the Discussions subtype), not a note or a notification."""
        if message.message_type not in ("email", "comment"):
            return False
        # by id: env.ref() would check that the subtype exists (a query per post)
        comment_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        return message.subtype_id.id == comment_id

    def _message_post_after_hook(self, message, msg_vals):
        """First response date: the first public answer of an agent."""
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            self._is_loyalty_comment(message)
            and not self.first_response_date
            and message.message_type == "comment"
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self.sudo().first_response_date = message.date
        return res
