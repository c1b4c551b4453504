"""Fixture of the loyalty signal tests: services billed at their cadence."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command

from .common import LoyaltyCase


class SignalsCase(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lost = cls.env["customer.lost.service"]
        cls.Snapshot = cls.env["customer.partner.snapshot"]
        cls.family = cls.env["product.category"].create({"name": "Hosting"})
        Product = cls.env["product.product"]
        cls.server = Product.create(
            {"name": "Dedicated server", "categ_id": cls.family.id}
        )
        cls.backup = Product.create(
            {"name": "Online backup", "categ_id": cls.family.id}
        )
        cls.domain = Product.create({"name": "Domain .es", "categ_id": cls.family.id})
        cls.standard.manager_id = cls.user_manager
        cls.preferential.manager_id = cls.user_manager
        cls.star.manager_id = cls.user_manager
        cls.company.loyalty_lost_grace_days = 15

    @classmethod
    def _customer(cls, name, segment=None):
        return cls.Partner.with_context(segment_change_date=date(2018, 1, 1)).create(
            {
                "name": name,
                "is_company": True,
                "customer_segment_id": (segment or cls.standard).id,
            }
        )

    @classmethod
    def _invoice(cls, partner, day, lines):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "invoice_date_due": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                    for product, amount in lines
                ],
            }
        )
        move.action_post()
        return move

    @classmethod
    def _bill_every(cls, partner, product, months, first, last, amount=100):
        """Invoice ``product`` to ``partner`` every ``months`` months from
        ``first`` to ``last`` (dates), on the day of ``first``."""
        day = first
        moves = cls.env["account.move"]
        while day <= last:
            moves |= cls._invoice(partner, day, [(product, amount)])
            day += relativedelta(months=months)
        return moves

    def _losses(self, partner):
        return self.Lost.search([("partner_id", "=", partner.id)])

    def _activities(self, partner, summary="Lost service"):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "like", summary),
            ]
        )
