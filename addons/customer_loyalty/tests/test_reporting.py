"""Reporting tables: ticket analysis and customer monthly snapshot."""

from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .kpi_common import KpiCase, dt
from .survey_common import SurveyLoyaltyCase


@tagged("post_install", "-at_install")
class TestTicketAnalysis(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Analysis = cls.env["helpdesk.ticket.analysis"]
        # December 2020: P closes in 24 h (within target) and 48 h (late),
        # S closes in 12 h, R stays open; T3 of November is not in December
        cls._december_tickets_of_a()
        cls._ticket_at(cls.d, dt("2020-12-07 00:00"), closed=dt("2020-12-07 12:00"))
        cls._ticket_at(cls.d, dt("2020-11-30 12:00"), closed=dt("2020-12-01 12:00"))
        cls.open_ticket = cls._ticket_at(cls.e, dt("2020-12-10 00:00"))

    def _december(self, groupby):
        return self.Analysis._read_group(
            [("month", "=", date(2020, 12, 1)), ("company_id", "=", self.company.id)],
            groupby,
            [
                "ticket_count:sum",
                "open_count:sum",
                "resolution_hours:avg",
                "within_target_rate:avg",
            ],
        )

    def test_pivot_averages_are_weighted_by_tickets(self):
        self.Analysis._refresh_months([date(2020, 12, 1)])
        by_segment = {
            seg: rest for seg, *rest in self._december(["customer_segment_id"])
        }
        # P: 2 tickets, (24 + 48) / 2 = 36 h, 1 of 2 within target
        self.assertEqual(by_segment[self.preferential], [2, 0, 36.0, 50.0])
        self.assertEqual(by_segment[self.standard][:3], [1, 0, 12.0])
        self.assertEqual(by_segment[self.star][:2], [1, 1])
        # the whole month: (24 + 48 + 12) / 3 closed = 28 h (not (36 + 12) / 2)
        [(tickets, pending, hours, within)] = self._december([])
        self.assertEqual((tickets, pending, hours, within), (4, 1, 28.0, 50.0))

    def test_contact_types_and_contacts_per_closed_ticket(self):
        december = self.env["helpdesk.ticket"].search(
            [("partner_id", "in", (self.a | self.d | self.e).ids)]
        )
        first, second = december.filtered(lambda t: t.partner_id == self.a).sorted(
            "create_date"
        )
        # P: a complaint with 3 contacts and a request with 1; S (December): an
        # incident with 2; R: still open, its 5 contacts count in no average
        for ticket, contact_type, contacts in (
            (first, "complaint", 3),
            (second, "request", 1),
            (
                december.filtered(
                    lambda t: t.partner_id == self.d and t.create_date.day == 7
                ),
                "incident",
                2,
            ),
            (self.open_ticket, "incident", 5),
        ):
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET contact_type = %s,"
                " customer_contact_count = %s WHERE id = %s",
                (contact_type, contacts, ticket.id),
            )
        self.Analysis._refresh_months([date(2020, 12, 1)])
        domain = [
            ("month", "=", date(2020, 12, 1)),
            ("company_id", "=", self.company.id),
        ]
        by_segment = dict(
            self.Analysis._read_group(
                domain, ["customer_segment_id"], ["contacts_per_ticket:avg"]
            )
        )
        self.assertEqual(by_segment[self.preferential], 2.0)  # (3 + 1) / 2
        self.assertEqual(by_segment[self.standard], 2.0)
        self.assertFalse(by_segment[self.star], "no closed ticket: no average")
        [(overall,)] = self.Analysis._read_group(
            domain, [], ["contacts_per_ticket:avg"]
        )
        self.assertEqual(overall, 2.0)  # (3 + 1 + 2) / 3 closed tickets
        by_type = dict(
            self.Analysis._read_group(domain, ["contact_type"], ["ticket_count:sum"])
        )
        self.assertEqual(by_type["complaint"], 1)
        self.assertEqual(by_type["incident"], 2)

    def test_pivot_reads_the_aggregated_table_in_one_query(self):
        self.Analysis._refresh_months([date(2020, 12, 1)])
        self.env.invalidate_all()
        with self.assertQueryCount(1):
            self._december(["customer_segment_id", "team_id"])

    def test_cron_refresh_is_incremental_and_idempotent(self):
        self.Analysis._cron_refresh()
        first = [tuple(row) for row in self._december(["customer_segment_id"])]
        self.Analysis._cron_refresh()
        self.assertEqual(
            [tuple(row) for row in self._december(["customer_segment_id"])], first
        )
        # closing the open ticket moves it from pending to closed
        self.open_ticket.stage_id = self.closed_stage
        self.Analysis._cron_refresh()
        [(tickets, pending, __, __)] = self._december([])
        self.assertEqual((tickets, pending), (4, 0))

    def test_agents_and_direction_read_the_analysis_employees_do_not(self):
        self.Analysis._refresh_months([date(2020, 12, 1)])
        self.assertTrue(self.Analysis.with_user(self.user_direction).search_count([]))
        self.assertTrue(self.Analysis.with_user(self.user_agent).search_count([]))
        with self.assertRaises(AccessError):
            self.Analysis.with_user(self.user_employee).search_count([])


