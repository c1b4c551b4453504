from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .helpdesk_ticket_classification import CONTACT_TYPES
from .loyalty_access import USER_GROUP, check_loyalty_group

ORIGINS = [
    ("portal", "Customer portal"),
    ("email", "E-mail"),
    ("agent", "Agent"),
]


class HelpdeskRoutingRule(models.Model):
    """One line of a routing table: when a new ticket meets every condition
    that is set, it goes to the rule's team (and user, priority, tags,
    followers), with a message for the agent. Rules are tried in order; the
    first one that matches wins.

    Ticket creation reads the rules from the registry cache
    (:meth:`_routing_table`) and evaluates them in Python: the only query
    a rule can add is the customer's overdue debt, asked once per batch and
    only when a rule that needs it is otherwise a match."""

    _name = "helpdesk.routing.rule"
    _inherit = ["customer.loyalty.cached.config"]
    _description = "Ticket Routing Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    note = fields.Text(translate=True, help="Why the rule exists.")

    # conditions: an empty condition accepts every ticket
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories",
        check_company=True,
        help="The ticket is in one of these categories.",
    )
    contact_type = fields.Selection(
        CONTACT_TYPES, help="What the customer brings (empty: anything)."
    )
    channel_ids = fields.Many2many(
        "helpdesk.ticket.channel",
        string="Channels",
        help="The ticket came through one of these channels.",
        check_company=True,
    )
    customer_type_ids = fields.Many2many(
        "customer.type",
        string="Customer Types",
        help="The customer is of one of these types.",
        check_company=True,
    )
    segment_ids = fields.Many2many(
        "customer.segment",
        string="Segments",
        help="The customer is in one of these segments.",
        check_company=True,
    )
    origin = fields.Selection(
        ORIGINS,
        help="Who opened the ticket: the customer on the portal, an e-mail to "
        "the helpdesk, or an agent (empty: anyone).",
    )
    check_overdue_debt = fields.Boolean(
        string="Customer Has Overdue Debt",
        help="The customer owes more than the amount below on posted invoices "
        "whose due date has passed.",
    )
    overdue_debt_min = fields.Monetary(
        string="Overdue Debt Above",
        currency_field="currency_id",
        help="The rule applies when the overdue debt is above this amount.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    # actions
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        required=True,
        check_company=True,
        ondelete="cascade",
        help="Team the ticket is routed to.",
    )
    assign_mode = fields.Selection(
        [
            ("none", "Nobody (the team takes it)"),
            ("user", "A given user"),
            ("least_loaded", "The team member with fewest open tickets"),
        ],
        string="Assign To",
        default="none",
        required=True,
    )
    user_id = fields.Many2one(
        "res.users",
        domain=[("share", "=", False)],
        check_company=True,
    )
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        help="Priority given to the ticket (empty: unchanged).",
    )
    tag_ids = fields.Many2many(
        "helpdesk.ticket.tag",
        string="Tags",
        help="Tags added to the ticket.",
        check_company=True,
    )
    follower_partner_ids = fields.Many2many(
        "res.partner",
        "helpdesk_routing_rule_follower_rel",
        "rule_id",
        "partner_id",
        string="Followers to Notify",
        help="Added as followers of the ticket: they are notified of it.",
        check_company=True,
    )
    agent_message = fields.Text(
        translate=True,
        help="Shown to the agent on the ticket and logged in its chatter. "
        "{debt} is replaced with the customer's overdue amount.",
    )
    override_manual_team = fields.Boolean(
        string="Override a Team Chosen by an Agent",
        help="Unchecked: when an agent chose the team by hand, the ticket keeps it.",
    )
    ticket_count = fields.Integer(
        string="Routed Tickets", compute="_compute_ticket_count"
    )

    @api.constrains("assign_mode", "user_id", "team_id")
    def _check_user(self):
        for rule in self:
            if rule.assign_mode == "user" and not rule.user_id:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s assigns the ticket to a given user: choose "
                        "the user.",
                        rule=rule.display_name,
                    )
                )
            if (
                rule.assign_mode == "user"
                and rule.team_id.user_ids
                and rule.user_id not in rule.team_id.user_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(user)s is not a member of team "
                        "%(team)s. Add the user to the team or choose a member.",
                        rule=rule.display_name,
                        user=rule.user_id.display_name,
                        team=rule.team_id.display_name,
                    )
                )

    @api.constrains("overdue_debt_min")
    def _check_overdue_debt_min(self):
        for rule in self:
            if rule.overdue_debt_min < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the overdue debt amount cannot be negative.",
                        rule=rule.display_name,
                    )
                )

    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("routing_rule_id", "in", self.ids)],
                ["routing_rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.ticket_count = counts.get(rule, 0)

    def action_view_tickets(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("routing_rule_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Cached table and evaluation
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _routing_table(self):
        """``{company id: (rule, ...)}`` of the active rules in order, each
        rule a dict of plain values. Shared by all callers: do not modify."""
        table = {}
        rules = self.sudo().search([], order="company_id, sequence, id")
        for rule in rules:
            table.setdefault(rule.company_id.id, []).append(
                {
                    "id": rule.id,
                    "name": rule.name,
                    "category_ids": frozenset(rule.category_ids.ids),
                    "contact_type": rule.contact_type or False,
                    "channel_ids": frozenset(rule.channel_ids.ids),
                    "customer_type_ids": frozenset(rule.customer_type_ids.ids),
                    "segment_ids": frozenset(rule.segment_ids.ids),
                    "origin": rule.origin or False,
                    "check_overdue_debt": rule.check_overdue_debt,
                    "overdue_debt_min": rule.overdue_debt_min,
                    "team_id": rule.team_id.id,
                    "assign_mode": rule.assign_mode,
                    "user_id": rule.user_id.id,
                    "priority": rule.priority or False,
                    "tag_ids": tuple(rule.tag_ids.ids),
                    "follower_partner_ids": tuple(rule.follower_partner_ids.ids),
                    "agent_message": rule.agent_message or "",
                    "override_manual_team": rule.override_manual_team,
                }
            )
        return {company: tuple(rules) for company, rules in table.items()}

    @api.model
    def _rule_matches(self, rule, facts, debt_of):
        """Whether ``rule`` (a dict of :meth:`_routing_table`) accepts the
        ticket described by ``facts``. ``debt_of()`` returns the customer's
        overdue debt: it is called only when every other condition holds."""
        for key, fact in (
            ("category_ids", "category_id"),
            ("channel_ids", "channel_id"),
            ("customer_type_ids", "customer_type_id"),
            ("segment_ids", "customer_segment_id"),
        ):
            if rule[key] and facts[fact] not in rule[key]:
                return False
        if rule["contact_type"] and facts["contact_type"] != rule["contact_type"]:
            return False
        if rule["origin"] and facts["origin"] != rule["origin"]:
            return False
        if rule["check_overdue_debt"]:
            return debt_of() > rule["overdue_debt_min"]
        return True

    @api.model
    def _first_match(self, company_id, facts, debt_of):
        for rule in self._routing_table().get(company_id, ()):
            if self._rule_matches(rule, facts, debt_of):
                return rule
        return None
