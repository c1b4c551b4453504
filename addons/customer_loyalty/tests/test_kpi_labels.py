from datetime import date

from odoo.tests import tagged

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestKpiLabels(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_spanish()
        cls.Value = cls.env["customer.kpi.value"]
        cls.kpi = cls.env["customer.kpi"].create(
            {
                "name": "Hosting availability",
                "code": "AVAILABILITY_TEST",
                "computation": "manual",
                "unit": "percent",
                "company_id": cls.company.id,
            }
        )
        cls.env["customer.kpi.target"].create(
            {"kpi_id": cls.kpi.id, "year": 2020, "value": 99.5}
        )

    def _value(self, period, value, segment=None):
        # rows written in the cron's language (English)
        return self.Value.with_context(lang="en_US").create(
            {
                "kpi_id": self.kpi.id,
                "period": period,
                "value": value,
                "segment_id": segment.id if segment else False,
            }
        )

    def test_kpi_rows_read_in_spanish_show_spanish_segment_labels(self):
        row_all = self._value(date(2020, 11, 1), 99.0)
        row_std = self._value(date(2020, 11, 1), 98.0, self.standard)
        spanish = dict(
            self.Value.with_context(lang="es_ES").fields_get(["segment_label"])[
                "segment_label"
            ]["selection"]
        )
        self.assertEqual(spanish[row_all.segment_label], "Todos los clientes")
        self.assertEqual(spanish[row_std.segment_label], "Estándar")
        english = dict(
            self.Value.with_context(lang="en_US").fields_get(["segment_label"])[
                "segment_label"
            ]["selection"]
        )
        self.assertEqual(english[row_std.segment_label], "Standard")
        # grouped by the column, the Spanish reader gets Spanish groups
        groups = self.Value.with_context(lang="es_ES").read_group(
            [("kpi_id", "=", self.kpi.id)], ["segment_label"], ["segment_label"]
        )
        self.assertEqual(
            {spanish[g["segment_label"]] for g in groups},
            {"Todos los clientes", "Estándar"},
        )

    def test_each_value_shows_the_same_month_of_the_previous_year(self):
        self._value(date(2019, 11, 1), 97.0)
        row = self._value(date(2020, 11, 1), 99.0)
        self.assertEqual((row.last_year_value, row.has_last_year), (97.0, True))
        self.assertEqual(row.target, 99.5)
        self.assertEqual(row.with_context(lang="en_US").last_year_display, "97.0 %")
        # a value entered later for last year reaches this year's row
        row_oct = self._value(date(2020, 10, 1), 98.0)
        self.assertFalse(row_oct.has_last_year)
        self._value(date(2019, 10, 1), 96.0)
        self.assertEqual(row_oct.last_year_value, 96.0)
