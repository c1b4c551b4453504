from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestSegmentHistory(LoyaltyCase):
    def _periods(self, partner):
        return self.History.search([("partner_id", "=", partner.id)], order="date_from")

    def test_setting_a_segment_opens_a_period(self):
        periods = self._periods(self.customer_star)
        self.assertEqual(len(periods), 1)
        self.assertEqual(periods.segment_id, self.star)
        self.assertFalse(periods.date_to)

    def test_changing_segment_closes_the_previous_period(self):
        with freeze_time("2026-01-10"):
            partner = self.Partner.create(
                {
                    "name": "Moving customer",
                    "is_company": True,
                    "customer_segment_id": self.standard.id,
                }
            )
        with freeze_time("2026-03-01"):
            partner.customer_segment_id = self.preferential
        periods = self._periods(partner)
        self.assertEqual(
            periods.mapped("segment_id"), self.standard | self.preferential
        )
        self.assertEqual(periods[0].date_from, date(2026, 1, 10))
        self.assertEqual(periods[0].date_to, date(2026, 3, 1))
        self.assertEqual(periods[1].date_from, date(2026, 3, 1))
        self.assertFalse(periods[1].date_to)

    def test_same_day_changes_keep_one_period_per_day(self):
        with freeze_time("2026-01-10"):
            partner = self.Partner.create(
                {
                    "name": "Hesitant customer",
                    "is_company": True,
                    "customer_segment_id": self.standard.id,
                }
            )
        with freeze_time("2026-02-01"):
            partner.customer_segment_id = self.star
            partner.customer_segment_id = self.preferential
        periods = self._periods(partner)
        self.assertEqual(
            periods.mapped("segment_id"), self.standard | self.preferential
        )
        with freeze_time("2026-02-01"):
            partner.customer_segment_id = self.standard
        periods = self._periods(partner)
        # back to the segment left that day: the old period is simply reopened
        self.assertEqual(len(periods), 1)
        self.assertFalse(periods.date_to)

    def test_removing_the_segment_closes_the_period(self):
        with freeze_time("2030-05-01"):
            self.customer_pref.customer_segment_id = False
        period = self._periods(self.customer_pref)
        self.assertEqual(period.date_to, date(2030, 5, 1))

    def test_contact_shows_and_follows_its_company_segment(self):
        self.assertEqual(self.contact_star.customer_segment_id, self.star)
        self.customer_star.customer_segment_id = self.preferential
        self.assertEqual(self.contact_star.customer_segment_id, self.preferential)
        # history is kept on the commercial entity only
        self.assertFalse(self._periods(self.contact_star))

    def test_new_contact_gets_its_company_segment(self):
        contact = self.Partner.create(
            {"name": "Luis Pref", "parent_id": self.customer_pref.id}
        )
        self.assertEqual(contact.customer_segment_id, self.preferential)

    def test_contact_cannot_take_another_segment_than_its_company(self):
        with self.assertRaises(ValidationError) as error:
            self.contact_star.customer_segment_id = self.standard
        self.assertIn(self.customer_star.name, str(error.exception))
        self.assertEqual(self.contact_star.customer_segment_id, self.star)

    def test_segment_change_is_tracked_in_the_chatter(self):
        # records created in the same transaction are not tracked: commit-like
        self.env.cr.precommit.run()
        self.customer_pref.customer_segment_id = self.star
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.customer_pref.invalidate_recordset(["message_ids"])
        tracked = self.customer_pref.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "customer_segment_id"
        )
        self.assertTrue(tracked)
        self.assertEqual(tracked[0].new_value_char, self.star.display_name)

    def test_batch_write_of_1000_partners_costs_bounded_queries(self):
        partners = self.Partner.create(
            [
                {
                    "name": f"Batch customer {i}",
                    "is_company": True,
                    "customer_segment_id": self.standard.id,
                }
                for i in range(1000)
            ]
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        partners = partners.browse(partners.ids)
        # the number of queries does not depend on the number of partners:
        # reads + one UPDATE of partners + tracking + 4 history statements
        with self.assertQueryCount(60):
            partners.write({"customer_segment_id": self.star.id})
            self.env.flush_all()
        open_periods = self.History.search_count(
            [
                ("partner_id", "in", partners.ids),
                ("segment_id", "=", self.star.id),
                ("date_to", "=", False),
            ]
        )
        self.assertEqual(open_periods, 1000)
        # and each customer's chatter tells the change
        tracked = self.env["mail.tracking.value"].search_count(
            [
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "in", partners.ids),
                ("field_id.name", "=", "customer_segment_id"),
                ("new_value_integer", "=", self.star.id),
            ]
        )
        self.assertEqual(tracked, 1000)

    def test_import_with_segment_code_records_history(self):
        result = self.Partner.with_context(import_file=True).load(
            ["name", "is_company", "customer_segment_id"],
            [["Imported Star SL", "1", "STAR"], ["Imported Std SL", "1", "STD"]],
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Partner.browse(result["ids"])
        self.assertEqual(imported.customer_segment_id, self.star | self.standard)
        self.assertEqual(
            self.History.search_count([("partner_id", "in", imported.ids)]), 2
        )

    def test_import_with_unknown_segment_code_is_reported(self):
        result = self.Partner.with_context(import_file=True).load(
            ["name", "is_company", "customer_segment_id"],
            [["Unknown Segment SL", "1", "GOLD"]],
        )
        self.assertTrue(result["messages"])
        self.assertEqual(result["messages"][0]["type"], "error")
        self.assertFalse(self.Partner.search([("name", "=", "Unknown Segment SL")]))

    def test_segment_of_customers_at_a_past_date(self):
        with freeze_time("2025-01-01"):
            partner = self.Partner.create(
                {
                    "name": "Old customer",
                    "is_company": True,
                    "customer_segment_id": self.standard.id,
                }
            )
        with freeze_time("2025-06-01"):
            partner.customer_segment_id = self.star
        at = self.History._get_segments_at
        self.assertEqual(at(partner.ids, date(2024, 12, 31)), {})
        self.assertEqual(
            at(partner.ids, date(2025, 3, 1)), {partner.id: self.standard.id}
        )
        self.assertEqual(
            at(partner.ids, date(2025, 5, 31)), {partner.id: self.standard.id}
        )
        self.assertEqual(at(partner.ids, date(2025, 6, 1)), {partner.id: self.star.id})

    def test_segment_at_date_is_one_query(self):
        partners = self.customer_std | self.customer_pref | self.customer_star
        self.env.flush_all()
        with self.assertQueryCount(1):
            self.History._get_segments_at(partners.ids, date.today())

    def test_entries_and_exits_of_a_segment_between_two_dates(self):
        with freeze_time("2025-01-15"):
            first, second, third = self.Partner.create(
                [
                    {"name": name, "is_company": True, "customer_segment_id": seg.id}
                    for name, seg in (
                        ("Entry A", self.preferential),
                        ("Entry B", self.preferential),
                        ("Entry C", self.standard),
                    )
                ]
            )
        with freeze_time("2025-02-10"):
            first.customer_segment_id = self.star  # exits preferential
        with freeze_time("2025-03-05"):
            third.customer_segment_id = self.preferential  # enters preferential
        moves = self.History._get_segment_moves(
            self.preferential.id, date(2025, 2, 1), date(2025, 3, 31)
        )
        self.assertEqual(moves["entries"], 1)
        self.assertEqual(moves["exits"], 1)
        self.assertEqual(moves["entry_partner_ids"], third.ids)
        self.assertEqual(moves["exit_partner_ids"], first.ids)
        january = self.History._get_segment_moves(
            self.preferential.id, date(2025, 1, 1), date(2025, 1, 31)
        )
        self.assertEqual(january["entries"], 2)
        self.assertEqual(january["exits"], 0)
        self.assertNotIn(second.id, moves["exit_partner_ids"])

    def test_count_customers_in_segments_at_a_date(self):
        with freeze_time("2024-06-01"):
            self.Partner.create(
                [
                    {
                        "name": f"Counted {i}",
                        "is_company": True,
                        "customer_segment_id": self.star.id,
                    }
                    for i in range(3)
                ]
            )
        counts = self.History._count_customers_at(date(2024, 6, 30), [self.star.id])
        self.assertEqual(counts, {self.star.id: 3})

    def test_overlapping_periods_are_refused(self):
        period = self._periods(self.customer_star)
        with self.assertRaises(ValidationError) as error:
            self.History.create(
                {
                    "partner_id": self.customer_star.id,
                    "segment_id": self.standard.id,
                    "date_from": period.date_from,
                }
            )
        self.assertIn("overlap", str(error.exception))

    def test_period_ending_before_it_starts_is_refused(self):
        with self.assertRaises(ValidationError):
            self.History.create(
                {
                    "partner_id": self.customer_std.id,
                    "segment_id": self.standard.id,
                    "date_from": date(2024, 5, 1),
                    "date_to": date(2024, 4, 1),
                }
            )

    def test_only_managers_change_a_customer_segment(self):
        with self.assertRaises(AccessError):
            self.customer_std.with_user(self.user_agent).write(
                {"customer_segment_id": self.star.id}
            )
        self.customer_std.with_user(self.user_manager).write(
            {"customer_segment_id": self.star.id}
        )
        self.assertEqual(self.customer_std.customer_segment_id, self.star)

    def test_agent_can_still_edit_other_partner_fields(self):
        self.customer_star.with_user(self.user_agent).write(
            {"phone": "+34 600 000 000"}
        )
        self.assertEqual(self.customer_star.phone, "+34 600 000 000")

    def test_segment_history_form_shows_partner_periods(self):
        action = self.contact_star.action_view_segment_history()
        periods = self.History.search(action["domain"])
        self.assertEqual(periods.partner_id, self.customer_star)

    def test_contacts_of_a_company_created_together_follow_it(self):
        company = self.Partner.create(
            {
                "name": "Group SA",
                "is_company": True,
                "customer_segment_id": self.preferential.id,
                "child_ids": [Command.create({"name": "Group contact"})],
            }
        )
        self.assertEqual(company.child_ids.customer_segment_id, self.preferential)
