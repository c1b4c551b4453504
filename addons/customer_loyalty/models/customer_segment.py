from itertools import pairwise

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .company_check import check_owned_links
from .loyalty_access import (
    DIRECTION_GROUP,
    MANAGER_GROUP,
    USER_GROUP,
    check_loyalty_group,
)

TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class CustomerSegment(models.Model):
    """A customer segment (Standard, Preferential, Star...).

    The segment of a customer drives how its tickets are served (team, priority,
    response and resolution targets, follow-up interval) and which satisfaction
    survey it receives. ``sequence`` is the level: the higher, the better the
    service; the revenue review proposes the highest level whose threshold the
    customer's last-12-months revenue reaches.
    """

    _name = "customer.segment"
    _description = "Customer Segment"
    _check_company_auto = True
    _inherit = ["mail.thread", "customer.loyalty.cached.config"]
    _order = "sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short unique code, used in imports (e.g. STD, PREF, STAR).",
    )
    sequence = fields.Integer(
        string="Level",
        default=10,
        help="Service level of the segment: the higher, the more preferential.",
    )
    color = fields.Integer(string="Color Index")
    is_preferential = fields.Boolean(
        string="Preferential",
        help="Tickets of customers in this segment are highlighted and served "
        "with preferential attention.",
    )
    description = fields.Html(translate=True)
    manager_id = fields.Many2one(
        "res.users",
        string="Segment Manager",
        domain=[("share", "=", False)],
        tracking=True,
        help="Responsible of the segment: receives call-back activities, "
        "escalations and lost-service alerts.",
        check_company=True,
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default Team",
        help="Team assigned by default to new tickets of these customers.",
    )
    ticket_priority = fields.Selection(
        TICKET_PRIORITIES,
        string="Default Ticket Priority",
        help="Priority given by default to new tickets of these customers.",
    )
    response_target_hours = fields.Float(
        string="Response Target (hours)",
        help="Time allowed between the opening of a ticket and the first "
        "answer to the customer. 0 means no target.",
    )
    resolution_target_hours = fields.Float(
        string="Resolution Target (hours)",
        help="Time allowed between the opening of a ticket and its closing. "
        "0 means no target.",
    )
    followup_interval_days = fields.Integer(
        string="Follow-up Interval (days)",
        default=3,
        help="Open tickets that are not solved at first contact get a "
        "status update for the customer every this many days.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Survey sent to the customers of this segment.",
    )
    revenue_threshold = fields.Monetary(
        currency_field="currency_id",
        help="Minimum revenue of the last 12 months (untaxed, company currency) "
        "for a customer to belong to this segment in the segment review.",
    )
    is_revenue_reviewed = fields.Boolean(
        string="In Revenue Review",
        default=True,
        help="Take part in the revenue-based segment review: customers of "
        "other segments are never proposed a change.",
    )
    health_threshold = fields.Integer(
        string="At Risk Below",
        default=50,
        help="Health score (0-100) under which a customer of this segment is "
        "at risk: the segment manager gets a follow-up activity.",
    )
    lost_inactivity_days = fields.Integer(
        string="Lost After (days)",
        default=180,
        help="The segment review proposes as lost a customer billed nothing for "
        "this many days.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the segment between all companies.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    partner_count = fields.Integer(
        string="Customer Count", compute="_compute_partner_count"
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (code, company_id)",
            "The segment code must be unique per company.",
        ),
    ]

    # ------------------------------------------------------------------
    # What a new ticket takes from its segment (read on every ticket created:
    # kept in the registry cache, cleared when a segment changes)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _ticket_targets(self):
        """``{segment id: (team id, ticket priority, response hours,
        resolution hours)}`` of every segment, archived ones included (old
        tickets keep them). Shared by all callers: do not modify it."""
        segments = self.sudo().with_context(active_test=False).search([])
        return {
            segment.id: (
                segment.team_id.id,
                segment.ticket_priority,
                segment.response_target_hours,
                segment.resolution_target_hours,
            )
            for segment in segments
        }

    @api.model
    @tools.ormcache()
    def _ticket_companies(self):
        """``{segment id: (company id, default team's company id)}`` of every
        segment, for the company check of each new ticket without a query.
        Read in SQL: the teams are not loaded in the caller's cache."""
        self.flush_model(["company_id", "team_id"])
        self.env["helpdesk.ticket.team"].flush_model(["company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT s.id, s.company_id, t.company_id FROM customer_segment s"
                " LEFT JOIN helpdesk_ticket_team t ON t.id = s.team_id"
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.depends("company_id")
    def _compute_currency_id(self):
        for segment in self:
            segment.currency_id = (segment.company_id or self.env.company).currency_id

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [
                    ("customer_segment_id", "in", self.ids),
                    ("is_segment_holder", "=", True),
                ],
                ["customer_segment_id"],
                ["__count"],
            )
        )
        for segment in self:
            segment.partner_count = counts.get(segment, 0)

    @api.constrains(
        "response_target_hours",
        "resolution_target_hours",
        "followup_interval_days",
        "revenue_threshold",
        "health_threshold",
        "lost_inactivity_days",
    )
    def _check_non_negative(self):
        labels = {
            "response_target_hours": self.env._("Response Target (hours)"),
            "resolution_target_hours": self.env._("Resolution Target (hours)"),
            "followup_interval_days": self.env._("Follow-up Interval (days)"),
            "revenue_threshold": self.env._("Revenue Threshold"),
            "health_threshold": self.env._("At Risk Below"),
            "lost_inactivity_days": self.env._("Lost After (days)"),
        }
        for segment in self:
            for fname, label in labels.items():
                if segment[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "Segment %(segment)s: the field %(field)s cannot be "
                            "negative (%(value)s).",
                            segment=segment.display_name,
                            field=label,
                            value=segment[fname],
                        )
                    )

    def _of_company(self, company):
        """The segments of ``self`` a record of ``company`` may carry: the
        shared ones and the company's own. A customer shared between
        companies holds the segment of one of them; a ticket, loss or renewal
        of another company does not take it."""
        return self.filtered(lambda s: not s.company_id or s.company_id == company)

    @api.constrains("company_id", "team_id")
    def _check_team_company(self):
        # a shared segment may name a team of one company: a ticket takes the
        # segment's team only when it is of the ticket's company
        check_owned_links(self, ["team_id"])

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        for segment in self:
            duplicate = self.with_context(active_test=False).search(
                [
                    ("id", "!=", segment.id),
                    ("code", "=ilike", segment.code.strip()),
                    ("company_id", "=", segment.company_id.id),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "The code %(code)s is already used by the segment "
                        "%(segment)s of this company: choose another code.",
                        code=segment.code,
                        segment=duplicate.display_name,
                    )
                )

    @api.constrains("sequence", "revenue_threshold", "is_revenue_reviewed", "active")
    def _check_threshold_order(self):
        """Revenue thresholds must grow with the level of the segments, in
        every company the changed segments apply to (a shared segment applies
        to all of them)."""
        # all the segments of those companies, the user's or not, are compared
        all_segments = self.with_context(active_test=True).sudo().search([])
        changed_companies = self.company_id
        if not all(self.mapped("company_id")):
            changed_companies = all_segments.company_id
        scopes = [[False]] + [[c.id, False] for c in changed_companies]
        for scope in scopes:
            segments = all_segments.filtered(
                lambda s, scope=scope: (
                    s.is_revenue_reviewed and s.company_id.id in scope
                )
            )
            for lower, higher in pairwise(segments):
                if lower.sequence == higher.sequence:
                    continue
                if higher.revenue_threshold < lower.revenue_threshold:
                    raise ValidationError(
                        self.env._(
                            "Revenue thresholds must grow with the segment level: "
                            "%(higher)s (level %(hlevel)s) has a threshold of "
                            "%(hthreshold)s, lower than %(lower)s (level "
                            "%(llevel)s, threshold %(lthreshold)s). Fix the "
                            "Revenue Threshold or the Level.",
                            higher=self._name_for_user(higher),
                            hlevel=higher.sequence,
                            hthreshold=higher.revenue_threshold,
                            lower=self._name_for_user(lower),
                            llevel=lower.sequence,
                            lthreshold=lower.revenue_threshold,
                        )
                    )

    def _name_for_user(self, segment):
        """The name of ``segment`` in a message for the current user: a
        segment of a company the user does not belong to stays unnamed."""
        if (
            self.env.su
            or not segment.company_id
            or segment.company_id in self.env.user.company_ids
        ):
            return segment.display_name
        return self.env._("a segment of another company")

    def action_view_customers(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP, MANAGER_GROUP, DIRECTION_GROUP)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.res_partner_action_by_segment"
        )
        action["domain"] = [
            ("customer_segment_id", "=", self.id),
            ("is_segment_holder", "=", True),
        ]
        action["context"] = {"default_customer_segment_id": self.id}
        return action
