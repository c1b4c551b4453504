"""Summary tables of the reporting: the satisfaction analysis by
month and item, the customer snapshots by segment and month. They give the
figures of the detailed models, with weighted averages."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .kpi_common import KpiCase
from .survey_common import SurveyLoyaltyCase


@tagged("post_install", "-at_install")
class TestSatisfactionSummary(SurveyLoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Summary = cls.env["customer.satisfaction.summary"]
        cls.Report = cls.env["customer.satisfaction.report"]
        cls.customers = cls.Partner.create(
            [
                {
                    "name": f"Summary customer {letter}",
                    "is_company": True,
                    "email": f"summary.{letter.lower()}@example.com",
                    "customer_segment_id": cls.preferential.id,
                }
                for letter in "ABC"
            ]
        )

    def _answer_all(self):
        """Resolution speed: satisfaction 8, 5, 4, importance 10, 9, 8."""
        answers = [
            {"q11s": 9, "q10": 1, "q5s": 8, "q5i": 10},
            {"q11s": 6, "q10": 0, "q5s": 5, "q5i": 9},
            {"q11s": 7, "q10": 0, "q5s": 4, "q5i": 8},
        ]
        inputs = self.UserInput
        for customer, values in zip(self.customers, answers, strict=True):
            user_input = self.UserInput.create(
                {
                    "survey_id": self.survey_pref.id,
                    "partner_id": customer.id,
                    "email": customer.email,
                    "customer_segment_id": self.preferential.id,
                }
            )
            inputs |= self._answer(user_input, values)
        return inputs

    def _figures(self, model, segment_field):
        if model == self.Report:
            return self._row_figures()
        return {
            (key, segment.id): (
                round(satisfaction, 4),
                importance and round(importance, 4),
            )
            for key, segment, satisfaction, importance in model._read_group(
                [], ["item_key", segment_field], ["satisfaction:avg", "importance:avg"]
            )
        }

    def _row_figures(self):
        """The figures averaged over the rows of the analysis table itself."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT item_key, segment_id, coalesce(avg(satisfaction), 0),"
            " coalesce(avg(importance), 0)"
            " FROM customer_satisfaction_report GROUP BY 1, 2"
        )
        return {
            (key, segment or False): (
                round(satisfaction, 4),
                importance and round(importance, 4),
            )
            for key, segment, satisfaction, importance in self.env.cr.fetchall()
        }

    def test_analysis_pivot_reads_the_summary_with_the_same_figures(self):
        self._answer_all()
        groupby = ["item_name", "date:month"]
        measures = ["satisfaction:avg", "importance:avg"]
        Summary = type(self.Summary)
        with patch.object(
            Summary, "_read_group", autospec=True, side_effect=Summary._read_group
        ) as summary_read_group:
            from_summary = self.Report.read_group([], measures, groupby, lazy=False)
        self.assertTrue(summary_read_group.called)
        # grouped by customer too, only the answered items can answer
        by_customer = self.Report.read_group(
            [], measures, [*groupby, "partner_id"], lazy=False
        )
        totals = {}
        for group in by_customer:
            key = (group["item_name"], group["date:month"])
            count, sat, imp = totals.get(key, (0, 0.0, 0.0))
            totals[key] = (
                count + group["__count"],
                sat + (group["satisfaction"] or 0) * group["__count"],
                imp + (group["importance"] or 0) * group["__count"],
            )
        self.assertEqual(
            {(g["item_name"], g["date:month"]): g["__count"] for g in from_summary},
            {key: count for key, (count, __, ___) in totals.items()},
        )
        speed = next(
            g
            for g in self.Report.read_group(
                [
                    ("item_key", "=", "resolution_speed"),
                    ("partner_id", "in", self.customers.ids),
                ],
                measures,
                ["item_key"],
                lazy=False,
            )
        )
        self.assertAlmostEqual(speed["satisfaction"], 17 / 3)
        self.assertAlmostEqual(speed["importance"], 9)

    def _speed(self):
        rows = self.Summary.search(
            [
                ("item_key", "=", "resolution_speed"),
                ("segment_id", "=", self.preferential.id),
            ]
        )
        return (
            sum(rows.mapped("satisfaction_count")),
            sum(rows.mapped("satisfaction_sum")),
            sum(rows.mapped("importance_sum")),
        )

    def test_summary_gives_the_weighted_figures_of_the_analysis(self):
        self.Summary._cron_refresh()
        before = self._speed()
        self._answer_all()
        self.Summary._cron_refresh()
        self.assertEqual(
            self._figures(self.Summary, "segment_id"),
            self._figures(self.Report, "segment_id"),
        )
        after = self._speed()
        # three answers more: 8 + 5 + 4 satisfaction, 10 + 9 + 8 importance
        self.assertEqual(
            tuple(a - b for a, b in zip(after, before, strict=True)), (3, 17, 27)
        )

    def test_refresh_is_incremental_and_idempotent(self):
        self._answer_all()
        self.Summary._cron_refresh()
        fields = ["month", "item_key", "segment_id", "answer_count", "satisfaction_sum"]

        def rows():
            return sorted(
                tuple(row[f] for f in fields)
                # ids, not (id, name) pairs: rows without a segment sort too
                for row in self.Summary.search([]).read(fields, load=None)
            )

        first = rows()
        self.Summary._cron_refresh()
        self.assertEqual(rows(), first)

    def test_deleting_an_answer_updates_the_summary(self):
        inputs = self._answer_all()
        self.Summary._cron_refresh()
        before = self._speed()
        inputs[2].unlink()
        # the answer tells no reporting table: the cron finds the deletion
        self.Summary._cron_refresh()
        self.Summary._cron_refresh()
        after = self._speed()
        self.assertEqual(
            tuple(b - a for a, b in zip(after, before, strict=True)), (1, 4, 8)
        )


