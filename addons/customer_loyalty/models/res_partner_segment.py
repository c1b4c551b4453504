"""Segment of a customer and its history.

The segment is held by the commercial entity (its contacts follow it); every
change is recorded in the segment history and, for many customers at once,
logged in their chatter with one statement.
"""

import socket

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from .loyalty_access import (
    DIRECTION_GROUP,
    MANAGER_GROUP,
    USER_GROUP,
    check_loyalty_group,
)


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
        groups="base.group_user",
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
        # the demo generator writes its own history, as superuser: from any
        # other caller the key is ignored (every change is checked and kept)
        if "customer_segment_id" not in vals or (
            self.env.su and self.env.context.get("customer_loyalty_skip_history")
        ):
            return super().write(vals)
        new_segment = vals["customer_segment_id"] or False
        # one query instead of reading the partners one by one (a segment
        # review or an import changes thousands of customers at once)
        # the companies' pending changes too (contacts follow them)
        self.flush_model(["commercial_partner_id", "customer_segment_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, p.commercial_partner_id, p.customer_segment_id,
                       c.customer_segment_id
                  FROM res_partner p
                  LEFT JOIN res_partner c ON c.id = p.commercial_partner_id
                 WHERE p.id = ANY(%s)
                """,
                self.ids,
            )
        )
        rows = self.env.cr.fetchall()
        own_ids = set(self.ids)
        contacts = self.browse(
            pid for pid, commercial, __, __ in rows if commercial and commercial != pid
        )
        foreign = self.browse(
            pid
            for pid, commercial, __, commercial_segment in rows
            if commercial
            and commercial != pid
            and commercial not in own_ids
            and (commercial_segment or False) != new_segment
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
        contact_ids = set(contacts.ids)
        previous = {
            pid: segment
            for pid, __, segment, __ in rows
            if pid not in contact_ids and (segment or False) != new_segment
        }
        changed = self.browse(pid for pid in self.ids if pid in previous)
        partners = self
        # Contacts following their company: the company's chatter tells it.
        # Several customers at once: one batch of tracking messages instead of
        # Odoo's message per record (see _log_segment_changes).
        batch_tracking = len(changed) > 1 and set(vals) == {"customer_segment_id"}
        if not holders or batch_tracking:
            partners = self.with_context(mail_notrack=True)
        if changed:
            self._check_segment_change_allowed()
        res = super(ResPartner, partners).write(vals)
        changed._record_segment_history(new_segment)
        if batch_tracking:
            changed._log_segment_changes(previous)
        return res

    def _log_segment_changes(self, previous):
        """Log the segment change of many customers in the chatter: one note
        with its tracking value per customer, like Odoo's tracking, inserted
        with one SQL statement per previous segment (the ORM would build each
        message in Python: seconds for thousands of customers)."""
        Tracking = self.env["mail.tracking.value"]
        field_info = self.fields_get(["customer_segment_id"])["customer_segment_id"]
        by_previous = {}
        for partner_id in self.ids:
            by_previous.setdefault(previous[partner_id], []).append(partner_id)
        self.env.flush_all()
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        author = self.env.user.partner_id
        email = self.env.user.email_formatted
        host = socket.gethostname()
        for old_segment, partner_ids in by_previous.items():
            values = Tracking._create_tracking_values(
                self.env["customer.segment"].browse(old_segment),
                self.browse(partner_ids[0]).customer_segment_id,
                "customer_segment_id",
                field_info,
                self.browse(partner_ids[0]),
            )
            self.env.cr.execute(
                SQL(
                    """
                    WITH msg AS (
                        INSERT INTO mail_message
                            (model, res_id, record_name, author_id, email_from,
                             reply_to, body, message_type, subtype_id,
                             is_internal, reply_to_force_new,
                             email_add_signature, message_id, date, create_uid,
                             create_date, write_uid, write_date)
                        SELECT 'res.partner', p.id, p.complete_name, %(author)s,
                               %(email)s, %(email)s, '', 'notification', %(note)s,
                               true, false, true,
                               '<' || extract(epoch FROM clock_timestamp())
                                   || '.' || p.id || '-openerp-message-notify@'
                                   || %(host)s || '>',
                               %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                          FROM res_partner p
                         WHERE p.id = ANY(%(ids)s)
                     RETURNING id
                    )
                    INSERT INTO mail_tracking_value
                        (mail_message_id, field_id, old_value_integer,
                         new_value_integer, old_value_char, new_value_char,
                         create_uid, create_date, write_uid, write_date)
                    SELECT msg.id, %(field)s, %(old_id)s, %(new_id)s, %(old)s,
                           %(new)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM msg
                    """,
                    author=author.id,
                    email=email or None,
                    note=note,
                    host=host,
                    now=self.env.cr.now(),
                    uid=self.env.uid,
                    ids=partner_ids,
                    field=values["field_id"],
                    old_id=values.get("old_value_integer") or 0,
                    new_id=values.get("new_value_integer") or 0,
                    old=values.get("old_value_char") or "",
                    new=values.get("new_value_char") or "",
                )
            )
        self.env["mail.message"].invalidate_model()
        self.env["mail.tracking.value"].invalidate_model()
        self.invalidate_recordset(["message_ids"])

    def _check_segment_change_allowed(self):
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Only a Loyalty Manager can change the segment of a customer. "
                "Ask a manager, or propose the change through the segment review."
            )
        )

    def _record_segment_history(self, segment_id=None):
        """Write the history of the segment now set on these commercial partners.

        One set-based call per target segment, whatever the number of partners.
        The day of the change is today, or ``segment_change_date`` from the
        context (the segment review applies its proposals at its own date).
        """
        if not self:
            return
        # a past date only from a superuser call (the segment review applies
        # at its date after its own check): a client cannot backdate history
        change_date = (
            self.env.su and self.env.context.get("segment_change_date")
        ) or fields.Date.context_today(self)
        history = self.env["customer.segment.history"].sudo()
        if segment_id is not None:
            # all of them were just given ``segment_id``
            by_segment = {segment_id: self.ids}
        else:
            by_segment = {}
            for partner in self:
                by_segment.setdefault(partner.customer_segment_id.id, []).append(
                    partner.id
                )
        for segment, partner_ids in by_segment.items():
            history._record_segment_change(partner_ids, segment, change_date)

    def action_view_segment_history(self):
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        return self._action_loyalty_related(
            "customer_loyalty.customer_segment_history_action",
            [("partner_id", "=", self.commercial_partner_id.id)],
            {"search_default_group_by_partner": False},
        )
