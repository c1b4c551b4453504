from odoo import api, fields, models
from odoo.tools import SQL


class CustomerSegmentSnapshot(models.Model):
    """The customer monthly snapshots added up by segment and month: revenue,
    customers, new and lost customers, lost services, tickets, health.

    The pivot of segments by month reads a few rows per month here instead of
    one row per customer and month (a million at 100,000 customers over 10
    months). Rebuilt by :meth:`_refresh_months` for the months the snapshot
    refresh touches, in the same transaction (no cron of its own).
    """

    _name = "customer.segment.snapshot"
    _inherit = ["customer.monthly.report"]
    _description = "Segment Monthly Snapshot"
    _order = "month desc, customer_segment_id"
    _rec_name = "month"
    # the health of a segment over several rows is the average of its
    # customers' scores, not an average of monthly averages
    _weighted_averages = {"health_score": ("health_score_sum", "health_scored_count")}

    month = fields.Date(readonly=True, index=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    customer_segment_id = fields.Many2one(
        "customer.segment", string="Segment", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    revenue = fields.Monetary(readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    new_count = fields.Integer(string="New Customers", readonly=True)
    lost_count = fields.Integer(string="Stopped Buying", readonly=True)
    lost_product_count = fields.Integer(string="Lost Services", readonly=True)
    ticket_count = fields.Integer(string="Tickets Opened", readonly=True)
    health_score = fields.Float(
        aggregator="avg",
        digits=(16, 1),
        readonly=True,
        help="Average health score (0-100) of the segment's scored customers.",
    )
    health_score_sum = fields.Float(string="Health Points", readonly=True)
    health_scored_count = fields.Integer(string="Customers Scored", readonly=True)
    health_at_risk_count = fields.Integer(string="Customers at Risk", readonly=True)

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_segment_snapshot_month_segment_idx"
                " ON customer_segment_snapshot (month, customer_segment_id)"
            )
        )

    @api.model
    def _refresh_months(self, months=None):
        """Rebuild the rows of ``months`` (first days of month), or all rows,
        from ``customer_partner_snapshot`` in one DELETE and one INSERT."""
        if months is not None and not months:
            return
        self.env["customer.partner.snapshot"].flush_model()
        cr = self.env.cr
        months = self._delete_months(months)
        if months is None:
            where = SQL()
        else:
            where = SQL("WHERE s.month = ANY(%s)", months)
        cr.execute(
            SQL(
                """
                INSERT INTO customer_segment_snapshot
                    (month, company_id, customer_segment_id, revenue,
                     customer_count, new_count, lost_count, lost_product_count,
                     ticket_count, health_score, health_score_sum,
                     health_scored_count, health_at_risk_count,
                     create_uid, create_date, write_uid, write_date)
                SELECT s.month, s.company_id, s.customer_segment_id,
                       sum(s.revenue), count(*) FILTER (WHERE s.product_count > 0),
                       count(*) FILTER (WHERE s.is_new),
                       count(*) FILTER (WHERE s.is_lost),
                       sum(s.lost_product_count), sum(s.ticket_count),
                       avg(s.health_score), sum(s.health_score),
                       count(s.health_score),
                       count(*) FILTER (WHERE s.is_health_at_risk),
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM customer_partner_snapshot s
                  %(where)s
                 GROUP BY s.month, s.company_id, s.customer_segment_id
                """,
                uid=self.env.uid,
                where=where,
            )
        )
        self.invalidate_model()
