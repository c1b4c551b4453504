from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .cron_lock import lock_skip_locked

MANAGER_GROUP = "customer_loyalty.customer_loyalty_group_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_segment_id = fields.Many2one(
        "customer.segment",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        groups="base.group_user",
        group_expand="_read_group_customer_segment_ids",
        help="Segment of the customer. It is set on the company (commercial "
        "entity); its contacts show and use the company's segment. Every change "
        "is kept in the segment history.",
    )
    customer_segment_is_preferential = fields.Boolean(
        related="customer_segment_id.is_preferential",
        string="Preferential Customer",
    )
    customer_segment_color = fields.Integer(
        related="customer_segment_id.color", string="Segment Color"
    )
    customer_segment_history_ids = fields.One2many(
        "customer.segment.history",
        "partner_id",
        string="Segment History",
        groups="customer_loyalty.customer_loyalty_group_user,"
        "customer_loyalty.customer_loyalty_group_direction",
    )
    is_segment_holder = fields.Boolean(
        string="Is Commercial Entity",
        compute="_compute_is_segment_holder",
        search="_search_is_segment_holder",
        help="Companies and individuals: the partners that hold a segment.",
    )
    is_survey_opt_out = fields.Boolean(
        string="No Satisfaction Surveys",
        help="The customer does not want to receive satisfaction surveys (neither "
        "after tickets nor in campaigns). Set on a company, it applies to all its "
        "contacts.",
    )

    @api.model
    def _read_group_customer_segment_ids(self, segments, domain):
        """Show every active segment as a column of the customer kanban."""
        return segments.search([])

    @api.depends("is_company", "parent_id")
    def _compute_is_segment_holder(self):
        for partner in self:
            partner.is_segment_holder = partner.is_company or not partner.parent_id

    def _search_is_segment_holder(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(
                self.env._("Unsupported search on Commercial Entity.")
            )
        holder = ["|", ("is_company", "=", True), ("parent_id", "=", False)]
        if (operator == "=") == bool(value):
            return holder
        return [("is_company", "=", False), ("parent_id", "!=", False)]

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_segment_id"]

    # ------------------------------------------------------------------
    # Keeping the segment history right
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        holders = partners.filtered(
            lambda p: p.customer_segment_id and p.commercial_partner_id == p
        )
        default_segment = self.env.company.default_customer_segment_id
        if holders.filtered(lambda p: p.customer_segment_id != default_segment):
            self._check_segment_change_allowed()
        holders._record_segment_history()
        return partners

    def write(self, vals):
        if "customer_segment_id" not in vals or self.env.context.get(
            "customer_loyalty_skip_history"
        ):
            return super().write(vals)
        new_segment = vals["customer_segment_id"] or False
        contacts = self.filtered(lambda p: p.commercial_partner_id != p)
        foreign = contacts.filtered(
            lambda p: (
                p.commercial_partner_id not in self
                and p.commercial_partner_id.customer_segment_id.id != new_segment
            )
        )
        if foreign:
            raise ValidationError(
                self.env._(
                    "Customer Segment: %(contacts)s use the segment of their "
                    "company. Set the segment on %(companies)s instead.",
                    contacts=", ".join(foreign[:5].mapped("display_name")),
                    companies=", ".join(
                        foreign.commercial_partner_id[:5].mapped("display_name")
                    ),
                )
            )
        holders = self - contacts
        changed = holders.filtered(lambda p: p.customer_segment_id.id != new_segment)
        partners = self
        # Contacts following their company: the company's chatter tells it.
        # Several customers at once: one batch of tracking messages instead of
        # Odoo's message per record (see _log_segment_changes).
        batch_tracking = len(changed) > 1 and set(vals) == {"customer_segment_id"}
        if not holders or batch_tracking:
            partners = self.with_context(mail_notrack=True)
        if changed:
            self._check_segment_change_allowed()
        previous = {partner.id: partner.customer_segment_id for partner in changed}
        res = super(ResPartner, partners).write(vals)
        changed._record_segment_history()
        if batch_tracking:
            changed._log_segment_changes(previous)
        return res

    def _log_segment_changes(self, previous):
        """Log the segment change of many customers in the chatter, one batch
        of messages (with their tracking values) per previous segment."""
        Tracking = self.env["mail.tracking.value"]
        field_info = self.fields_get(["customer_segment_id"])["customer_segment_id"]
        by_previous = {}
        for partner in self:
            by_previous.setdefault(previous[partner.id], self.browse())
            by_previous[previous[partner.id]] |= partner
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        author = self.env.user.partner_id
        messages, tracking_values = [], []
        for old_segment, partners in by_previous.items():
            values = Tracking._create_tracking_values(
                old_segment,
                partners[:1].customer_segment_id,
                "customer_segment_id",
                field_info,
                partners[:1],
            )
            messages += [
                {
                    "model": self._name,
                    "res_id": partner_id,
                    "author_id": author.id,
                    "email_from": self.env.user.email_formatted,
                    "body": "",
                    "message_type": "notification",
                    "subtype_id": note,
                    "is_internal": True,
                    "reply_to": self.env.user.email_formatted,
                }
                for partner_id in partners.ids
            ]
            tracking_values += [values] * len(partners)
        created = self.env["mail.message"].sudo().create(messages)
        Tracking.sudo().create(
            [
                dict(values, mail_message_id=message.id)
                for values, message in zip(tracking_values, created, strict=True)
            ]
        )

    def _check_segment_change_allowed(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only a Loyalty Manager can change the segment of a customer. "
                "Ask a manager, or propose the change through the segment review."
            )
        )

    def _record_segment_history(self):
        """Write the history of the segment now set on these commercial partners.

        One set-based call per target segment, whatever the number of partners.
        The day of the change is today, or ``segment_change_date`` from the
        context (the segment review applies its proposals at its own date).
        """
        if not self:
            return
        change_date = self.env.context.get(
            "segment_change_date"
        ) or fields.Date.context_today(self)
        history = self.env["customer.segment.history"].sudo()
        by_segment = {}
        for partner in self:
            by_segment.setdefault(partner.customer_segment_id.id, []).append(partner.id)
        for segment_id, partner_ids in by_segment.items():
            history._record_segment_change(partner_ids, segment_id, change_date)

    def action_view_segment_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.customer_segment_history_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_group_by_partner": False}
        return action

    # ------------------------------------------------------------------
    # Monthly service report (issue #7, KPIs and reporting)
    # ------------------------------------------------------------------
    is_service_report_opt_in = fields.Boolean(
        string="Monthly Service Report",
        help="E-mail this customer every month the report of its tickets "
        "(opened, closed, average resolution, within target, pending).",
    )
    service_report_month = fields.Date(
        string="Last Service Report",
        readonly=True,
        copy=False,
        help="Month of the last service report e-mailed to the customer.",
    )

    @api.model
    def _cron_send_service_reports(self, batch_size=100):
        """E-mail the report of the last closed month to the customers that
        opted in and had tickets in it, once per customer and month, in
        batches with cron progress."""
        month = self.env["customer.kpi"]._last_closed_period()
        domain = [
            ("is_service_report_opt_in", "=", True),
            ("email", "!=", False),
            ("is_segment_holder", "=", True),
            "|",
            ("service_report_month", "=", False),
            ("service_report_month", "<", month),
        ]
        candidates = self.search(domain)
        report = self.env["report.customer_loyalty.report_customer_service"]
        figures = report._service_figures(candidates.ids, month)
        concerned = candidates.filtered(
            lambda p: any(
                figures.get(p.id, {}).get(key)
                for key in ("opened", "closed", "pending")
            )
        )
        batch, rest = concerned[:batch_size], concerned[batch_size:]
        # customers another worker is sending to are left to it
        batch = lock_skip_locked(batch)
        template = self.env.ref(
            "customer_loyalty.mail_template_customer_service_report"
        )
        for partner in batch:
            template.send_mail(partner.id)
        # customers without tickets that month are done too: nothing to send
        (batch | (candidates - concerned)).write({"service_report_month": month})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(rest))
        return batch

    def action_start_loyalty_interview(self):
        """Open the annual interview form, filled in by the agent on behalf of
        the customer: the answer is the agent's, about this customer."""
        self.ensure_one()
        survey = self.env.ref(
            "customer_loyalty.survey_annual_interview", raise_if_not_found=False
        )
        if not survey or not survey.active:
            raise UserError(
                self.env._(
                    "The annual interview survey was deleted or archived: restore "
                    "it in Surveys before interviewing a customer."
                )
            )
        customer = self.commercial_partner_id
        user_input = survey._create_answer(
            user=self.env.user,
            check_attempts=False,
            loyalty_customer_id=customer.id,
            customer_segment_id=customer.customer_segment_id.id,
        )
        return {
            "type": "ir.actions.act_url",
            "target": "new",
            "url": user_input.get_start_url(),
        }
