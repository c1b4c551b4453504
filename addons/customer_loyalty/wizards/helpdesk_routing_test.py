from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount

from ..models.helpdesk_routing_rule import ORIGINS
from ..models.helpdesk_ticket_classification import CONTACT_TYPES

MANAGER_GROUP = "customer_loyalty.customer_loyalty_group_manager"


class HelpdeskRoutingTest(models.TransientModel):
    """Try the routing table on a sample ticket without creating it: which
    rule matches, and where the ticket would go."""

    _name = "helpdesk.routing.test"
    _description = "Test the Routing Rules"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True)
    category_id = fields.Many2one("helpdesk.ticket.category", check_company=True)
    contact_type = fields.Selection(CONTACT_TYPES)
    channel_id = fields.Many2one("helpdesk.ticket.channel", check_company=True)
    origin = fields.Selection(ORIGINS, default="agent", required=True)
    # result
    is_tested = fields.Boolean(readonly=True)
    rule_id = fields.Many2one(
        "helpdesk.routing.rule", readonly=True, check_company=True
    )
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True, check_company=True)
    user_id = fields.Many2one("res.users", readonly=True, check_company=True)
    priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        readonly=True,
    )
    agent_message = fields.Text(readonly=True)
    overdue_debt = fields.Char(readonly=True)

    @api.model
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only loyalty managers can test the routing rules.")
            )

    def action_test(self):
        self.ensure_one()
        self._check_manager()
        # the overdue debt is summed in SQL for this company: one the user
        # works in, whatever was posted
        if not self.env.su and self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You can only test the routing of a company you work in: "
                    "choose one of your companies."
                )
            )
        Ticket = self.env["helpdesk.ticket"].with_company(self.company_id)
        customer = self.partner_id.commercial_partner_id
        debt = {}

        def debt_of():
            if "amount" not in debt:
                debt["amount"] = (
                    self.env["res.partner"]
                    ._overdue_debt_by_partner(self.company_id, customer.ids)
                    .get(customer.id, 0.0)
                )
            return debt["amount"]

        facts = {
            "category_id": self.category_id.id,
            "channel_id": self.channel_id.id,
            "contact_type": self.contact_type or False,
            "customer_type_id": customer.customer_type_id.id,
            "customer_segment_id": (
                customer.customer_segment_id.id
                or (customer and self.company_id.default_customer_segment_id.id)
            ),
            "origin": self.origin,
        }
        rule = self.env["helpdesk.routing.rule"]._first_match(
            self.company_id.id, facts, debt_of
        )
        values = (
            Ticket._routing_values(rule, self.company_id.id, debt_of, False, False, [])
            if rule
            else {}
        )
        self.write(
            {
                "is_tested": True,
                "rule_id": rule["id"] if rule else False,
                "team_id": values.get("team_id", False),
                "user_id": values.get("user_id", False),
                "priority": values.get("priority", False),
                "agent_message": values.get("routing_message", False),
                "overdue_debt": format_amount(
                    self.env, debt_of(), self.company_id.currency_id
                )
                if customer
                else False,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
