from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CustomerSegmentHistory(models.Model):
    """Periods during which a customer (commercial entity) was in a segment.

    A period covers the days ``date_from <= day < date_to``: ``date_to`` is the
    day the next period starts (empty while the period is open). Periods of one
    customer never overlap, so "the segment of a customer at date D" has one
    answer, and entries into / exits from a segment can be counted for any past
    range. Rows are written by ``res.partner`` whenever
    ``customer_segment_id`` changes (form, import, batch write, segment review)
    with set-based SQL, see :meth:`_record_segment_change`.
    """

    _name = "customer.segment.history"
    _description = "Customer Segment Period"
    _order = "partner_id, date_from desc, id desc"
    _rec_name = "segment_id"

    # no single-column index on partner_id / segment_id: the (partner, dates)
    # and (segment, dates) indexes of init() lead with them and serve the same
    # lookups, and every index costs on each row a segment change writes
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
    )
    segment_id = fields.Many2one(
        "customer.segment",
        required=True,
        ondelete="restrict",
    )
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(
        string="Until",
        index="btree_not_null",
        help="First day the customer was no longer in this segment. Empty "
        "while the customer is still in it.",
    )
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", search="_search_is_current"
    )
    company_id = fields.Many2one(
        related="partner_id.company_id", string="Company", store=True
    )
    lost_reason_id = fields.Many2one(
        "customer.lost.reason",
        index="btree_not_null",
        ondelete="restrict",
        help="Why the customer was lost, when the period closed because the "
        "customer left (accepted lost-customer proposal of the segment review).",
    )
    lost_note = fields.Text(help="What the customer said, what was tried.")

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_segment_history_partner_dates_idx"
                " ON customer_segment_history (partner_id, date_from, date_to)"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_segment_history_segment_dates_idx"
                " ON customer_segment_history (segment_id, date_from, date_to)"
            )
        )
        # the snapshots relabel the customers whose history was written since
        # their last refresh
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS customer_segment_history_write_date_idx"
                " ON customer_segment_history (write_date)"
            )
        )

    def _compute_is_current(self):
        for period in self:
            period.is_current = not period.date_to

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(self.env._("Unsupported search on Current."))
        current = (operator == "=") == bool(value)
        return [("date_to", "=" if current else "!=", False)]

    @api.constrains("date_from", "date_to")
    def _check_dates_ordered(self):
        for period in self:
            if period.date_to and period.date_to <= period.date_from:
                raise ValidationError(
                    self.env._(
                        "The segment period %(period)s of %(partner)s ends before "
                        "it starts: the Until date must be after the From date.",
                        period=period._period_label(),
                        partner=period.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id", "date_from", "date_to")
    def _check_no_overlap(self):
        self.flush_model(["partner_id", "date_from", "date_to"])
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id, b.id
                  FROM customer_segment_history a
                  JOIN customer_segment_history b
                    ON b.partner_id = a.partner_id
                   AND b.id != a.id
                   AND daterange(a.date_from, a.date_to)
                       && daterange(b.date_from, b.date_to)
                 WHERE a.id IN %s
                 LIMIT 1
                """,
                tuple(self.ids),
            )
        )
        row = self.env.cr.fetchone()
        if row:
            first, second = self.browse(row)
            raise ValidationError(
                self.env._(
                    "The segment periods of %(partner)s overlap: %(first)s and "
                    "%(second)s. A customer can be in one segment at a time: "
                    "adjust the dates From / Until.",
                    partner=first.sudo().partner_id.display_name,
                    first=first._period_label(),
                    second=second._period_label(),
                )
            )

    def _period_label(self):
        """The period in a message for the current user: read whatever its
        company, but a segment of a company the user is not in stays
        unnamed."""
        self.ensure_one()
        period = self.sudo()
        return "%s (%s - %s)" % (
            self.env["customer.segment"]._name_for_user(period.segment_id),
            period.date_from,
            period.date_to or "...",
        )

    # ------------------------------------------------------------------
    # Writing history (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _record_segment_change(self, partner_ids, segment_id, change_date):
        """Close the open periods of ``partner_ids`` and open one in ``segment_id``.

        Runs a fixed number of queries whatever the number of partners:
        periods opened on ``change_date`` itself are dropped (a same-day
        correction replaces them), open periods are closed at ``change_date``,
        a period of the same segment closed that very day is reopened, and a
        new period is inserted for the remaining partners. ``segment_id`` False
        only closes the periods.
        """
        if not partner_ids:
            return
        self.env.flush_all()
        cr = self.env.cr
        ids = list(partner_ids)
        cr.execute(
            SQL(
                "DELETE FROM customer_segment_history"
                " WHERE partner_id = ANY(%s) AND date_to IS NULL AND date_from >= %s",
                ids,
                change_date,
            )
        )
        cr.execute(
            SQL(
                "UPDATE customer_segment_history SET date_to = %s,"
                " write_uid = %s, write_date = now() at time zone 'UTC'"
                " WHERE partner_id = ANY(%s) AND date_to IS NULL",
                change_date,
                self.env.uid,
                ids,
            )
        )
        if segment_id:
            cr.execute(
                SQL(
                    "UPDATE customer_segment_history SET date_to = NULL,"
                    " write_uid = %s, write_date = now() at time zone 'UTC'"
                    " WHERE partner_id = ANY(%s) AND date_to = %s AND segment_id = %s"
                    " RETURNING partner_id",
                    self.env.uid,
                    ids,
                    change_date,
                    segment_id,
                )
            )
            reopened = {row[0] for row in cr.fetchall()}
            to_open = [pid for pid in ids if pid not in reopened]
            if to_open:
                cr.execute(
                    SQL(
                        """
                        INSERT INTO customer_segment_history
                            (partner_id, segment_id, date_from, company_id,
                             create_uid, create_date, write_uid, write_date)
                        SELECT p.id, %s, %s, p.company_id,
                               %s, now() at time zone 'UTC',
                               %s, now() at time zone 'UTC'
                          FROM res_partner p
                         WHERE p.id = ANY(%s)
                        """,
                        segment_id,
                        change_date,
                        self.env.uid,
                        self.env.uid,
                        to_open,
                    )
                )
        self.invalidate_model()

    # ------------------------------------------------------------------
    # Questions about the past (one query each)
    # ------------------------------------------------------------------
    @api.model
    def _company_segments_clause(self):
        """SQL condition keeping the history rows whose segment is shared or
        of one of the companies the user works in."""
        allowed = self.env.context.get("allowed_company_ids")
        companies = (
            SQL("%s", list(allowed))
            if allowed
            else SQL(
                "ARRAY(SELECT cid FROM res_company_users_rel WHERE user_id = %s)",
                self.env.uid,
            )
        )
        # in the query, not from the environment: one query per question
        return SQL(
            "segment_id IN (SELECT id FROM customer_segment"
            " WHERE company_id IS NULL OR company_id = ANY(%s))",
            companies,
        )

    @api.model
    def _get_segments_at(self, partner_ids, date):
        """Return ``{partner_id: segment_id}`` of the given customers at ``date``.

        Customers that were in no segment that day are left out.
        """
        if not partner_ids:
            return {}
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, segment_id FROM customer_segment_history"
                " WHERE partner_id = ANY(%s) AND date_from <= %s"
                " AND (date_to IS NULL OR date_to > %s) AND %s",
                list(partner_ids),
                date,
                date,
                self._company_segments_clause(),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _count_customers_at(self, date, segment_ids=None):
        """Return ``{segment_id: number of customers}`` in the segments at ``date``."""
        self.flush_model()
        segment_clause = (
            SQL(" AND segment_id = ANY(%s)", list(segment_ids))
            if segment_ids is not None
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                "SELECT segment_id, count(DISTINCT partner_id)"
                " FROM customer_segment_history"
                " WHERE date_from <= %s AND (date_to IS NULL OR date_to > %s)%s"
                " AND %s GROUP BY segment_id",
                date,
                date,
                segment_clause,
                self._company_segments_clause(),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _get_segment_moves(self, segment_id, date_from, date_to):
        """Entries into and exits from a segment between two dates (inclusive).

        A customer enters the segment the day a period of it starts and exits
        the day its period ends (``date_to``), whether it moved to another
        segment or left the segments altogether. Returns a dict with the keys
        ``entries``, ``exits`` (counts) and ``entry_partner_ids``,
        ``exit_partner_ids``.
        """
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT
                    count(*) FILTER (WHERE date_from BETWEEN %(d1)s AND %(d2)s),
                    count(*) FILTER (WHERE date_to BETWEEN %(d1)s AND %(d2)s),
                    coalesce(array_agg(DISTINCT partner_id)
                        FILTER (WHERE date_from BETWEEN %(d1)s AND %(d2)s), '{}'),
                    coalesce(array_agg(DISTINCT partner_id)
                        FILTER (WHERE date_to BETWEEN %(d1)s AND %(d2)s), '{}')
                  FROM customer_segment_history
                 WHERE segment_id = %(segment)s AND %(companies)s
                   AND (date_from BETWEEN %(d1)s AND %(d2)s
                        OR date_to BETWEEN %(d1)s AND %(d2)s)
                """,
                d1=date_from,
                d2=date_to,
                segment=segment_id,
                companies=self._company_segments_clause(),
            )
        )
        entries, exits, entry_ids, exit_ids = self.env.cr.fetchone()
        return {
            "entries": entries,
            "exits": exits,
            "entry_partner_ids": entry_ids,
            "exit_partner_ids": exit_ids,
        }
