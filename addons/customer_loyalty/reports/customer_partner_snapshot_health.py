from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.customer_revenue import revenue_lines
from ..models.res_company import HEALTH_WEIGHTS

HEALTH_PARAM = "customer_loyalty.health_refreshed_on"
# a survey sent this many days ago and still unanswered counts as unanswered
SURVEY_ANSWER_DAYS = 14


class CustomerPartnerSnapshot(models.Model):
    """The customer health score, kept month by month: the row of a month
    holds the last score computed in it (the daily cron rewrites the current
    month's row), its factors and whether the segment manager was alerted."""

    _inherit = "customer.partner.snapshot"

    health_score = fields.Integer(
        readonly=True,
        aggregator="avg",
        help="Customer health (0-100, 100 healthy) at the end of the month, or "
        "today for the current month.",
    )
    health_factors = fields.Json(
        readonly=True,
        help="Value and points taken off of each health factor.",
    )
    is_health_at_risk = fields.Boolean(
        string="At Risk",
        readonly=True,
        help="Health score below the threshold of the customer's segment.",
    )
    is_health_alerted = fields.Boolean(
        readonly=True,
        help="The segment manager got an activity for this month's health.",
    )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def _health_sql(self, today, partner_ids=None):
        """One set-based query: the factors, points and score of every
        customer with a segment (or of ``partner_ids``) as of ``today``,
        into the temporary table ``customer_health_new``.

        Windows: the 12 months up to today (W) and the 12 months before (P).
        Points taken off, each at most the factor's weight (per company):

        * revenue trend: weight x min(max(-change %, 0) / 50, 1), change of
          the revenue of W against P (none when P has no revenue);
        * lost services: weight x min(services still lost, lost in W / 2, 1);
        * complaints: weight x min((complaints of W + those still open) / 4, 1);
        * satisfaction: weight x (10 - last overall score of W) / 10;
        * recommendation: the weight when the last answer of W is "no";
        * late tickets: weight x min(% tickets of W closed after their
          resolution deadline, or open past it, / 50, 1);
        * contacts per ticket: weight x min(max(average - 1, 0) / 2, 1);
        * unanswered surveys: weight x % of surveys sent in W (at least
          ``SURVEY_ANSWER_DAYS`` ago) left unanswered / 100;
        * overdue debt: weight x min(overdue amount / a month of revenue, 1).

        Score = 100 - sum of points, rounded. Survey answers of
        improvement-group participants are never customer answers.
        """
        companies = self.env["res.company"].sudo().search([], order="id")
        w_start = today - relativedelta(months=12)
        p_start = today - relativedelta(months=24)
        end = today + relativedelta(days=1)
        partner_clause = (
            SQL(" AND p.id = ANY(%s)", list(partner_ids))
            if partner_ids is not None
            else SQL()
        )
        weights = SQL(", ").join(
            SQL("co.%s AS %s", SQL.identifier(field), SQL.identifier(f"w_{key}"))
            for key, (field, __) in HEALTH_WEIGHTS.items()
        )
        # the customers first, in a table of their own: with their real count
        # known, the planner joins the factors by hash instead of looping
        self.env.cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS customer_health_cust;
                CREATE TEMP TABLE customer_health_cust ON COMMIT DROP AS
                SELECT * FROM (
                    SELECT p.id AS partner_id,
                           coalesce(seg.company_id, p.company_id, %(default)s)
                               AS company_id,
                           p.customer_segment_id AS segment_id,
                           seg.health_threshold AS threshold
                      FROM res_partner p
                      JOIN customer_segment seg ON seg.id = p.customer_segment_id
                     WHERE p.active AND (p.is_company OR p.parent_id IS NULL)
                           %(partner_clause)s
                ) cust
                 WHERE company_id = ANY(%(companies)s);
                ALTER TABLE customer_health_cust ADD PRIMARY KEY (partner_id);
                ANALYZE customer_health_cust;
                """,
                default=companies[:1].id,
                companies=companies.ids,
                partner_clause=partner_clause,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS customer_health_new;
                CREATE TEMP TABLE customer_health_new ON COMMIT DROP AS
                WITH scoped AS MATERIALIZED (
                    SELECT * FROM customer_health_cust
                ), rev AS (
                    SELECT r.partner_id, r.company_id,
                           sum(r.amount) FILTER (WHERE r.date > %(w_start)s) AS now,
                           sum(r.amount) FILTER (WHERE r.date <= %(w_start)s) AS prev
                      FROM (%(revenue_lines)s) r
                     WHERE r.date > %(p_start)s AND r.date <= %(today)s
                       AND r.partner_id IN (SELECT partner_id FROM scoped)
                     GROUP BY 1, 2
                ), lost AS (
                    SELECT partner_id, company_id, count(*) AS n
                      FROM customer_lost_service
                     WHERE state = 'lost'
                       AND lost_date > %(w_start)s AND lost_date <= %(today)s
                       AND partner_id IN (SELECT partner_id FROM scoped)
                     GROUP BY 1, 2
                ), tk AS (
                    SELECT t.commercial_partner_id AS partner_id, t.company_id,
                           count(*) FILTER (WHERE t.contact_type = 'complaint')
                               AS complaints,
                           count(*) FILTER (WHERE t.contact_type = 'complaint'
                                            AND t.closed_date IS NULL)
                               AS open_complaints,
                           count(*) FILTER (WHERE t.resolution_deadline IS NOT NULL)
                               AS with_deadline,
                           count(*) FILTER (
                               WHERE t.resolution_deadline
                                     < coalesce(t.closed_date, %(now)s))
                               AS late,
                           avg(t.customer_contact_count) AS contacts
                      FROM helpdesk_ticket t
                     WHERE t.create_date > %(w_start)s AND t.create_date < %(end)s
                       AND t.commercial_partner_id IN (SELECT partner_id FROM scoped)
                     GROUP BY 1, 2
                ), answers AS (
                    SELECT ui.*
                      FROM survey_user_input ui
                      JOIN survey_survey s ON s.id = ui.survey_id
                      -- a shared customer answers several companies: only the
                      -- answers given to the company of its segment count
                      JOIN scoped sc ON sc.partner_id = ui.loyalty_customer_id
                     WHERE coalesce(ui.loyalty_company_id, sc.company_id)
                           = sc.company_id
                       AND ui.improvement_project_id IS NULL
                       AND NOT coalesce(ui.test_entry, false)
                       AND %(customer_survey)s
                ), sat AS (
                    SELECT DISTINCT ON (loyalty_customer_id)
                           loyalty_customer_id AS partner_id,
                           loyalty_overall_score AS score
                      FROM answers
                     WHERE state = 'done' AND has_loyalty_overall_score
                       AND end_datetime > %(w_start)s AND end_datetime < %(end)s
                     ORDER BY loyalty_customer_id, end_datetime DESC, id DESC
                ), rec AS (
                    SELECT DISTINCT ON (a.loyalty_customer_id)
                           a.loyalty_customer_id AS partner_id,
                           qa.loyalty_value AS value
                      FROM answers a
                      JOIN survey_user_input_line l ON l.user_input_id = a.id
                      JOIN survey_question q
                        ON q.id = l.question_id AND q.loyalty_measure = 'recommend'
                      JOIN survey_question_answer qa
                        ON qa.id = l.suggested_answer_id
                     WHERE a.state = 'done'
                       AND a.end_datetime > %(w_start)s AND a.end_datetime < %(end)s
                     ORDER BY a.loyalty_customer_id, a.end_datetime DESC, a.id DESC
                ), sent AS (
                    SELECT loyalty_customer_id AS partner_id, count(*) AS sent,
                           count(*) FILTER (WHERE state != 'done') AS unanswered
                      FROM answers
                     WHERE loyalty_sent_date > %(w_start)s
                       AND loyalty_sent_date < %(answer_by)s
                     GROUP BY 1
                ), debt AS (
                    SELECT m.commercial_partner_id AS partner_id, m.company_id,
                           sum(m.amount_residual_signed) AS amount
                      FROM account_move m
                     WHERE m.state = 'posted' AND m.move_type = 'out_invoice'
                       AND m.payment_state IN ('not_paid', 'partial')
                       AND m.invoice_date_due < %(today)s
                       AND m.commercial_partner_id IN (SELECT partner_id FROM scoped)
                     GROUP BY 1, 2
                ), f AS (
                    SELECT c.*,
                           CASE WHEN rev.prev > 0 THEN round(
                               (coalesce(rev.now, 0) - rev.prev) / rev.prev * 100, 1)
                           END AS revenue_trend,
                           coalesce(rev.now, 0) AS revenue,
                           coalesce(lost.n, 0) AS lost_services,
                           coalesce(tk.complaints, 0) AS complaints,
                           coalesce(tk.open_complaints, 0) AS open_complaints,
                           sat.score AS satisfaction,
                           rec.value AS recommendation,
                           CASE WHEN tk.with_deadline > 0 THEN round(
                               100.0 * tk.late / tk.with_deadline, 1) END
                               AS tickets_late,
                           round(tk.contacts, 2) AS contacts,
                           CASE WHEN sent.sent > 0 THEN round(
                               100.0 * sent.unanswered / sent.sent, 1) END
                               AS unanswered_surveys,
                           coalesce(debt.amount, 0) AS overdue_debt
                      FROM (SELECT scoped.*, %(weights)s
                              FROM scoped
                              JOIN res_company co ON co.id = scoped.company_id) c
                      LEFT JOIN rev USING (partner_id, company_id)
                      LEFT JOIN lost USING (partner_id, company_id)
                      LEFT JOIN tk USING (partner_id, company_id)
                      LEFT JOIN sat USING (partner_id)
                      LEFT JOIN rec USING (partner_id)
                      LEFT JOIN sent USING (partner_id)
                      LEFT JOIN debt USING (partner_id, company_id)
                ), pts AS (
                    SELECT f.*,
                      round(w_revenue_trend * least(
                          greatest(-coalesce(revenue_trend, 0), 0) / 50, 1), 1)
                          AS p_revenue_trend,
                      round(w_lost_services * least(lost_services / 2.0, 1), 1)
                          AS p_lost_services,
                      round(w_complaints * least(
                          (complaints + open_complaints) / 4.0, 1), 1)
                          AS p_complaints,
                      round((w_satisfaction * greatest(
                          10 - coalesce(satisfaction, 10), 0) / 10.0)::numeric, 1)
                          AS p_satisfaction,
                      CASE WHEN recommendation = 0
                           THEN w_recommendation ELSE 0 END::numeric
                          AS p_recommendation,
                      round(w_tickets_late * least(
                          coalesce(tickets_late, 0) / 50, 1), 1)
                          AS p_tickets_late,
                      round(w_contacts * least(
                          greatest(coalesce(contacts, 1) - 1, 0) / 2, 1), 1)
                          AS p_contacts,
                      round(w_unanswered_surveys
                          * coalesce(unanswered_surveys, 0) / 100, 1)
                          AS p_unanswered_surveys,
                      round(w_overdue_debt * least(greatest(overdue_debt, 0)
                          / greatest(revenue / 12, 1), 1), 1)
                          AS p_overdue_debt
                      FROM f
                )
                SELECT partner_id, company_id, segment_id, threshold,
                       greatest(0, round(100 - p_revenue_trend - p_lost_services
                           - p_complaints - p_satisfaction - p_recommendation
                           - p_tickets_late - p_contacts - p_unanswered_surveys
                           - p_overdue_debt))::int AS score,
                       jsonb_build_object(
                           'revenue_trend',
                           jsonb_build_array(revenue_trend, p_revenue_trend),
                           'lost_services',
                           jsonb_build_array(lost_services, p_lost_services),
                           'complaints', jsonb_build_array(
                               complaints, p_complaints, open_complaints),
                           'satisfaction',
                           jsonb_build_array(satisfaction, p_satisfaction),
                           'recommendation',
                           jsonb_build_array(recommendation, p_recommendation),
                           'tickets_late',
                           jsonb_build_array(tickets_late, p_tickets_late),
                           'contacts', jsonb_build_array(contacts, p_contacts),
                           'unanswered_surveys', jsonb_build_array(
                               unanswered_surveys, p_unanswered_surveys),
                           'overdue_debt',
                           jsonb_build_array(overdue_debt, p_overdue_debt)
                       ) AS factors
                  FROM pts;
                ALTER TABLE customer_health_new ADD PRIMARY KEY (partner_id);
                ANALYZE customer_health_new;
                """,
                weights=weights,
                today=today,
                end=end,
                now=fields.Datetime.now(),
                revenue_lines=revenue_lines(),
                w_start=w_start,
                p_start=p_start,
                answer_by=today - relativedelta(days=SURVEY_ANSWER_DAYS),
                customer_survey=self.env["survey.survey"]._customer_survey_sql("s"),
            )
        )

    @api.model
    def _refresh_health(self, partner_ids=None, today=None):
        """Score the customers (all with a segment, or ``partner_ids``): the
        current month's snapshot row and the customer keep the score and its
        factors. Returns the number of customers scored."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        self._health_sql(today, partner_ids)
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                INSERT INTO customer_partner_snapshot AS s
                    (partner_id, month, company_id, customer_segment_id, revenue,
                     product_ids, product_count, family_count, ticket_count,
                     complaint_count, survey_count, is_new, is_lost,
                     lost_product_count, recovered_product_count,
                     health_score, health_factors, is_health_at_risk,
                     is_health_alerted, create_uid, create_date, write_uid,
                     write_date)
                SELECT h.partner_id, %(month)s, h.company_id, h.segment_id, 0,
                       '{}', 0, 0, 0, 0, 0, false, false, 0, 0,
                       h.score, h.factors, h.score < h.threshold, false,
                       %(uid)s, now() at time zone 'UTC',
                       %(uid)s, now() at time zone 'UTC'
                  FROM customer_health_new h
                ON CONFLICT (partner_id, month, company_id) DO UPDATE
                   SET health_score = EXCLUDED.health_score,
                       health_factors = EXCLUDED.health_factors,
                       is_health_at_risk = EXCLUDED.is_health_at_risk
                 WHERE s.health_score IS DISTINCT FROM EXCLUDED.health_score
                    OR s.health_factors IS DISTINCT FROM EXCLUDED.health_factors
                    OR s.is_health_at_risk IS DISTINCT FROM EXCLUDED.is_health_at_risk
                """,
                month=today.replace(day=1),
                uid=self.env.uid,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET customer_health_score = h.score,
                       customer_health_factors = h.factors,
                       is_customer_health_at_risk = h.score < h.threshold
                  FROM customer_health_new h
                 WHERE p.id = h.partner_id
                   AND (p.customer_health_score IS DISTINCT FROM h.score
                        OR p.customer_health_factors IS DISTINCT FROM h.factors
                        OR p.is_customer_health_at_risk
                           IS DISTINCT FROM (h.score < h.threshold))
                """
            )
        )
        if partner_ids is None:
            # customers that left every segment are no longer scored
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET customer_health_score = NULL,
                           customer_health_factors = NULL,
                           is_customer_health_at_risk = false
                     WHERE p.customer_health_score IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM customer_health_new h
                                        WHERE h.partner_id = p.id)
                    """
                )
            )
        cr.execute(SQL("SELECT count(*) FROM customer_health_new"))
        count = cr.fetchone()[0]
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(
            [
                "customer_health_score",
                "customer_health_factors",
                "is_customer_health_at_risk",
            ]
        )
        # the segment x month table counts the rows of the month
        self.env["customer.segment.snapshot"]._refresh_months({today.replace(day=1)})
        self._alert_health(today)
        return count

    @api.model
    def _alert_health(self, today):
        """One activity for the segment manager per customer and month whose
        score is below the segment's threshold (and was not the month
        before) or fell by more than the company's drop alert since the
        month before; never twice (``is_health_alerted``)."""
        month = today.replace(day=1)
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id, prev.health_score
                  FROM customer_health_new h
                  JOIN customer_partner_snapshot s
                    ON s.partner_id = h.partner_id AND s.month = %(month)s
                   AND s.company_id = h.company_id
                  JOIN res_company co ON co.id = h.company_id
                  LEFT JOIN customer_partner_snapshot prev
                    ON prev.partner_id = h.partner_id
                   AND prev.month = %(previous)s
                   AND prev.company_id = h.company_id
                 WHERE NOT coalesce(s.is_health_alerted, false)
                   AND ((h.score < h.threshold
                         AND (prev.health_score IS NULL
                              OR prev.health_score >= h.threshold))
                        OR prev.health_score - h.score
                           > co.loyalty_health_drop_points)
                """,
                month=month,
                previous=month - relativedelta(months=1),
            )
        )
        previous = dict(self.env.cr.fetchall())
        rows = self.browse(list(previous)).filtered("customer_segment_id.manager_id")
        if not rows:
            return rows
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for row in rows:
            before = previous[row.id]
            if before is not None and before - row.health_score > (
                row.company_id.loyalty_health_drop_points
            ):
                summary = self.env._(
                    "Health score fell from %(before)s to %(score)s",
                    before=before,
                    score=row.health_score,
                )
            else:
                summary = self.env._(
                    "Customer at risk: health score %(score)s", score=row.health_score
                )
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": row.partner_id.id,
                    "activity_type_id": activity_type.id,
                    "user_id": row.customer_segment_id.manager_id.id,
                    "date_deadline": today,
                    "summary": summary,
                    "note": row.partner_id._health_reason_text(row.health_factors),
                }
            )
        # one customer per row of this month: no duplicate followers in a
        # batch; the managers find them in their activities, without one
        # e-mail each (a first run may plan thousands)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
        rows.write({"is_health_alerted": True})
        return rows

    @api.model
    def _cron_refresh_health(self, changed_partner_ids):
        """The first run of a day scores every customer (the windows and the
        overdue debt move with the date); later runs of the day only the
        customers whose invoices, tickets, answers or losses changed."""
        params = self.env["ir.config_parameter"].sudo()
        today = fields.Date.context_today(self)
        if params.get_param(HEALTH_PARAM) != fields.Date.to_string(today):
            count = self._refresh_health(today=today)
            params.set_param(HEALTH_PARAM, fields.Date.to_string(today))
            return count
        if not changed_partner_ids:
            return 0
        return self._refresh_health(list(changed_partner_ids), today=today)
