from freezegun import freeze_time

from odoo.tests import tagged

from .common import ContractLoyaltyCase

LANG = "es_ES"


@tagged("post_install", "-at_install")
class TestRenewalSpanish(ContractLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms(
            ["customer_loyalty_contract"], [LANG], overwrite=True
        )
        cls.customer_pref.write({"lang": LANG, "email": "it@ayto.example.com"})
        with freeze_time("2020-06-01"):
            contract = cls._create_contract(
                cls.customer_pref, "2019-07-01", "2020-06-30"
            )
            cls.Renewal._cron_follow_renewals()
        cls.renewal = cls.Renewal.search([("contract_id", "=", contract.id)])

    def test_the_renewal_offer_reaches_a_spanish_customer_in_spanish(self):
        before = self.renewal.message_ids
        with freeze_time("2020-06-02"):
            self.renewal.with_user(self.user_agent).action_send_offer()
        offer = (self.renewal.message_ids - before).filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertIn("Renovación de su contrato", offer.subject)
        self.assertIn("oferta de renovación", offer.body)

    def test_the_follow_up_and_its_kpis_read_in_spanish(self):
        Renewal = self.Renewal.with_context(lang=LANG)
        states = dict(Renewal._fields["state"]._description_selection(Renewal.env))
        self.assertEqual(states["to_contact"], "Por contactar")
        kpi = self.env.ref(
            "customer_loyalty_contract.customer_kpi_contract_retention_rate"
        ).with_context(lang=LANG)
        self.assertEqual(kpi.name, "Tasa de retención de contratos")
