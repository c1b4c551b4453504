from contextvars import ContextVar

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.tools import format_amount

from .helpdesk_routing_rule import ORIGINS

# Set while the mail gateway creates a ticket. A private argument rather than
# a context key: a client could send a context key over RPC and have its
# ticket routed and labelled as an e-mail.
_FROM_MAIL_GATEWAY = ContextVar("helpdesk_ticket_from_mail_gateway", default=False)


class HelpdeskTicket(models.Model):
    """Routing of new tickets by the rules of their company
    (``helpdesk.routing.rule``): on creation, and again when the category
    changes while the ticket is still new. The rule applied, and its message
    for the agent, stay on the ticket and in its chatter."""

    _inherit = "helpdesk.ticket"

    routing_rule_id = fields.Many2one(
        "helpdesk.routing.rule",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="base.group_user",
        help="Rule that routed the ticket (the first of the routing table "
        "that matched it).",
        check_company=True,
    )
    routing_message = fields.Text(
        string="Message for the Agent",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    opened_from = fields.Selection(
        ORIGINS,
        readonly=True,
        copy=False,
        help="Who opened the ticket: the customer on the portal, an e-mail "
        "to the helpdesk, or an agent.",
        groups="base.group_user",
    )
    is_team_manual = fields.Boolean(
        string="Team Chosen by Hand",
        copy=False,
        groups="base.group_user",
        help="An agent chose the team: routing rules keep it (unless a rule "
        "says otherwise).",
    )

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        token = _FROM_MAIL_GATEWAY.set(True)
        try:
            return super().message_new(msg_dict, custom_values=custom_values)
        finally:
            _FROM_MAIL_GATEWAY.reset(token)

    @api.model_create_multi
    def create(self, vals_list):
        if _FROM_MAIL_GATEWAY.get():
            origin = "email"
        else:
            origin = "portal" if self.env.user.share else "agent"
        for vals in vals_list:
            # who opened the ticket is not for the caller to say (the demo
            # generator, as superuser, writes its own)
            if not self.env.su or "opened_from" not in vals:
                vals["opened_from"] = origin
            if origin == "agent" and vals.get("team_id"):
                vals.setdefault("is_team_manual", True)
        routed = self._route_vals_list(vals_list)
        tickets = super().create(vals_list)
        for ticket, rule in zip(tickets, routed, strict=True):
            if rule and rule["follower_partner_ids"]:
                ticket.message_subscribe(partner_ids=list(rule["follower_partner_ids"]))
        return tickets

    def _routing_default(self, vals, fname):
        value = vals.get(fname)
        if value is None:
            value = self.env.context.get(f"default_{fname}")
        return value or False

    def _route_vals_list(self, vals_list):
        """Apply the first matching rule to each of ``vals_list`` (values of
        new tickets), in place; returns the rule (dict) of each, or None."""
        Rule = self.env["helpdesk.routing.rule"]
        table = Rule._routing_table()
        routed = [None] * len(vals_list)
        if not table:
            return routed
        Partner = self.env["res.partner"]
        default_company = self.env.company
        debts = {}
        self._fetch_ticket_customers(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        )

        for index, vals in enumerate(vals_list):
            team_id = self._routing_default(vals, "team_id")
            company_id = self._routing_default(vals, "company_id") or (
                self.env["helpdesk.ticket.team"].browse(team_id).company_id.id
                if team_id
                else False
            )
            company_id = company_id or default_company.id
            if company_id not in table:
                continue
            partner = Partner.browse(self._routing_default(vals, "partner_id"))
            customer = partner.commercial_partner_id
            facts = {
                "category_id": self._routing_default(vals, "category_id"),
                "channel_id": self._routing_default(vals, "channel_id"),
                "contact_type": self._routing_default(vals, "contact_type"),
                "customer_type_id": customer.customer_type_id.id,
                "customer_segment_id": (
                    customer.customer_segment_id.id
                    or (
                        customer
                        and self.env["res.company"]
                        ._default_customer_segments()
                        .get(default_company.id, False)
                    )
                ),
                "origin": vals.get("opened_from"),
            }

            def debt_of(company_id=company_id, customer=customer):
                if not customer:
                    return 0.0
                if company_id not in debts:
                    partner_ids = {
                        v["partner_id"] for v in vals_list if v.get("partner_id")
                    }
                    debts[company_id] = Partner._overdue_debt_by_partner(
                        self.env["res.company"].browse(company_id), list(partner_ids)
                    )
                return debts[company_id].get(customer.id, 0.0)

            rule = Rule._first_match(company_id, facts, debt_of)
            if rule:
                vals.update(
                    self._routing_values(
                        rule,
                        company_id,
                        debt_of,
                        keep_team=bool(vals.get("is_team_manual") and team_id),
                        keep_user=bool(vals.get("user_id")),
                        tag_ids=[],
                    )
                )
                routed[index] = rule
        return routed

    def _routing_values(self, rule, company_id, debt_of, keep_team, keep_user, tag_ids):
        """Values a ticket gets from ``rule``."""
        vals = {"routing_rule_id": rule["id"]}
        keep_team = keep_team and not rule["override_manual_team"]
        if not keep_team:
            vals["team_id"] = rule["team_id"]
            vals["is_team_manual"] = False
            if not keep_user:
                if rule["assign_mode"] == "user":
                    vals["user_id"] = rule["user_id"]
                elif rule["assign_mode"] == "least_loaded":
                    vals["user_id"] = self._least_loaded_user(rule["team_id"])
        if rule["priority"]:
            vals["priority"] = rule["priority"]
        new_tags = [tag for tag in rule["tag_ids"] if tag not in tag_ids]
        if new_tags:
            vals["tag_ids"] = [Command.link(tag) for tag in new_tags]
        message = rule["agent_message"]
        if message and "{debt}" in message:
            company = self.env["res.company"].browse(company_id)
            message = message.replace(
                "{debt}", format_amount(self.env, debt_of(), company.currency_id)
            )
        vals["routing_message"] = message or False
        return vals

    def _least_loaded_user(self, team_id):
        """Member of the team with the fewest open tickets (the first member
        on a tie); False for a team without members."""
        members = self.env["helpdesk.ticket.team"].browse(team_id).sudo().user_ids
        if not members:
            return False
        counts = dict(
            self.sudo()._read_group(
                [("user_id", "in", members.ids), ("stage_id.closed", "=", False)],
                ["user_id"],
                ["__count"],
            )
        )
        return min(members, key=lambda user: (counts.get(user, 0), user.id)).id

    def _creation_message(self):
        message = super()._creation_message()
        if not self.routing_rule_id:
            return message
        # the rule's name from the cached table: no query on creation
        rules = self.env["helpdesk.routing.rule"]._routing_table()
        name = next(
            (
                rule["name"]
                for company_rules in rules.values()
                for rule in company_rules
                if rule["id"] == self.routing_rule_id.id
            ),
            None,
        )
        if name is None:
            name = self.routing_rule_id.sudo().name
        return self._routing_log(name, message)

    def _routing_log(self, rule_name, prefix=None):
        body = Markup("<p>%s</p>") % self.env._(
            "Routed by rule %(rule)s.", rule=rule_name
        )
        if prefix:
            body = Markup("<p>%s</p>") % prefix + body
        if self.routing_message:
            body += Markup("<p><b>%s</b></p>") % self.routing_message
        return body

    # ------------------------------------------------------------------
    # Category changed while new
    # ------------------------------------------------------------------
    def write(self, vals):
        category_changed = "category_id" in vals and "team_id" not in vals
        if "team_id" in vals and "is_team_manual" not in vals:
            # a team written outside routing is an explicit choice
            vals = dict(vals, is_team_manual=bool(vals["team_id"]))
        if category_changed:
            before = {ticket: ticket.category_id for ticket in self}
        res = super().write(vals)
        if category_changed:
            self.filtered(
                lambda t: t.category_id != before[t] and t._is_routing_new()
            )._route_again()
        return res

    def _is_routing_new(self):
        """A ticket is new while it is in the first stage of its team."""
        self.ensure_one()
        return (
            not self.closed
            and self.stage_id == self.team_id._get_applicable_stages()[:1]
        )

    def _route_again(self):
        Rule = self.env["helpdesk.routing.rule"]
        Partner = self.env["res.partner"]
        for ticket in self:
            customer = ticket.commercial_partner_id
            facts = {
                "category_id": ticket.category_id.id,
                "channel_id": ticket.channel_id.id,
                "contact_type": ticket.contact_type or False,
                "customer_type_id": ticket.sudo().customer_type_id.id,
                "customer_segment_id": ticket.sudo().customer_segment_id.id,
                "origin": ticket.opened_from,
            }

            def debt_of(ticket=ticket, customer=customer):
                return Partner._overdue_debt_by_partner(
                    ticket.company_id, customer.ids
                ).get(customer.id, 0.0)

            rule = Rule._first_match(ticket.company_id.id, facts, debt_of)
            if not rule:
                continue
            vals = ticket._routing_values(
                rule,
                ticket.company_id.id,
                debt_of,
                keep_team=ticket.sudo().is_team_manual,
                keep_user=bool(ticket.user_id),
                tag_ids=ticket.tag_ids.ids,
            )
            ticket.sudo().write(vals)
            if rule["follower_partner_ids"]:
                ticket.message_subscribe(partner_ids=list(rule["follower_partner_ids"]))
            ticket.message_post(
                body=ticket._routing_log(rule["name"]),
                subtype_xmlid="mail.mt_note",
            )
