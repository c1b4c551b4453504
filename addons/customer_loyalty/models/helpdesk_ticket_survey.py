"""Satisfaction survey of a ticket: sent once after closing, by the
segment's sending mode, with the customer's opt-out, e-mail and survey window
rules; the score of its completed answer."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .loyalty_access import USER_GROUP, check_loyalty_group

SURVEY_STATUSES = [
    ("sent", "Sent"),
    ("skipped_opt_out", "Not sent: customer opted out"),
    ("skipped_window", "Not sent: customer surveyed recently"),
    ("skipped_no_email", "Not sent: no e-mail address"),
    ("skipped_immediate", "Not sent: solved immediately"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # existing tickets have no survey yet (column created empty before the
    # install, see hooks.py)
    _install_values = {"survey_overall_score": None}

    survey_status = fields.Selection(
        SURVEY_STATUSES,
        string="Satisfaction Survey",
        copy=False,
        readonly=True,
        groups="base.group_user",
        help="Outcome of the satisfaction survey of this ticket. Empty while the "
        "ticket is open or its survey is not due yet: a ticket is considered "
        "once, so its customer is never surveyed twice for it.",
    )
    survey_date = fields.Datetime(
        copy=False,
        readonly=True,
        help="When the survey of this ticket was sent (or skipped).",
        groups="base.group_user",
    )
    survey_user_input_ids = fields.One2many(
        "survey.user_input",
        "ticket_id",
        string="Survey Answers",
        groups="base.group_user",
    )
    survey_overall_score = fields.Float(
        string="Overall Satisfaction",
        compute="_compute_survey_overall_score",
        store=True,
        precompute=True,
        help="Overall score (0-10) of the completed survey of this ticket.",
        groups="base.group_user",
    )

    def write(self, vals):
        to_closed_stage = bool(vals.get("stage_id")) and (
            self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        )
        res = super().write(vals)
        immediate = (
            self.env["customer.segment"]._immediate_survey_segment_ids()
            if to_closed_stage
            else ()
        )
        if immediate and any(
            ticket.closed and ticket.customer_segment_id.id in immediate
            for ticket in self
        ):
            # "immediately": do not wait for the next hourly run
            cron = self.env.ref(
                "customer_loyalty.ir_cron_send_ticket_surveys", raise_if_not_found=False
            )
            if cron:
                cron.sudo()._trigger()
        return res

    # ------------------------------------------------------------------
    # Satisfaction survey
    # ------------------------------------------------------------------
    @api.depends(
        "survey_user_input_ids.loyalty_overall_score",
        "survey_user_input_ids.has_loyalty_overall_score",
        "survey_user_input_ids.state",
    )
    def _compute_survey_overall_score(self):
        # through the one2many: known empty (no query) on a new ticket
        for ticket in self:
            scores = [
                user_input.loyalty_overall_score
                for user_input in ticket.survey_user_input_ids
                if user_input.state == "done" and user_input.has_loyalty_overall_score
            ]
            ticket.survey_overall_score = sum(scores) / len(scores) if scores else 0.0

    def action_view_survey_answers(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.survey_user_input_action_loyalty"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Sending cron
    # ------------------------------------------------------------------
    def _survey_due_query(self, now, limit=None, count=False):
        """Closed tickets whose survey is due at ``now``, in one query.

        - immediate: as soon as the ticket is closed;
        - delayed: ``survey_delay_days`` after the closing;
        - weekly: on the first sending weekday after the closing day, only for
          tickets not solved on the day they were opened (the others are
          returned too, to be marked as solved immediately).
        Tickets closed longer ago than the company's age limit are ignored.
        """
        select = SQL("count(*)") if count else SQL("t.id")
        query = SQL(
            """
            SELECT %(select)s
              FROM helpdesk_ticket t
              JOIN helpdesk_ticket_stage st ON st.id = t.stage_id AND st.closed
              JOIN customer_segment s ON s.id = t.customer_segment_id
              JOIN survey_survey sv ON sv.id = s.survey_id AND sv.active
         LEFT JOIN res_company c ON c.id = t.company_id
             WHERE t.survey_status IS NULL
               AND t.closed_date IS NOT NULL
               AND t.partner_id IS NOT NULL
               AND s.survey_send_mode != 'never'
               AND t.closed_date >= %(now)s
                   - make_interval(days => COALESCE(c.loyalty_survey_max_age_days, 30))
               AND (
                    s.survey_send_mode = 'immediate'
                 OR (s.survey_send_mode = 'delayed'
                     AND t.closed_date
                         + make_interval(days => COALESCE(s.survey_delay_days, 0))
                         <= %(now)s)
                 OR (s.survey_send_mode = 'weekly'
                     AND (t.closed_date::date = t.create_date::date
                          OR t.closed_date::date
                             + MOD(COALESCE(s.survey_weekday, '0')::int
                                   - (EXTRACT(ISODOW FROM t.closed_date)::int - 1)
                                   + 6, 7) + 1
                             <= %(today)s))
               )
            """,
            select=select,
            now=now,
            today=now.date(),
        )
        if not count:
            # SKIP LOCKED: a ticket being sent by another worker is left to it
            # (row locks under REPEATABLE READ: a ticket that worker already
            # committed makes this one fail and retry, never send twice)
            query = SQL(
                "%s ORDER BY t.closed_date, t.id LIMIT %s FOR UPDATE OF t SKIP LOCKED",
                query,
                limit,
            )
        return query

    @api.model
    def _cron_send_satisfaction_surveys(self, batch_size=500):
        """Send the due satisfaction surveys of closed tickets, one batch per
        call; the cron is called again while tickets remain. Each ticket is
        considered once (``survey_status``), so reruns never send twice."""
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(self._survey_due_query(now, limit=batch_size))
        ticket_ids = [row[0] for row in self.env.cr.fetchall()]
        if not ticket_ids:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        tickets = self.sudo().browse(ticket_ids)
        sent = tickets._send_satisfaction_surveys(now)
        self.env.cr.execute(self._survey_due_query(now, count=True))
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(tickets), remaining=remaining)
        return len(sent)

    def _send_satisfaction_surveys(self, now):
        """Create and e-mail one survey answer per ticket of ``self`` (sudo),
        applying opt-out, e-mail and per-customer window rules. Returns the
        tickets a survey was sent for."""
        status = {}
        weekly_immediate = self.filtered(
            lambda t: (
                t.customer_segment_id.survey_send_mode == "weekly"
                and t.closed_date.date() == t.create_date.date()
            )
        )
        for ticket in weekly_immediate:
            status[ticket] = "skipped_immediate"
        candidates = self - weekly_immediate
        customers = candidates.partner_id.commercial_partner_id
        last_sent = dict(
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("loyalty_customer_id", "in", customers.ids),
                    ("loyalty_sent_date", "!=", False),
                ],
                ["loyalty_customer_id"],
                ["loyalty_sent_date:max"],
            )
        )
        surveyed_now = set()
        to_send = self.browse()
        for ticket in candidates:
            contact = ticket.partner_id
            customer = contact.commercial_partner_id
            window = timedelta(days=ticket.company_id.loyalty_survey_window_days)
            if (
                contact.is_survey_opt_out
                or customer.is_survey_opt_out
                or contact.is_blacklisted
            ):
                status[ticket] = "skipped_opt_out"
            elif not contact.email:
                status[ticket] = "skipped_no_email"
            elif customer in surveyed_now or (
                last_sent.get(customer) and last_sent[customer] > now - window
            ):
                status[ticket] = "skipped_window"
            else:
                surveyed_now.add(customer)
                to_send |= ticket
                status[ticket] = "sent"
        if to_send:
            user_inputs = (
                self.env["survey.user_input"]
                .sudo()
                .create(
                    [
                        {
                            "survey_id": ticket.customer_segment_id.survey_id.id,
                            "partner_id": ticket.partner_id.id,
                            "email": ticket.partner_id.email,
                            "nickname": ticket.partner_id.name,
                            "ticket_id": ticket.id,
                            "customer_segment_id": ticket.customer_segment_id.id,
                            "loyalty_sent_date": now,
                        }
                        for ticket in to_send
                    ]
                )
            )
            template = self.env.ref("customer_loyalty.mail_template_survey_ticket")
            template.sudo().send_mail_batch(user_inputs.ids)
        by_status = {}
        for ticket, value in status.items():
            by_status.setdefault(value, self.browse())
            by_status[value] |= ticket
        for value, tickets in by_status.items():
            tickets.write({"survey_status": value, "survey_date": now})
        return to_send
