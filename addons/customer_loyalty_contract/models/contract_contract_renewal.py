from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ContractContract(models.Model):
    """A contract that renews another one names it as its predecessor, so the
    renewal follow-up of the original sees it renewed."""

    _inherit = "contract.contract"

    predecessor_contract_id = fields.Many2one(
        "contract.contract",
        string="Renews Contract",
        index="btree_not_null",
        check_company=True,
        copy=False,
        tracking=True,
        domain="[('id', '!=', id), ('commercial_partner_id', '=', "
        "commercial_partner_id), ('contract_type', '=', contract_type)]",
        help="The contract of the same customer that this one replaces when it "
        "ends: its renewal is recorded as renewed by this contract.",
    )
    successor_contract_ids = fields.One2many(
        "contract.contract",
        "predecessor_contract_id",
        string="Renewed By",
    )
    loyalty_renewal_ids = fields.One2many(
        "customer.contract.renewal",
        "contract_id",
        string="Renewal Follow-ups",
        groups="customer_loyalty.customer_loyalty_group_user",
    )
    loyalty_renewal_count = fields.Integer(
        string="Renewals",
        compute="_compute_loyalty_renewal_count",
        groups="customer_loyalty.customer_loyalty_group_user",
    )

    @api.depends("loyalty_renewal_ids")
    def _compute_loyalty_renewal_count(self):
        counts = dict(
            self.env["customer.contract.renewal"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.loyalty_renewal_count = counts.get(contract, 0)

    @api.constrains("predecessor_contract_id", "partner_id")
    def _check_predecessor_contract_id(self):
        for contract in self.filtered("predecessor_contract_id"):
            predecessor = contract.predecessor_contract_id
            if predecessor == contract:
                raise ValidationError(
                    self.env._(
                        "The contract %(contract)s cannot renew itself: choose "
                        "the earlier contract it replaces.",
                        contract=contract.display_name,
                    )
                )
            if predecessor.commercial_partner_id != contract.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The contract %(contract)s cannot renew %(predecessor)s: "
                        "it belongs to another customer (%(customer)s).",
                        contract=contract.display_name,
                        predecessor=predecessor.display_name,
                        customer=predecessor.commercial_partner_id.display_name,
                    )
                )

    def action_view_loyalty_renewals(self):
        self.ensure_one()
        self.env["customer.contract.renewal"]._check_loyalty_group("user")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty_contract.customer_contract_renewal_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {}
        return action