@tagged("post_install", "-at_install")
class TestPartnerSnapshot(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["customer.partner.snapshot"]
        cls.preferential.manager_id = cls.user_manager
        # A is billed the backup monthly (December to February), then in
        # March 2020 hosting and domain again, not the backup
        cls._invoice(cls.a, "2019-12-10", [(cls.backup, 200)])
        cls._invoice(cls.a, "2020-01-10", [(cls.backup, 200)])
        cls._invoice(cls.a, "2020-03-10", [(cls.hosting, 1200), (cls.domain, 300)])

    def _snap(self, partner, month):
        return self.Snapshot.search(
            [("partner_id", "=", partner.id), ("month", "=", month)]
        )

    def _lost_activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "like", "Online backup"),
            ]
        )

    @freeze_time("2020-04-15")
    def test_a_lost_service_shows_in_the_month_and_notifies_once(self):
        self.Snapshot._cron_refresh_snapshots()
        february = self._snap(self.a, date(2020, 2, 1))
        self.assertEqual(february.revenue, 1700)
        self.assertEqual((february.product_count, february.family_count), (3, 3))
        march = self._snap(self.a, date(2020, 3, 1))
        # 1200 + 300 - 100 refund
        self.assertEqual(march.revenue, 1400)
        self.assertEqual(march.lost_product_count, 1)
        self.assertEqual(march.lost_product_names, "Online backup")
        self.assertFalse(march.is_lost)
        activity = self._lost_activities(self.a)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_manager)
        self.Snapshot._cron_refresh_snapshots()
        self.assertEqual(len(self._lost_activities(self.a)), 1, "never twice")

    @freeze_time("2020-04-15")
    def test_a_customer_billed_once_is_new_and_never_lost(self):
        self.Snapshot._cron_refresh_snapshots()
        # C bought hosting in June 2019 and nothing after: no usual interval
        self.assertTrue(self._snap(self.c, date(2019, 6, 1)).is_new)
        self.assertFalse(
            self.Snapshot.search(
                [("partner_id", "=", self.c.id), ("lost_product_count", ">", 0)]
            )
        )
        # A was a customer before February 2020: not new then
        self.assertFalse(self._snap(self.a, date(2020, 2, 1)).is_new)

    @freeze_time("2020-04-15")
    def test_refresh_only_rebuilds_what_changed(self):
        self.assertGreater(self.Snapshot._cron_refresh_snapshots(), 0)
        before = {
            s.id: (s.revenue, s.lost_product_count)
            for s in self.Snapshot.search([("partner_id", "=", self.a.id)])
        }
        # March rebuilt alone reads February from the stored rows: the same
        # lost service, and A is still not a new customer
        self.Snapshot._refresh_pairs(
            [(self.a.id, date(2020, 3, 1), self.env.company.id)]
        )
        march = self._snap(self.a, date(2020, 3, 1))
        self.assertEqual(
            (march.lost_product_count, march.lost_product_names, march.is_new),
            (1, "Online backup", False),
        )
        self.assertEqual(
            set(march.product_names.split(", ")), {"Dedicated server", "Domain .es"}
        )
        # the backup comes back in March: the loss is recovered
        self._invoice(self.a, "2020-03-20", [(self.backup, 200)])
        self.Snapshot._cron_refresh_snapshots()
        march = self._snap(self.a, date(2020, 3, 1))
        self.assertEqual((march.revenue, march.recovered_product_count), (1600, 1))
        after = {
            s.id: (s.revenue, s.lost_product_count)
            for s in self.Snapshot.search([("partner_id", "=", self.a.id)])
        }
        self.assertEqual(set(after), set(before), "rows are updated, not duplicated")
        # one transaction has one clock: pretend the data was written an hour
        # before the last run, so that only what comes next is a change
        self.env.flush_all()
        for table in (
            "account_move",
            "helpdesk_ticket",
            "survey_user_input",
            "customer_lost_service",
        ):
            self.env.cr.execute(
                f"UPDATE {table} SET write_date = write_date - interval '2 hours'"
            )
        self.env.cr.execute("SELECT now() at time zone 'UTC' - interval '1 hour'")
        self.env["ir.config_parameter"].set_param(
            "customer_loyalty.snapshot_refreshed_at", self.env.cr.fetchone()[0]
        )
        self.assertEqual(self.Snapshot._cron_refresh_snapshots(), 0)
        self._invoice(self.a, "2020-03-25", [(self.backup, 50)])
        self.assertEqual(self.Snapshot._cron_refresh_snapshots(), 1)

    @freeze_time("2020-04-15")
    def test_the_current_month_is_never_flagged_lost(self):
        self._invoice(self.a, "2020-04-02", [(self.domain, 10)])
        self.Snapshot._cron_refresh_snapshots()
        april = self._snap(self.a, date(2020, 4, 1))
        self.assertEqual((april.lost_product_count, april.is_lost), (0, False))


