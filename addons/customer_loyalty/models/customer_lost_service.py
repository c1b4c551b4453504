from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .table_stats import analyze_if_stale

# billing history read to learn a service's cadence: two yearly invoices
# and the gap between them fit in it
HISTORY_MONTHS = 36
# gaps (in months) the usual interval is the median of: the last year of a
# monthly service, the last dozen invoices of any other
LEARNED_GAPS = 12

CADENCES = [
    ("monthly", "Monthly"),
    ("bimonthly", "Every Two Months"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
    ("irregular", "Irregular"),
]


class CustomerLostService(models.Model):
    """One row per service (customer and product) that a customer stopped
    buying, whatever detected it.

    Contract with the sources of losses:

    * ``source`` tells who detected the loss. This addon ships ``invoice``:
      the daily snapshot cron learns the usual billing interval of each
      customer and product from its posted invoices and records a loss when
      the next expected invoice is overdue beyond the company's grace. Other
      addons add their own value with ``selection_add`` (the contract bridge
      adds ``contract``: a contract line ended) and create their rows
      themselves, with ``partner_id`` the commercial entity, ``product_id``,
      ``last_billed_date`` (last date the service was billed or covered) and
      ``lost_date``.
    * The same loss is never recorded twice: a customer, company, product,
      source and last billed date identify it (SQL unique constraint), so a
      detector that runs twice creates nothing the second time.
    * Whatever the source, the snapshot's lost and recovered service counts,
      the lost-service activity for the segment manager (one per row, never
      twice: ``is_notified``) and the customer health score read this model.
    * A loss is recovered (``state``, ``recovered_date``) when the product is
      billed to the customer again: after ``last_billed_date`` for a loss of
      the billing cadence, after ``lost_date`` for the other sources (a
      contract may be invoiced after its end). The snapshot cron marks it
      for every source.
    """

    _name = "customer.lost.service"
    _description = "Lost Customer Service"
    _order = "lost_date desc, id desc"
    _rec_name = "product_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_segment_holder', '=', True)]",
        help="Commercial entity (company or individual) that stopped buying.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service",
        required=True,
        ondelete="cascade",
        check_company=True,
    )
    product_categ_id = fields.Many2one(
        "product.category",
        string="Product Family",
        compute="_compute_product_categ_id",
        store=True,
        precompute=True,
        readonly=False,
        help="Family (product category) of the service when it was lost.",
    )
    customer_segment_id = fields.Many2one(
        "customer.segment",
        string="Segment",
        compute="_compute_customer_segment_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        help="Segment of the customer when the service was lost.",
        check_company=True,
    )
    source = fields.Selection(
        [("invoice", "Billing cadence")],
        required=True,
        default="invoice",
        help="What detected the loss.",
    )
    cadence = fields.Selection(
        CADENCES,
        default="irregular",
        required=True,
        help="Usual billing interval of the service, learned from its history.",
    )
    last_billed_date = fields.Date(
        required=True,
        help="Date of the last invoice of the service (or end of the period it "
        "covered).",
    )
    expected_date = fields.Date(
        help="Date the next invoice was expected at the usual interval.",
    )
    lost_date = fields.Date(
        required=True,
        index=True,
        help="Date the service was considered lost (expected date plus grace).",
    )
    state = fields.Selection(
        [("lost", "Lost"), ("recovered", "Recovered")],
        default="lost",
        required=True,
        index=True,
    )
    recovered_date = fields.Date(
        help="Date of the first invoice of the service after it was lost.",
    )
    activity_id = fields.Many2one(
        "mail.activity",
        string="Follow-up Activity",
        ondelete="set null",
        readonly=True,
        help="Activity planned for the segment manager.",
    )
    is_notified = fields.Boolean(
        readonly=True,
        help="The segment manager was given an activity for this loss; it is "
        "kept once the activity is done, so none is planned twice.",
    )

    _sql_constraints = [
        (
            "loss_uniq",
            "UNIQUE (partner_id, company_id, product_id, source, last_billed_date)",
            "This loss of service is already recorded.",
        ),
    ]

    @api.depends("product_id")
    def _compute_product_categ_id(self):
        for loss in self:
            loss.product_categ_id = loss.product_id.categ_id

    @api.depends("partner_id", "company_id")
    def _compute_customer_segment_id(self):
        for loss in self:
            loss.customer_segment_id = (
                loss.partner_id.commercial_partner_id.customer_segment_id._of_company(
                    loss.company_id
                )
            )

    @api.constrains("partner_id")
    def _check_partner(self):
        for loss in self:
            if loss.partner_id != loss.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Record the lost service on %(entity)s, the commercial "
                        "entity of %(contact)s.",
                        entity=loss.partner_id.commercial_partner_id.display_name,
                        contact=loss.partner_id.display_name,
                    )
                )

    @api.constrains("last_billed_date", "lost_date", "recovered_date", "state")
    def _check_dates(self):
        for loss in self:
            if loss.lost_date < loss.last_billed_date:
                raise ValidationError(
                    self.env._(
                        "The service %(service)s of %(customer)s cannot be lost "
                        "before it was last billed (%(billed)s).",
                        service=loss.product_id.display_name,
                        customer=loss.partner_id.display_name,
                        billed=loss.last_billed_date,
                    )
                )
            if loss.state == "recovered" and not loss.recovered_date:
                raise ValidationError(
                    self.env._(
                        "Give the date the service %(service)s of %(customer)s was "
                        "billed again to mark it recovered.",
                        service=loss.product_id.display_name,
                        customer=loss.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Detection from the billing cadence (called by the snapshot cron)
    # ------------------------------------------------------------------
    @api.model
    def _detect_from_invoices(self, today=None):
        """Record the services whose next invoice is overdue beyond the
        company's grace, and mark recovered the losses billed again.

        For each customer, company and product, the months it was billed
        (posted customer invoices of the last ``HISTORY_MONTHS``) give the
        gaps between invoices; the median of the last ``LEARNED_GAPS`` is the
        usual interval: 1 month is monthly, 2 bimonthly, 3 quarterly, 11-13
        yearly; any other median is irregular and waits for the longest gap
        seen. A service billed once has no interval and is never lost.
        Set-based: one INSERT ... ON CONFLICT DO NOTHING (the unique
        constraint makes a second run create nothing) and one UPDATE.

        Returns the ``(partner_id, month, company_id)`` whose snapshot
        changed: the months of the losses and recoveries recorded.
        """
        today = today or fields.Date.context_today(self)
        companies = self.env["res.company"].sudo().search([]).ids
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                WITH billed AS (
                    SELECT m.company_id, m.commercial_partner_id AS partner_id,
                           aml.product_id,
                           date_trunc('month', m.date)::date AS month,
                           max(m.date) AS last_day
                      FROM account_move m
                      JOIN account_move_line aml
                        ON aml.move_id = m.id AND aml.display_type = 'product'
                     WHERE m.company_id = ANY(%(companies)s)
                       AND m.state = 'posted' AND m.move_type = 'out_invoice'
                       AND m.commercial_partner_id IS NOT NULL
                       AND aml.product_id IS NOT NULL
                       AND m.date > %(start)s AND m.date <= %(today)s
                     GROUP BY 1, 2, 3, 4
                ), gaps AS (
                    SELECT company_id, partner_id, product_id, last_day,
                           (extract(year FROM age(month, lag(month) OVER w)) * 12
                            + extract(month FROM age(month, lag(month) OVER w)))::int
                               AS gap,
                           row_number() OVER (
                               PARTITION BY company_id, partner_id, product_id
                               ORDER BY month DESC) AS rn
                      FROM billed
                    WINDOW w AS (PARTITION BY company_id, partner_id, product_id
                                 ORDER BY month)
                ), service AS (
                    SELECT company_id, partner_id, product_id,
                           max(last_day) AS last_billed,
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY gap)
                               FILTER (WHERE rn <= %(learned)s) AS usual,
                           max(gap) FILTER (WHERE rn <= %(learned)s) AS longest
                      FROM gaps
                     GROUP BY 1, 2, 3
                    HAVING count(gap) > 0
                ), cadence AS (
                    SELECT s.*,
                           CASE WHEN usual = 1 THEN 'monthly'
                                WHEN usual = 2 THEN 'bimonthly'
                                WHEN usual = 3 THEN 'quarterly'
                                WHEN usual BETWEEN 11 AND 13 THEN 'yearly'
                                ELSE 'irregular' END AS cadence,
                           CASE WHEN usual IN (1, 2, 3) THEN usual
                                WHEN usual BETWEEN 11 AND 13 THEN 12
                                ELSE longest END AS months
                      FROM service s
                ), due AS (
                    SELECT c.*,
                           (c.last_billed + make_interval(months => c.months))::date
                               AS expected,
                           coalesce(co.loyalty_lost_grace_days, 0) AS grace
                      FROM cadence c
                      JOIN res_company co ON co.id = c.company_id
                )
                INSERT INTO customer_lost_service AS l
                    (partner_id, company_id, product_id, product_categ_id,
                     customer_segment_id, source, cadence, last_billed_date,
                     expected_date, lost_date, state, is_notified,
                     create_uid, create_date, write_uid, write_date)
                SELECT d.partner_id, d.company_id, d.product_id, pt.categ_id,
                       p.customer_segment_id, 'invoice', d.cadence, d.last_billed,
                       d.expected, d.expected + d.grace, 'lost', false,
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM due d
                  JOIN res_partner p ON p.id = d.partner_id
                  JOIN product_product pp ON pp.id = d.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE d.expected + d.grace <= %(today)s
                ON CONFLICT (partner_id, company_id, product_id, source,
                             last_billed_date) DO NOTHING
             RETURNING l.partner_id, date_trunc('month', l.lost_date)::date,
                       l.company_id
                """,
                companies=companies,
                start=today - relativedelta(months=HISTORY_MONTHS),
                today=today,
                learned=LEARNED_GAPS + 1,
                uid=self.env.uid,
            )
        )
        inserted = cr.rowcount
        pairs = set(cr.fetchall())
        # the first detection on a live database inserts thousands of losses
        # into a table PostgreSQL believes empty: the UPDATE below, planned on
        # that, joined every loss with the invoices row by row (6 minutes at
        # 100,000 customers instead of 0.3 s)
        analyze_if_stale(self.env, self._table, inserted)
        cr.execute(
            SQL(
                """
                UPDATE customer_lost_service l
                   SET state = 'recovered', recovered_date = r.first_day,
                       write_uid = %(uid)s,
                       write_date = now() at time zone 'UTC'
                  FROM (
                    SELECT l.id, min(m.date) AS first_day
                      FROM customer_lost_service l
                      JOIN account_move m
                        ON m.commercial_partner_id = l.partner_id
                       AND m.company_id = l.company_id
                       AND m.state = 'posted' AND m.move_type = 'out_invoice'
                       AND m.date > CASE WHEN l.source = 'invoice'
                                         THEN l.last_billed_date
                                         ELSE l.lost_date END
                       AND m.date <= %(today)s
                      JOIN account_move_line aml
                        ON aml.move_id = m.id AND aml.display_type = 'product'
                       AND aml.product_id = l.product_id
                     WHERE l.state = 'lost' AND l.company_id = ANY(%(companies)s)
                     GROUP BY l.id
                  ) r
                 WHERE l.id = r.id
             RETURNING l.id, l.partner_id, date_trunc('month', r.first_day)::date,
                       l.company_id
                """,
                companies=companies,
                today=today,
                uid=self.env.uid,
            )
        )
        recovered = cr.fetchall()
        pairs |= {
            (partner, month, company) for __, partner, month, company in recovered
        }
        self.invalidate_model()
        self.browse([row[0] for row in recovered])._close_activities()
        return pairs

    @api.model
    def _changed_pairs(self, since):
        """``(partner_id, month, company_id)`` of the losses and recoveries
        written after ``since`` by anything but the detection of this run
        (another addon, a manager): the snapshot months they fall in."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, date_trunc('month', lost_date)::date, company_id
                  FROM customer_lost_service WHERE write_date > %(since)s
                UNION
                SELECT partner_id, date_trunc('month', recovered_date)::date,
                       company_id
                  FROM customer_lost_service
                 WHERE write_date > %(since)s AND recovered_date IS NOT NULL
                """,
                since=since,
            )
        )
        return self.env.cr.fetchall()

    def _close_activities(self):
        """The follow-up of a recovered service is done: billing resumed."""
        for loss in self.filtered("activity_id"):
            loss.activity_id.sudo().action_feedback(
                feedback=self.env._(
                    "Billing resumed on %(date)s.", date=loss.recovered_date
                )
            )

    @api.model
    def _notify_losses(self):
        """One activity for the segment manager per loss, never twice
        (``is_notified`` stays when the activity is done or deleted)."""
        losses = self.search(
            [
                ("state", "=", "lost"),
                ("is_notified", "=", False),
                ("customer_segment_id.manager_id", "!=", False),
            ]
        )
        if not losses:
            return losses
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        pending = []
        for loss in losses:
            vals = {
                "res_model_id": model_id,
                "res_id": loss.partner_id.id,
                "activity_type_id": activity_type.id,
                "user_id": loss.customer_segment_id.manager_id.id,
                "date_deadline": fields.Date.context_today(self),
                "summary": self.env._(
                    "Lost service: %(service)s", service=loss.product_id.display_name
                ),
                "note": self.env._(
                    "%(customer)s was billed %(service)s %(cadence)s until "
                    "%(last)s; the invoice expected on %(expected)s did not come. "
                    "Call the customer to learn why.",
                    customer=loss.partner_id.display_name,
                    service=loss.product_id.display_name,
                    cadence=dict(
                        self._fields["cadence"]._description_selection(self.env)
                    )[loss.cadence].lower(),
                    last=loss.last_billed_date,
                    expected=loss.expected_date or loss.lost_date,
                ),
            }
            pending.append((loss, vals))
        # one create per round of distinct customers: mail subscribes the
        # assignee once per record and fails on duplicates within one batch
        while pending:
            seen, batch, rest = set(), [], []
            for loss, vals in pending:
                (rest if vals["res_id"] in seen else batch).append((loss, vals))
                seen.add(vals["res_id"])
            # in their activities, without one e-mail each
            activities = (
                self.env["mail.activity"]
                .sudo()
                .with_context(mail_activity_quick_update=True)
                .create([v for __, v in batch])
            )
            for (loss, __), activity in zip(batch, activities, strict=True):
                loss.write({"activity_id": activity.id, "is_notified": True})
            pending = rest
        return losses
