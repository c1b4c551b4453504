"""Two companies and the renewal cron: a customer shared between them holds
the segment of the first one; its contract with the second company is
followed with that company's default window, never with the first company's
segment, and each company reads only its own follow-ups."""

from odoo import Command, fields
from odoo.tests import tagged

from .common import ContractLoyaltyCase


@tagged("post_install", "-at_install")
class TestRenewalCompanies(ContractLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_second_company("Beta Renewals SL")
        cls.segment_a = cls.Segment.create(
            {
                "name": "Alpha Gold",
                "code": "AGOLD",
                "company_id": cls.company_a.id,
                "renewal_window_days": 90,
            }
        )
        cls.shared = cls.Partner.create(
            {
                "name": "Shared Renewals SL",
                "is_company": True,
                "customer_segment_id": cls.segment_a.id,
            }
        )
        cls.manager_a = cls._company_user(
            "cl_renewal_manager_a",
            cls.company_a,
            groups="base.group_user,customer_loyalty.customer_loyalty_group_manager",
        )

    def test_each_company_follows_its_contracts_with_its_own_segments(self):
        today = fields.Date.context_today(self.Renewal)
        # inside the first company's 90 days, outside the default 30
        contract_a = self._create_contract(
            self.shared, self._days(today, -300), self._days(today, 60)
        )
        contract_b = self.Contract.with_company(self.company_b).create(
            {
                "name": "Beta contract",
                "partner_id": self.shared.id,
                "contract_type": "sale",
                "company_id": self.company_b.id,
                "line_recurrence": True,
                "user_id": False,
                "contract_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product_hosting.id,
                            "name": "Hosting",
                            "quantity": 1,
                            "automatic_price": False,
                            "specific_price": 1200.0,
                            "recurring_rule_type": "yearly",
                            "recurring_interval": 1,
                            "date_start": self._days(today, -300),
                            "date_end": self._days(today, 60),
                        }
                    )
                ],
            }
        )
        self._run_cron()
        self._run_cron()
        renewals = self.Renewal.search(
            [("contract_id", "in", (contract_a | contract_b).ids)]
        )
        self.assertEqual(renewals.contract_id, contract_a, "B's is not due yet")
        self.assertEqual(renewals.customer_segment_id, self.segment_a)
        # within the default window of the second company it is followed,
        # without the first company's segment
        contract_b.contract_line_ids.date_end = self._days(today, 20)
        contract_b.date_end = self._days(today, 20)
        self._run_cron()
        self._run_cron()
        renewal_b = self.Renewal.search([("contract_id", "=", contract_b.id)])
        self.assertEqual(len(renewal_b), 1)
        self.assertFalse(renewal_b.customer_segment_id)
        self.assertEqual(renewal_b.window_days, 30)
        self.assertEqual(renewal_b.company_id, self.company_b)
        self.assertFalse(
            self.Renewal.with_user(self.manager_a).search([("id", "=", renewal_b.id)])
        )