@tagged("post_install", "-at_install")
class TestReportingAfterDeletion(KpiCase):
    def test_deleting_a_ticket_updates_the_analysis_and_the_snapshot(self):
        ticket = self._ticket_at(self.e, dt("2020-12-10 00:00"))
        Analysis = self.env["helpdesk.ticket.analysis"]
        Snapshot = self.env["customer.partner.snapshot"]
        Analysis._cron_refresh()
        Snapshot._cron_refresh_snapshots()
        domain = [
            ("month", "=", date(2020, 12, 1)),
            ("company_id", "=", self.company.id),
        ]
        self.assertEqual(sum(Analysis.search(domain).mapped("ticket_count")), 1)
        snap = Snapshot.search(
            [("partner_id", "=", self.e.id), ("month", "=", date(2020, 12, 1))]
        )
        self.assertEqual(snap.ticket_count, 1)
        ticket.unlink()
        # the ticket tells no reporting table: each cron finds the deletion
        # itself (and a second run changes nothing)
        for __ in range(2):
            Analysis._cron_refresh()
            Snapshot._cron_refresh_snapshots()
        self.assertFalse(Analysis.search(domain))
        # E still bought its backup in December: the row stays, without ticket
        self.assertEqual((snap.ticket_count, snap.revenue), (0, 1000))

    def test_the_reports_count_every_month_only_after_a_deletion(self):
        """Finding the months of deleted tickets counts the tickets of every
        month (the whole ticket table): the analysis and the snapshot refresh
        do it only when rows were deleted since their last run."""
        Analysis = self.env["helpdesk.ticket.analysis"]
        Snapshot = self.env["customer.partner.snapshot"]
        self._ticket_at(self.e, dt("2020-12-10 00:00"))
        doomed = self._ticket_at(self.e, dt("2020-11-10 00:00"))

        def refresh_scans():
            queries = []
            with contextmanager(self._patchExecute)(queries):
                Analysis._cron_refresh()
                Snapshot._cron_refresh_snapshots()
            return (
                any("FULL JOIN" in query for query in queries),
                any("WITH stored AS" in query for query in queries),
            )

        refresh_scans()
        refresh_scans()
        self.assertEqual(refresh_scans(), (False, False))
        doomed.unlink()
        self.assertEqual(refresh_scans(), (True, True))
        self.assertFalse(
            Analysis.search(
                [
                    ("month", "=", date(2020, 11, 1)),
                    ("company_id", "=", self.company.id),
                ]
            )
        )
        self.assertEqual(refresh_scans(), (False, False))


@tagged("post_install", "-at_install")
class TestSnapshotService(KpiCase, SurveyLoyaltyCase):
    """March 2020: A (preferential) opens a complaint and a request and
    answers a post-resolution survey with an overall score of 4."""

    @freeze_time("2020-04-15")
    def test_complaints_and_satisfaction_of_the_month(self):
        Snapshot = self.env["customer.partner.snapshot"]
        complaint = self._ticket_at(self.a, dt("2020-03-03 09:00"))
        self._ticket_at(self.a, dt("2020-03-04 09:00"))
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET contact_type = 'complaint' WHERE id = %s",
            (complaint.id,),
        )
        with freeze_time("2020-03-20 10:00:00"):
            self._answer(
                self.UserInput.create(
                    {
                        "survey_id": self.survey_post.id,
                        "partner_id": self.a.id,
                        "ticket_id": complaint.id,
                    }
                ),
                {"q4s": 4},
            )
        Snapshot._cron_refresh_snapshots()
        march = Snapshot.search(
            [("partner_id", "=", self.a.id), ("month", "=", date(2020, 3, 1))]
        )
        self.assertEqual((march.ticket_count, march.complaint_count), (2, 1))
        self.assertEqual((march.survey_count, march.satisfaction), (1, 4.0))

    @freeze_time("2020-04-15")
    def test_a_survey_alone_makes_a_row_and_a_segment_change_relabels(self):
        Snapshot = self.env["customer.partner.snapshot"]
        with freeze_time("2019-08-10 10:00:00"):
            self._answer(
                self.UserInput.create(
                    {"survey_id": self.survey_post.id, "partner_id": self.d.id}
                ),
                {"q4s": 9},
            )
        Snapshot._cron_refresh_snapshots()
        august = Snapshot.search(
            [("partner_id", "=", self.d.id), ("month", "=", date(2019, 8, 1))]
        )
        self.assertEqual((august.survey_count, august.satisfaction), (1, 9.0))
        self.assertEqual(august.customer_segment_id, self.standard)
        # D had been a star customer since July 2019, as found out later
        self.d.with_context(
            segment_change_date=date(2019, 7, 1)
        ).customer_segment_id = self.star
        Snapshot._cron_refresh_snapshots()
        self.assertEqual(august.customer_segment_id, self.star)
