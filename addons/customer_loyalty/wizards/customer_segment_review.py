from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..models.customer_revenue import revenue_lines
from ..models.loyalty_access import MANAGER_GROUP, check_loyalty_group


class CustomerSegmentReview(models.TransientModel):
    """Propose segment changes from the revenue of the last 12 months.

    Revenue of a customer: the addon's one definition (untaxed product lines
    of posted customer invoices minus refunds, company currency, by
    accounting date; ``models/customer_revenue.py``) over the 12 months
    before the review date, by commercial partner. The
    proposed segment is the highest level among the segments in revenue review
    whose threshold the revenue reaches.

    A customer of a segment with nothing invoiced for longer than the
    segment's inactivity window (*Lost After*) is proposed as lost instead,
    with its evidence (last invoice, services still lost). Accepting it
    closes its segment period on the review date with a lost reason and a
    note: the lost customers, churn and lost business KPIs count it.
    """

    _name = "customer.segment.review"
    _description = "Customer Segment Review"
    _check_company_auto = True

    review_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Revenue is summed over the 12 months before this date; accepted "
        "changes take effect on this date.",
    )
    date_from = fields.Date(compute="_compute_date_from", string="Revenue Since")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    line_ids = fields.One2many(
        "customer.segment.review.line", "review_id", string="Proposals"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("proposed", "Proposed"), ("done", "Applied")],
        default="draft",
        required=True,
    )
    proposal_count = fields.Integer(compute="_compute_counts")
    accepted_count = fields.Integer(compute="_compute_counts")

    @api.depends("review_date")
    def _compute_date_from(self):
        for review in self:
            review.date_from = review.review_date and (
                review.review_date - relativedelta(months=12)
            )

    @api.depends("line_ids.decision")
    def _compute_counts(self):
        for review in self:
            review.proposal_count = len(review.line_ids)
            review.accepted_count = len(
                review.line_ids.filtered(lambda line: line.decision == "accept")
            )

    def _review_company(self):
        """The company reviewed: one the user works in, whatever was posted
        (the revenue of another company is never summed)."""
        self.ensure_one()
        if not self.env.su and self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You can only review the segments of a company you work "
                    "in: choose one of your companies."
                )
            )
        return self.company_id

    @api.constrains("company_id")
    def _check_company_allowed(self):
        for review in self:
            review._review_company()

    def _get_revenue_by_customer(self):
        """Return ``{commercial_partner_id: revenue}`` for the review period."""
        company = self._review_company()
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT r.partner_id, sum(r.amount)
                  FROM (%s) r
                 WHERE r.company_id = %s
                   AND r.date >= %s AND r.date < %s
                   AND r.partner_id IS NOT NULL
                 GROUP BY r.partner_id
                """,
                revenue_lines(),
                company.id,
                self.date_from,
                self.review_date,
            )
        )
        return dict(self.env.cr.fetchall())

    def _get_reviewed_segments(self):
        return self.env["customer.segment"].search(
            [
                ("is_revenue_reviewed", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            order="sequence desc, revenue_threshold desc, id",
        )

    def _get_last_invoice_by_customer(self, customers):
        """``{commercial_partner_id: last posted customer invoice date}``."""
        company = self._review_company()
        self.env["account.move"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT m.commercial_partner_id, max(m.invoice_date)
                  FROM account_move m
                 WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
                   AND m.company_id = %s
                   AND m.invoice_date < %s
                   AND m.commercial_partner_id = ANY(%s)
                 GROUP BY m.commercial_partner_id
                """,
                company.id,
                self.review_date,
                customers.ids,
            )
        )
        return dict(self.env.cr.fetchall())

    def _lost_customer_lines(self, customers):
        """Proposals of the customers billed nothing for longer than their
        segment's inactivity window, with the evidence."""
        watched = customers.filtered("customer_segment_id.lost_inactivity_days")
        last_invoice = self._get_last_invoice_by_customer(watched)
        losses = self.env["customer.lost.service"].search(
            [
                ("partner_id", "in", watched.ids),
                ("company_id", "=", self.company_id.id),
                ("state", "=", "lost"),
            ]
        )
        unknown = self.env.ref(
            "customer_loyalty.customer_lost_reason_unknown", raise_if_not_found=False
        )
        lines = {}
        for customer in watched:
            last = last_invoice.get(customer.id)
            window = customer.customer_segment_id.lost_inactivity_days
            if not last or (self.review_date - last).days <= window:
                continue
            lost = losses.filtered(lambda loss, c=customer: loss.partner_id == c)
            evidence = self.env._(
                "Last invoice on %(date)s (%(days)s days ago, window %(window)s days).",
                date=last,
                days=(self.review_date - last).days,
                window=window,
            )
            if lost:
                evidence += " " + self.env._(
                    "Services lost: %(services)s.",
                    services=", ".join(lost.product_id.mapped("display_name")),
                )
            lines[customer.id] = {
                "kind": "lost",
                "partner_id": customer.id,
                "current_segment_id": customer.customer_segment_id.id,
                "last_invoice_date": last,
                "lost_service_count": len(lost),
                "evidence": evidence,
                "lost_reason_id": unknown.id if unknown else False,
            }
        return lines

    def action_propose(self):
        self.ensure_one()
        check_loyalty_group(self.env, MANAGER_GROUP)
        company = self._review_company()
        segments = self._get_reviewed_segments()
        if not segments:
            raise UserError(
                self.env._(
                    "No segment takes part in the revenue review. Tick "
                    "'In Revenue Review' on the segments to compare."
                )
            )
        revenue = self._get_revenue_by_customer()
        customers = self.env["res.partner"].search(
            [
                ("is_segment_holder", "=", True),
                ("company_id", "in", [company.id, False]),
                "|",
                ("customer_segment_id", "in", segments.ids),
                ("id", "in", list(revenue)),
            ]
        )
        lost_lines = self._lost_customer_lines(customers)
        lines = list(lost_lines.values())
        for customer in customers:
            if customer.id in lost_lines:
                continue
            current = customer.customer_segment_id
            if current and current not in segments:
                continue
            amount = revenue.get(customer.id, 0.0)
            proposed = next(
                (s for s in segments if amount >= s.revenue_threshold), segments[-1]
            )
            if proposed != current:
                lines.append(
                    {
                        "partner_id": customer.id,
                        "current_segment_id": current.id,
                        "proposed_segment_id": proposed.id,
                        "revenue": amount,
                    }
                )
        self.line_ids.unlink()
        self.write(
            {
                "line_ids": [fields.Command.create(vals) for vals in lines],
                "state": "proposed",
            }
        )
        return self._reopen()

    def action_accept_all(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.line_ids.decision = "accept"
        return self._reopen()

    def action_reject_all(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.line_ids.decision = "reject"
        return self._reopen()

    def action_apply(self):
        self.ensure_one()
        check_loyalty_group(self.env, MANAGER_GROUP)
        self._review_company()
        if self.state != "proposed":
            raise UserError(self.env._("Compute the proposals before applying them."))
        accepted = self.line_ids.filtered(lambda line: line.decision == "accept")
        if not accepted:
            raise UserError(
                self.env._(
                    "No proposal is accepted: accept at least one line, or "
                    "close the review."
                )
            )
        # the manager's right was checked above: applied as superuser so the
        # history takes the review's date
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(segment_change_date=self.review_date)
        )
        lost = accepted.filtered(lambda line: line.kind == "lost")
        missing = lost.filtered(lambda line: not line.lost_reason_id)
        if missing:
            raise UserError(
                self.env._(
                    "Give a lost reason for %(customers)s before applying.",
                    customers=", ".join(missing.partner_id.mapped("display_name")),
                )
            )
        for line in lost:
            segment = line.partner_id.customer_segment_id
            partners.browse(line.partner_id.id).customer_segment_id = False
            period = self.env["customer.segment.history"].search(
                [
                    ("partner_id", "=", line.partner_id.id),
                    ("segment_id", "=", segment.id),
                    ("date_to", "=", self.review_date),
                ],
                limit=1,
            )
            period.write(
                {"lost_reason_id": line.lost_reason_id.id, "lost_note": line.lost_note}
            )
        accepted -= lost
        for segment in accepted.proposed_segment_id:
            lines = accepted.filtered(
                lambda line, s=segment: line.proposed_segment_id == s
            )
            partners.browse(lines.partner_id.ids).write(
                {"customer_segment_id": segment.id}
            )
        self.state = "done"
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Segment Review"),
        }