@tagged("post_install", "-at_install")
class TestSegmentSnapshot(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["customer.partner.snapshot"]
        cls.Segment = cls.env["customer.segment.snapshot"]
        # the backup billed monthly from December to February is lost in March
        cls._invoice(cls.a, "2019-12-10", [(cls.backup, 200)])
        cls._invoice(cls.a, "2020-01-10", [(cls.backup, 200)])
        cls._invoice(cls.a, "2020-03-10", [(cls.hosting, 1200), (cls.domain, 300)])

    def _by_segment(self, model, measure):
        return {
            (segment, month): value
            for segment, month, value in model._read_group(
                [("company_id", "=", self.company.id)],
                ["customer_segment_id", "month:month"],
                [measure],
            )
        }

    @freeze_time("2020-04-15")
    def test_segment_table_adds_up_the_customer_snapshots(self):
        self.Snapshot._cron_refresh_snapshots()
        self.assertEqual(
            self._by_segment(self.Segment, "revenue:sum"),
            self._by_segment(self.Snapshot, "revenue:sum"),
        )
        lost = self._by_segment(self.Segment, "lost_product_count:sum")
        self.assertEqual(
            lost, self._by_segment(self.Snapshot, "lost_product_count:sum")
        )
        march = self.Segment.search(
            [
                ("month", "=", date(2020, 3, 1)),
                ("customer_segment_id", "=", self.a.customer_segment_id.id),
            ]
        )
        self.assertEqual(march.lost_product_count, 1)

    @freeze_time("2020-04-15")
    def test_an_invoice_moves_the_segment_figures_at_the_next_refresh(self):
        self.Snapshot._cron_refresh_snapshots()
        before = self._by_segment(self.Segment, "revenue:sum")
        self._invoice(self.a, "2020-03-20", [(self.hosting, 50)])
        self.Snapshot._cron_refresh_snapshots()
        after = self._by_segment(self.Segment, "revenue:sum")
        key = (self.a.customer_segment_id, date(2020, 3, 1))
        self.assertEqual(after[key] - before.get(key, 0), 50)
        self.assertEqual(after, self._by_segment(self.Snapshot, "revenue:sum"))
