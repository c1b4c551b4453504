"""Shared fixture of the contract bridge tests: contracts of customers in each
segment, built on the main addon's fixture."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.customer_loyalty.tests.common import LoyaltyCase


@tagged("post_install", "-at_install")
class ContractLoyaltyCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["contract.contract"]
        cls.Renewal = cls.env["customer.contract.renewal"]
        cls.star.renewal_window_days = 90
        cls.preferential.renewal_window_days = 60
        cls.standard.renewal_window_days = 30
        cls.star.manager_id = cls.user_manager
        cls.preferential.manager_id = cls.user_manager
        cls.standard.manager_id = cls.user_manager
        cls.customer_std.customer_segment_id = cls.standard
        cls.product_hosting = cls.env["product.product"].create(
            {"name": "Managed hosting", "type": "service", "list_price": 1200.0}
        )
        cls.product_backup = cls.env["product.product"].create(
            {"name": "Off-site backup", "type": "service", "list_price": 50.0}
        )

    @classmethod
    def _create_contract(cls, partner, date_start, date_end, lines=None, **vals):
        """A customer contract with one line per ``(product, yearly price,
        rule)`` of ``lines`` (default: hosting at 1,200 a year)."""
        lines = lines or [(cls.product_hosting, 1200.0, "yearly")]
        values = {
            "name": f"{partner.name} {date_end}",
            "partner_id": partner.id,
            "contract_type": "sale",
            "line_recurrence": True,
            "user_id": False,
            "contract_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": product.name,
                        "quantity": 1,
                        "automatic_price": False,
                        "specific_price": price,
                        "recurring_rule_type": rule,
                        "recurring_interval": 1,
                        "date_start": fields.Date.to_date(date_start),
                        "date_end": fields.Date.to_date(date_end),
                    }
                )
                for product, price, rule in lines
            ],
        }
        values.update(vals)
        return cls.Contract.create(values)

    @staticmethod
    def _days(day, count):
        return fields.Date.to_date(day) + relativedelta(days=count)

    def _run_cron(self):
        return self.Renewal._cron_follow_renewals()

    def _activities(self, renewals):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.contract.renewal"),
                ("res_id", "in", renewals.ids),
            ]
        )
