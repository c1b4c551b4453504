from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ContractLoyaltyCase


@tagged("post_install", "-at_install")
class TestContractKpis(ContractLoyaltyCase):
    """Contracts ending in the first half of 2020 (window of the June value
    of the yearly KPIs: 2020-01-01 to 2020-06-30)::

        R1 star  ends 03-31  offer 03-01 (on time)  renewed by a successor
        R2 pref  ends 04-30  offer 05-05 (late)     not renewed   1,800 a year
        R3 std   ends 05-31  no offer               renewed by extension
        R4 pref  ends 06-15  offer 05-05 (on time)  no outcome yet
        R5 star  ends 08-31  (outside the window)   renewed by extension

    Retention: star 1/1, pref 0/2, std 1/1, all 2/4. On time: star 1/1,
    pref 1/2, std 0/1, all 2/4. Not renewed value: pref 1,800, all 1,800.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner in (cls.customer_star, cls.customer_pref, cls.customer_std):
            partner.email = "it@%s.example.com" % partner.id
        price = cls.env.ref("customer_loyalty.customer_lost_reason_price")
        contract = cls._create_contract
        r1 = contract(cls.customer_star, "2019-04-01", "2020-03-31")
        r2 = contract(
            cls.customer_pref,
            "2019-05-01",
            "2020-04-30",
            lines=[
                (cls.product_hosting, 1200.0, "yearly"),
                (cls.product_backup, 50.0, "monthly"),
            ],
        )
        r3 = contract(cls.customer_std, "2019-06-01", "2020-05-31")
        r4 = contract(cls.customer_pref, "2019-06-16", "2020-06-15")
        r5 = contract(cls.customer_star, "2019-09-01", "2020-08-31")
        Renewal = cls.Renewal.with_user(cls.user_agent)

        def renewal(contract):
            return Renewal.search([("contract_id", "=", contract.id)])

        with freeze_time("2020-03-01"):
            cls.Renewal._cron_follow_renewals()
            renewal(r1).action_send_offer()
        with freeze_time("2020-03-20"):
            contract(
                cls.customer_star,
                "2020-04-01",
                "2021-03-31",
                predecessor_contract_id=r1.id,
            )
        with freeze_time("2020-05-01"):
            cls.Renewal._cron_follow_renewals()
        with freeze_time("2020-05-05"):
            renewal(r2).action_send_offer()
            renewal(r2).write(
                {"lost_reason_id": price.id, "outcome_note": "Cheaper elsewhere."}
            )
            renewal(r2).action_mark_not_renewed()
            renewal(r4).action_send_offer()
        with freeze_time("2020-05-20"):
            r3.contract_line_ids.date_end = "2021-05-31"
            cls.Renewal._cron_follow_renewals()
        with freeze_time("2020-06-10"):
            cls.Renewal._cron_follow_renewals()
            r5.contract_line_ids.date_end = "2021-08-31"
            cls.Renewal._cron_follow_renewals()
        cls.renewals = {
            name: renewal(c)
            for name, c in (("r1", r1), ("r2", r2), ("r3", r3), ("r4", r4), ("r5", r5))
        }

    def _values(self, xmlid):
        kpi = self.env.ref(xmlid)
        period = date(2020, 6, 1)
        with freeze_time("2020-07-02"):
            kpi._compute_values([period])
        rows = self.env["customer.kpi.value"].search(
            [("kpi_id", "=", kpi.id), ("period", "=", period)]
        )
        by_segment = {row.segment_id: row.value for row in rows}
        return {
            "all": by_segment[self.env["customer.segment"]],
            "star": by_segment[self.star],
            "pref": by_segment[self.preferential],
            "std": by_segment[self.standard],
        }

    def test_the_follow_ups_reached_the_outcomes_of_the_scenario(self):
        states = {name: r.state for name, r in self.renewals.items()}
        self.assertEqual(
            states,
            {
                "r1": "renewed",
                "r2": "not_renewed",
                "r3": "renewed",
                "r4": "offer_sent",
                "r5": "renewed",
            },
        )
        self.assertEqual(self.renewals["r2"].annual_value, 1800.0)
        self.assertFalse(self.renewals["r2"].is_offer_on_time)
        self.assertTrue(self.renewals["r4"].is_offer_on_time)

    def test_contract_retention_rate_against_hand_computed_values(self):
        values = self._values(
            "customer_loyalty_contract.customer_kpi_contract_retention_rate"
        )
        self.assertEqual(
            values, {"all": 50.0, "star": 100.0, "pref": 0.0, "std": 100.0}
        )

    def test_renewals_handled_on_time_against_hand_computed_values(self):
        values = self._values(
            "customer_loyalty_contract.customer_kpi_renewal_on_time_rate"
        )
        self.assertEqual(values, {"all": 50.0, "star": 100.0, "pref": 50.0, "std": 0.0})

    def test_value_of_contracts_not_renewed_against_hand_computed_values(self):
        values = self._values(
            "customer_loyalty_contract.customer_kpi_contract_lost_value"
        )
        self.assertEqual(
            values, {"all": 1800.0, "star": 0.0, "pref": 1800.0, "std": 0.0}
        )