class CustomerSegmentReviewLine(models.TransientModel):
    _name = "customer.segment.review.line"
    _description = "Customer Segment Review Proposal"
    _order = "revenue desc, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        "customer.segment.review", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="review_id.company_id")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, check_company=True
    )
    current_segment_id = fields.Many2one("customer.segment", check_company=True)
    kind = fields.Selection(
        [("segment", "Segment change"), ("lost", "Lost customer")],
        default="segment",
        required=True,
    )
    proposed_segment_id = fields.Many2one("customer.segment", check_company=True)
    last_invoice_date = fields.Date(string="Last Invoice")
    lost_service_count = fields.Integer(string="Services Lost")
    evidence = fields.Char(help="Why the customer is proposed as lost.")
    lost_reason_id = fields.Many2one("customer.lost.reason", check_company=True)
    lost_note = fields.Text()
    currency_id = fields.Many2one(related="review_id.currency_id")
    revenue = fields.Monetary(
        string="Revenue (12 months)", currency_field="currency_id"
    )
    direction = fields.Selection(
        [("up", "Upgrade"), ("down", "Downgrade"), ("lost", "Lost")],
        compute="_compute_direction",
    )
    decision = fields.Selection(
        [("pending", "To Decide"), ("accept", "Accepted"), ("reject", "Rejected")],
        default="pending",
        required=True,
    )

    @api.constrains("kind", "proposed_segment_id")
    def _check_proposed_segment(self):
        for line in self:
            if line.kind == "segment" and not line.proposed_segment_id:
                raise ValidationError(
                    self.env._(
                        "The proposal for %(customer)s needs a segment.",
                        customer=line.partner_id.display_name,
                    )
                )

    @api.depends("current_segment_id", "proposed_segment_id", "kind")
    def _compute_direction(self):
        for line in self:
            if line.kind == "lost":
                line.direction = "lost"
                continue
            current_level = (
                line.current_segment_id.sequence if line.current_segment_id else -1
            )
            line.direction = (
                "up" if line.proposed_segment_id.sequence > current_level else "down"
            )

    def action_accept(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.decision = "accept"
        return self.review_id._reopen()

    def action_reject(self):
        check_loyalty_group(self.env, MANAGER_GROUP)
        self.decision = "reject"
        return self.review_id._reopen()
