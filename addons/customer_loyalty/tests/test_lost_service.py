from datetime import date

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLostServiceModel(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Lost = cls.env["customer.lost.service"]
        cls.family = cls.env["product.category"].create({"name": "Hosting"})
        cls.server = cls.env["product.product"].create(
            {"name": "Dedicated server", "categ_id": cls.family.id}
        )

    def _loss(self, **vals):
        values = {
            "partner_id": self.customer_star.id,
            "product_id": self.server.id,
            "last_billed_date": date(2020, 1, 10),
            "expected_date": date(2020, 2, 10),
            "lost_date": date(2020, 2, 25),
            "cadence": "monthly",
        }
        values.update(vals)
        return self.Lost.create(values)

    def test_the_lost_reasons_are_shipped(self):
        codes = ("price", "service_quality", "competitor", "business_closed")
        for code in (*codes, "unknown"):
            reason = self.env.ref(f"customer_loyalty.customer_lost_reason_{code}")
            self.assertEqual(reason.code, code)

    def test_a_loss_keeps_family_segment_and_company(self):
        loss = self._loss()
        self.assertEqual(loss.product_categ_id, self.family)
        self.assertEqual(loss.customer_segment_id, self.star)
        self.assertEqual(loss.company_id, self.company)
        self.assertEqual((loss.source, loss.state), ("invoice", "lost"))

    def test_the_same_loss_is_never_recorded_twice(self):
        self._loss()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._loss()
            self.env.flush_all()

    def test_a_loss_belongs_to_the_commercial_entity(self):
        with self.assertRaises(ValidationError):
            self._loss(partner_id=self.contact_star.id)

    def test_a_loss_before_its_last_invoice_is_refused(self):
        with self.assertRaises(ValidationError):
            self._loss(lost_date=date(2019, 12, 1))

    def test_agents_read_losses_only_managers_change_them(self):
        loss = self._loss()
        self.assertTrue(loss.with_user(self.user_agent).has_access("read"))
        self.assertFalse(loss.with_user(self.user_agent).has_access("write"))
        self.assertTrue(loss.with_user(self.user_manager).has_access("write"))
        self.assertFalse(loss.with_user(self.user_employee).has_access("read"))
