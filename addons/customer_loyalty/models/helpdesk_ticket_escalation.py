"""Follow-up, derivation and escalation of a ticket: proactive status
e-mails while a ticket not solved at first contact stays open, hand-over to
another team with a reason, and escalation of critical tickets to Direction."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .cron_lock import lock_skip_locked
from .loyalty_access import USER_GROUP, check_loyalty_group

DEFAULT_FOLLOWUP_DAYS = 3


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # existing tickets have no follow-up nor derivation yet (columns created
    # with these values before the install, see hooks.py)
    _install_values = {"followup_count": 0, "derivation_count": 0}

    needs_followup = fields.Boolean(
        string="Needs Follow-up",
        tracking=True,
        copy=False,
        help="Not solved at first contact (or derived to another team): the "
        "customer receives a status e-mail at the segment's interval.",
        groups="base.group_user",
    )
    next_update_date = fields.Date(
        string="Next Update",
        copy=False,
        index="btree_not_null",
        help="Date of the next proactive status e-mail to the customer.",
        groups="base.group_user",
    )
    followup_ids = fields.One2many(
        "helpdesk.ticket.followup",
        "ticket_id",
        string="Follow-ups",
        groups="base.group_user",
    )
    # stored: the ticket form reads them with the ticket, no query each
    # (precompute, as the other stored computed fields of the ticket: a new
    # ticket is inserted with them, not updated right after)
    followup_count = fields.Integer(
        compute="_compute_followup_count",
        store=True,
        precompute=True,
        groups="base.group_user",
    )
    is_update_due = fields.Boolean(
        string="Update Due",
        compute="_compute_is_update_due",
        search="_search_is_update_due",
        groups="base.group_user",
    )
    derivation_count = fields.Integer(
        string="Derivations",
        readonly=True,
        copy=False,
        default=0,
        help="Times the ticket was handed to another team or user.",
        groups="base.group_user",
    )
    is_critical = fields.Boolean(
        string="Critical",
        readonly=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
    )
    escalation_date = fields.Datetime(
        readonly=True, copy=False, groups="base.group_user"
    )

    def write(self, vals):
        to_closed_stage = bool(vals.get("stage_id")) and (
            self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        )
        if to_closed_stage:
            # a closed ticket gets no more status updates
            vals = dict(vals, needs_followup=False, next_update_date=False)
        # A first answer that does not close the ticket: not solved at first
        # contact, the customer will get status updates.
        answered = (
            self.filtered(lambda t: not t.first_response_date)
            if vals.get("first_response_date") and not vals.get("stage_id")
            else self.browse()
        )
        res = super().write(vals)
        if answered:
            answered._flag_for_followup()
        return res

    # Follow-up
    # ------------------------------------------------------------------
    @api.depends("followup_ids")
    def _compute_followup_count(self):
        # through the one2many: known empty (no query) on a new ticket
        for ticket in self:
            ticket.followup_count = len(ticket.followup_ids)

    @api.depends("needs_followup", "next_update_date", "closed")
    def _compute_is_update_due(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            ticket.is_update_due = bool(
                ticket.needs_followup
                and not ticket.closed
                and ticket.next_update_date
                and ticket.next_update_date <= today
            )

    def _search_is_update_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Update Due."))
        domain = [
            ("needs_followup", "=", True),
            ("stage_id.closed", "=", False),
            ("next_update_date", "<=", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain]

    def _followup_interval(self):
        self.ensure_one()
        return self.customer_segment_id.followup_interval_days or DEFAULT_FOLLOWUP_DAYS

    def _flag_for_followup(self):
        """Flag open tickets for follow-up, with a next update date from the
        segment's interval (kept when already set)."""
        today = fields.Date.context_today(self)
        for ticket in self.filtered(lambda t: not t.closed):
            vals = {}
            if not ticket.needs_followup:
                vals["needs_followup"] = True
            if not ticket.next_update_date:
                vals["next_update_date"] = today + timedelta(
                    days=ticket._followup_interval()
                )
            if vals:
                ticket.write(vals)

    def _cron_send_followup_updates(self, batch_size=500):
        """Send the customer of each open ticket whose next update date has
        come a status e-mail, log it and move the next update date.

        Idempotent: the next update date moves past today, so a second run on
        the same day sends nothing."""
        template = self.env.ref(
            "customer_loyalty.mail_template_followup_status", raise_if_not_found=False
        )
        if not template:
            return
        due = self.search(
            [("is_update_due", "=", True), ("partner_id", "!=", False)],
            limit=batch_size,
            order="next_update_date, id",
        )
        # tickets another worker is updating are left to it
        tickets = lock_skip_locked(due)
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        followup_vals = []
        for ticket in tickets:
            message = ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
            followup_vals.append(
                {
                    "ticket_id": ticket.id,
                    "due_date": ticket.next_update_date,
                    "sent_date": now,
                    "message_id": message[:1].id,
                }
            )
            ticket.next_update_date = today + timedelta(
                days=ticket._followup_interval()
            )
        self.env["helpdesk.ticket.followup"].create(followup_vals)
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=int(len(due) == batch_size)
        )
        if len(due) == batch_size:
            self.env.ref("customer_loyalty.ir_cron_send_followup_updates")._trigger()
        return len(tickets)

    def action_view_followups(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-ups"),
            "res_model": "helpdesk.ticket.followup",
            "view_mode": "list",
            "domain": [("ticket_id", "=", self.id)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Derivation and escalation
    # ------------------------------------------------------------------
    def action_open_derive_wizard(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Derive Ticket"),
            "res_model": "helpdesk.ticket.derive",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _derive(self, team, user, reason):
        """Hand the tickets to ``team`` / ``user`` with a reason (logged)."""
        for ticket in self:
            old = ticket.team_id.name or ticket.user_id.name or self.env._("nobody")
            vals = {"derivation_count": ticket.derivation_count + 1}
            if team:
                vals["team_id"] = team.id
            if user:
                vals["user_id"] = user.id
            elif team and ticket.user_id and ticket.user_id not in team.user_ids:
                vals["user_id"] = False
            ticket.write(vals)
            ticket.message_post(
                body=self.env._(
                    "Derived from %(old)s to %(new)s. Reason: %(reason)s",
                    old=old,
                    new=" / ".join(n for n in (team.name, user.name) if n),
                    reason=reason,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._flag_for_followup()

    def action_mark_critical(self):
        """Escalate to the Direction group: an activity for each of its
        members and a notification, once per ticket."""
        check_loyalty_group(self.env, USER_GROUP)
        already = self.filtered("is_critical")
        if already:
            raise UserError(
                self.env._(
                    "%(tickets)s is already escalated to Direction.",
                    tickets=", ".join(already.mapped("display_name")),
                )
            )
        direction = self.env.ref(
            "customer_loyalty.customer_loyalty_group_direction"
        ).sudo()
        members = direction.users.filtered(lambda u: not u.share and u.active)
        if not members:
            raise UserError(
                self.env._(
                    "Nobody is in the Direction group: add its members in the "
                    "settings before escalating a ticket."
                )
            )
        now = fields.Datetime.now()
        self.sudo().write({"is_critical": True, "escalation_date": now})
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for ticket in self:
            for user in members:
                ticket.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=self.env._(
                        "Critical ticket: %(ticket)s", ticket=ticket.name
                    ),
                    note=self.env._(
                        "Escalated by %(user)s as critical.", user=self.env.user.name
                    ),
                    user_id=user.id,
                )
            ticket.message_post(
                body=self.env._(
                    "Ticket escalated to Direction as critical by %(user)s.",
                    user=self.env.user.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=members.partner_id.ids,
            )
        return True
