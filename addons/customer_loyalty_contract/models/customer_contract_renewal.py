from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .customer_segment_renewal import DEFAULT_RENEWAL_WINDOW_DAYS

GROUPS = {
    "user": "customer_loyalty.customer_loyalty_group_user",
    "manager": "customer_loyalty.customer_loyalty_group_manager",
}
OPEN_STATES = ("to_contact", "offer_sent")
# what the user writes before recording the outcome, frozen after it
OUTCOME_FIELDS = {"successor_contract_id", "lost_reason_id", "outcome_note"}
# the outcome of a follow-up is recorded through its buttons (after their group
# checks), never by writing these fields directly
PROTECTED_FIELDS = {
    "contract_id",
    "date_end",
    "window_days",
    "window_date",
    "customer_segment_id",
    "state",
    "offer_sent_date",
    "renewal_mode",
    "new_date_end",
    "outcome_date",
    "annual_value",
}


class CustomerContractRenewal(models.Model):
    """The renewal follow-up of one contract for one end date.

    The daily cron opens it when the contract enters the renewal window of its
    customer's segment (days before the end date) and gives the responsible one
    activity: contact the customer and offer a renewal fitted to their current
    needs. Its outcome is *renewed* (a successor contract, or the contract's
    end date moved later) or *not renewed* (a reason and a note). One follow-up
    per contract and end date: a contract extended again gets a new one when it
    nears its new end.
    """

    _name = "customer.contract.renewal"
    _description = "Contract Renewal Follow-up"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_end, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "contract.contract",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id",
        string="Contact",
        store=True,
        precompute=True,
        help="Who receives the renewal offer.",
    )
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
        precompute=True,
    )
    customer_segment_id = fields.Many2one(
        "customer.segment",
        string="Segment",
        readonly=True,
        index=True,
        help="Segment of the customer when the follow-up started: its renewal "
        "window set the start date.",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        tracking=True,
        domain=[("share", "=", False)],
        help="The contract's responsible, or the segment manager when the "
        "contract has none with access to the loyalty app.",
        check_company=True,
    )
    date_end = fields.Date(
        string="End Date",
        required=True,
        readonly=True,
        index=True,
        help="End date of the contract when the follow-up started.",
    )
    window_days = fields.Integer(string="Window (days)", readonly=True)
    window_date = fields.Date(
        string="Follow-up From",
        readonly=True,
        help="End date minus the renewal window of the segment.",
    )
    state = fields.Selection(
        [
            ("to_contact", "To Contact"),
            ("offer_sent", "Offer Sent"),
            ("renewed", "Renewed"),
            ("not_renewed", "Not Renewed"),
        ],
        default="to_contact",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
        group_expand="_group_expand_states",
    )
    offer_sent_date = fields.Date(readonly=True, tracking=True)
    is_offer_on_time = fields.Boolean(
        string="Offer On Time",
        compute="_compute_is_offer_on_time",
        store=True,
        help="The renewal offer was sent inside the window, before the end date.",
    )
    renewal_mode = fields.Selection(
        [("successor", "Successor contract"), ("extension", "End date extended")],
        string="Renewed By",
        readonly=True,
    )
    successor_contract_id = fields.Many2one(
        "contract.contract",
        check_company=True,
        tracking=True,
        domain="[('id', '!=', contract_id), ('commercial_partner_id', '=', "
        "commercial_partner_id)]",
        help="The contract that replaces this one when it ends.",
    )
    new_date_end = fields.Date(
        string="New End Date",
        readonly=True,
        help="End date of the contract after its extension (empty for an "
        "open-ended contract).",
    )
    lost_reason_id = fields.Many2one(
        "customer.lost.reason",
        string="Reason Not Renewed",
        tracking=True,
        check_company=True,
        help="Why the customer did not renew: the same list as for lost customers.",
    )
    outcome_note = fields.Text(
        string="Note", help="What the customer said, what was offered, why."
    )
    outcome_date = fields.Date(readonly=True, tracking=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    annual_value = fields.Monetary(
        currency_field="company_currency_id",
        readonly=True,
        help="Yearly recurring value of the contract lines running on the end "
        "date, in company currency: what is lost when it is not renewed.",
    )

    _sql_constraints = [
        (
            "contract_date_end_uniq",
            "UNIQUE (contract_id, date_end)",
            "A contract has one renewal follow-up per end date.",
        ),
    ]

    @api.depends("contract_id.display_name", "date_end")
    def _compute_display_name(self):
        for renewal in self:
            renewal.display_name = self.env._(
                "%(contract)s (ends %(date)s)",
                contract=renewal.contract_id.display_name or "",
                date=renewal.date_end or "",
            )

    @api.depends("offer_sent_date", "window_date", "date_end")
    def _compute_is_offer_on_time(self):
        for renewal in self:
            renewal.is_offer_on_time = bool(
                renewal.offer_sent_date
                and renewal.window_date
                and renewal.window_date <= renewal.offer_sent_date <= renewal.date_end
            )

    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, __ in self._fields["state"].selection]

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    @api.model
    def _check_loyalty_group(self, level):
        if self.env.su or self.env.user.has_group(GROUPS[level]):
            return
        raise AccessError(
            self.env._(
                "Only %(group)s members can do this on contract renewals.",
                group=self.env.ref(GROUPS[level]).sudo().name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        # follow-ups are opened by the cron, as superuser (no one has the right
        # to create them otherwise)
        self._check_loyalty_group("manager")
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and OUTCOME_FIELDS & set(vals):
            closed = self.filtered(lambda r: r.state not in OPEN_STATES)
            if closed:
                closed._check_open()
        if not self.env.su and PROTECTED_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "Record the outcome of a renewal with its buttons (Send "
                    "Offer, Renewed, Not Renewed): %(fields)s cannot be edited.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(PROTECTED_FIELDS & set(vals))
                    ),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Daily cron: open the follow-ups entering their window, see renewals
    # ------------------------------------------------------------------
    @api.model
    def _cron_follow_renewals(self):
        """Open one follow-up (with one activity) per contract entering its
        renewal window, record as renewed the open follow-ups whose contract
        was extended or has a successor, and record the contract lines that
        ended without a successor as lost services. Idempotent: a contract and
        end date already followed, or a line already lost, is skipped (unique
        constraints behind both)."""
        self._check_loyalty_group("manager")
        opened = self.browse()
        Loss = self.env["customer.lost.service"].sudo()
        # outcomes first: a follow-up moved to an earlier end date is not
        # opened a second time
        self.sudo().search([("state", "in", OPEN_STATES)])._detect_renewals()
        companies = self.env["res.company"].sudo().search([])
        for company in companies:
            opened |= self.sudo().with_company(company)._open_due_renewals(company)
        for company in companies:
            Loss.with_company(company)._record_contract_losses(company)
        self.env["ir.cron"]._notify_progress(done=len(opened), remaining=0)
        return opened

    @api.model
    def _due_contracts(self, company, today):
        """``(contract_id, segment_id, window_days)`` of the customer contracts
        of ``company`` whose end date is today or later and inside the window
        of their customer's segment, and that have no follow-up for that end
        date yet."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, s.id,
                       coalesce(s.renewal_window_days, %(default)s) AS window_days
                  FROM contract_contract c
                  JOIN res_partner p ON p.id = c.commercial_partner_id
                  -- a shared customer's segment of another company says
                  -- nothing of this company's renewal window
                  LEFT JOIN customer_segment s
                    ON s.id = p.customer_segment_id
                   AND coalesce(s.company_id, c.company_id) = c.company_id
                 WHERE c.company_id = %(company)s
                   AND c.active
                   AND c.contract_type = 'sale'
                   AND c.date_end >= %(today)s
                   AND coalesce(s.renewal_window_days, %(default)s) > 0
                   AND c.date_end - coalesce(s.renewal_window_days, %(default)s)
                       <= %(today)s
                   AND NOT EXISTS (
                       SELECT 1 FROM customer_contract_renewal r
                        WHERE r.contract_id = c.id AND r.date_end = c.date_end)
                 ORDER BY c.date_end, c.id
                """,
                company=company.id,
                today=today,
                default=DEFAULT_RENEWAL_WINDOW_DAYS,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _open_due_renewals(self, company):
        today = fields.Date.context_today(self)
        rows = self._due_contracts(company, today)
        if not rows:
            return self.browse()
        Contract = self.env["contract.contract"]
        Segment = self.env["customer.segment"]
        Contract.browse([row[0] for row in rows]).fetch(
            ["date_end", "user_id", "currency_id", "company_id"]
        )
        vals_list = []
        for contract_id, segment_id, window_days in rows:
            contract = Contract.browse(contract_id)
            segment = Segment.browse(segment_id)
            vals_list.append(
                {
                    "contract_id": contract.id,
                    "customer_segment_id": segment.id,
                    "user_id": self._responsible(contract, segment).id,
                    "date_end": contract.date_end,
                    "window_days": window_days,
                    "window_date": contract.date_end - relativedelta(days=window_days),
                    "annual_value": self._annual_value(contract, contract.date_end),
                }
            )
        renewals = self.create(vals_list)
        for renewal in renewals.filtered("user_id"):
            renewal.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=self.env._(
                    "Offer the renewal of %(contract)s",
                    contract=renewal.contract_id.display_name,
                ),
                note=self.env._(
                    "The contract of %(customer)s ends on %(date)s. Contact the "
                    "customer, review their current needs and send a renewal "
                    "offer fitted to them.",
                    customer=renewal.commercial_partner_id.display_name,
                    date=renewal.date_end,
                ),
                user_id=renewal.user_id.id,
            )
        return renewals

    @api.model
    def _responsible(self, contract, segment):
        """The contract's responsible when they can open the follow-up (an
        activity on a record its assignee cannot read is refused), else the
        segment manager."""
        user = contract.user_id
        if user and not user.share and user.has_group(GROUPS["user"]):
            return user
        return segment.manager_id

    @api.model
    def _annual_value(self, contract, day):
        """Yearly recurring value, in company currency, of the contract's
        product lines that run on ``day`` and are not canceled."""
        lines = contract.contract_line_ids.filtered(
            lambda line: (
                not line.display_type
                and not line.is_canceled
                and line.date_start
                and line.date_start <= day
                and (not line.date_end or line.date_end >= day)
            )
        )
        monthly = sum(lines.mapped("monthly_recurring"))
        return contract.currency_id._convert(
            monthly * 12, contract.company_id.currency_id, contract.company_id, day
        )

    def _detect_renewals(self):
        """Open follow-ups whose contract now ends later (or never) are renewed
        by extension; those with a contract naming it as predecessor (or a
        successor of the same customer chosen on the follow-up), by that
        successor. A contract shortened to an end date still ahead moves its
        follow-up to that date."""
        today = fields.Date.context_today(self)
        for renewal in self:
            contract = renewal.contract_id
            successor = contract.successor_contract_ids[:1] or (
                renewal.successor_contract_id.filtered(
                    lambda c, r=renewal: (
                        c.commercial_partner_id == r.commercial_partner_id
                    )
                )
            )
            if successor:
                renewal._set_renewed("successor", successor=successor, day=today)
            elif not contract.date_end or contract.date_end > renewal.date_end:
                renewal._set_renewed("extension", day=today)
            elif today <= contract.date_end < renewal.date_end:
                renewal.sudo().write(
                    {
                        "date_end": contract.date_end,
                        "window_date": contract.date_end
                        - relativedelta(days=renewal.window_days),
                    }
                )

    def _set_renewed(self, mode, successor=None, day=None):
        self.ensure_one()
        vals = {
            "state": "renewed",
            "renewal_mode": mode,
            "outcome_date": day or fields.Date.context_today(self),
            "new_date_end": (successor or self.contract_id).date_end,
        }
        if successor:
            vals["successor_contract_id"] = successor.id
            if successor.predecessor_contract_id != self.contract_id:
                successor.sudo().predecessor_contract_id = self.contract_id
        self.sudo().write(vals)
        self.sudo().activity_feedback(
            ["mail.mail_activity_data_todo"],
            feedback=self.env._("Contract renewed."),
        )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def _check_open(self):
        closed = self.filtered(lambda r: r.state not in OPEN_STATES)
        if closed:
            raise UserError(
                self.env._(
                    "The renewal of %(renewals)s already has its outcome. A "
                    "loyalty manager can reopen it to change it.",
                    renewals=", ".join(closed.mapped("display_name")),
                )
            )

    def action_send_offer(self):
        """E-mail the renewal offer (template in the customer's language) and
        mark the follow-up as offer sent."""
        self._check_loyalty_group("user")
        self.check_access("write")
        self._check_open()
        missing = self.filtered(lambda r: not r.partner_id.email)
        if missing:
            raise UserError(
                self.env._(
                    "%(customers)s has no e-mail address: add one to the "
                    "contract's partner before sending the renewal offer.",
                    customers=", ".join(missing.mapped("partner_id.display_name")),
                )
            )
        template = self.env.ref(
            "customer_loyalty_contract.mail_template_contract_renewal_offer"
        )
        today = fields.Date.context_today(self)
        for renewal in self:
            renewal.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            vals = {"state": "offer_sent"}
            if not renewal.offer_sent_date:
                vals["offer_sent_date"] = today
            renewal.sudo().write(vals)
        # the activity asked for the offer: it is done
        self.sudo().activity_feedback(
            ["mail.mail_activity_data_todo"],
            feedback=self.env._("Renewal offer sent."),
        )
        return True

    def action_mark_renewed(self):
        """Renewed by the successor contract chosen on the follow-up, or by the
        contract's end date moved past the followed one."""
        self._check_loyalty_group("user")
        self.check_access("write")
        self._check_open()
        for renewal in self:
            contract = renewal.contract_id
            successor = renewal.successor_contract_id
            if successor:
                successor.check_access("read")
                if successor.commercial_partner_id != contract.commercial_partner_id:
                    raise UserError(
                        self.env._(
                            "%(successor)s belongs to another customer: choose a "
                            "contract of %(customer)s as successor.",
                            successor=successor.display_name,
                            customer=contract.commercial_partner_id.display_name,
                        )
                    )
                renewal._set_renewed("successor", successor=successor)
            elif not contract.date_end or contract.date_end > renewal.date_end:
                renewal._set_renewed("extension")
            else:
                raise UserError(
                    self.env._(
                        "%(contract)s still ends on %(date)s. To record it as "
                        "renewed, choose its Successor Contract or extend the "
                        "end date of its lines first.",
                        contract=contract.display_name,
                        date=renewal.date_end,
                    )
                )
        return True

    def action_mark_not_renewed(self):
        """Not renewed: the reason and the note say why."""
        self._check_loyalty_group("user")
        self.check_access("write")
        self._check_open()
        missing = self.filtered(lambda r: not r.lost_reason_id or not r.outcome_note)
        if missing:
            raise UserError(
                self.env._(
                    "Say why %(renewals)s is not renewed: choose the Reason Not "
                    "Renewed and write a Note before recording the outcome.",
                    renewals=", ".join(missing.mapped("display_name")),
                )
            )
        today = fields.Date.context_today(self)
        self.sudo().write({"state": "not_renewed", "outcome_date": today})
        self.sudo().activity_feedback(
            ["mail.mail_activity_data_todo"],
            feedback=self.env._("Contract not renewed."),
        )
        return True

    def action_reopen(self):
        """Back to follow-up, to correct a recorded outcome (managers)."""
        self._check_loyalty_group("manager")
        self.check_access("write")
        for renewal in self:
            renewal.sudo().write(
                {
                    "state": "offer_sent" if renewal.offer_sent_date else "to_contact",
                    "renewal_mode": False,
                    "new_date_end": False,
                    "outcome_date": False,
                }
            )
        return True
