"""Bad input in imports: CSV lines go through ``load()``, as the
import dialog (base_import) does. Every bad line gets its own clear error,
and when one line is bad nothing of the file is written."""

from datetime import date

from odoo.tests import tagged

from .intake_common import IntakeCase


@tagged("post_install", "-at_install")
class TestBadInput(IntakeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["customer.kpi"]
        cls.manual_kpi = cls.Kpi.create(
            {
                "name": "Calls answered in 20 s",
                "code": "BAD_INPUT_CALLS",
                "computation": "manual",
                "unit": "percent",
            }
        )
        cls.builtin_kpi = cls.Kpi.search([("computation", "=", "builtin")], limit=1)
        cls.ticket = cls._create_ticket(
            cls.customer_std, category_id=cls.category_reinstall.id
        )
        # tickets asking the template's questions, without their answers yet:
        # the answers are imported
        cls.ticket_free = cls._create_ticket(
            cls.customer_pref, category_id=cls.category_reinstall.id
        )
        cls.ticket_free_2 = cls._create_ticket(
            cls.customer_pref, category_id=cls.category_reinstall.id
        )
        (cls.ticket_free | cls.ticket_free_2).intake_answer_ids.unlink()

    def _load(self, model, fields, rows, lang=None):
        """``load()`` as the import dialog calls it; returns the bad line
        numbers (1-based, as the user sees them) and the messages."""
        env = self.env(context=dict(self.env.context, import_file=True, lang=lang))
        before = env[model].search_count([])
        result = env[model].load(fields, rows)
        errors = [m for m in result["messages"] if m["type"] == "error"]
        for message in errors:
            self.assertTrue(message["message"].strip(), "an empty error message")
        self.assertFalse(result["ids"], "nothing imported when a line is bad")
        self.assertEqual(env[model].search_count([]), before, "nothing half-written")
        # Odoo repeats the first error of a failed batch on its first line,
        # before the error of each line: that repeat is not a bad line
        by_line = [(m["record"] + 1, m["message"]) for m in errors if "record" in m]
        first = min((line for line, __ in by_line), default=None)
        lines = {
            line
            for line, message in by_line
            if line != first
            or not any(other != line and text == message for other, text in by_line)
        }
        return lines, " | ".join(m["message"] for m in errors)

    # --- partners with segment codes ---------------------------------------

    def test_partner_lines_with_unknown_codes_or_wrong_types_are_reported(self):
        histories = self.History.search_count([])
        lines, text = self._load(
            "res.partner",
            ["name", "is_company", "customer_segment_id", "customer_rank"],
            [
                ["Good Import SL", "1", "STAR", "1"],
                ["Unknown Code SL", "1", "GOLDEN", "1"],
                ["Wrong Boolean SL", "perhaps", "STD", "1"],
                ["Wrong Number SL", "1", "STD", "many"],
            ],
        )
        self.assertEqual(lines, {2, 3, 4})
        self.assertIn("GOLDEN", text)
        self.assertIn("many", text)
        self.assertFalse(self.Partner.search([("name", "like", "Import SL")]))
        self.assertEqual(self.History.search_count([]), histories)

    # --- intake answers ------------------------------------------------------

    def test_intake_answer_lines_with_wrong_values_are_reported(self):
        ref = self._xmlid
        lines, text = self._load(
            "helpdesk.ticket.intake.answer",
            ["ticket_id/id", "line_id/id", "value_text", "value_number"],
            [
                # good
                [ref(self.ticket_free), ref(self.q_ip), "10.0.0.1", ""],
                # a number that is not one
                [ref(self.ticket_free), ref(self.q_disks), "", "two"],
                # a text for a number question
                [ref(self.ticket_free), ref(self.q_date), "next monday", ""],
                # an unknown question
                [ref(self.ticket_free), "customer_loyalty.no_such_question", "x", ""],
                # oversized
                [ref(self.ticket_free_2), ref(self.q_ip), "9" * 20000, ""],
            ],
        )
        self.assertEqual(lines, {2, 3, 4, 5})
        self.assertIn("two", text)
        self.assertIn("too long", text)
        self.assertFalse(
            self.Answer.search([("ticket_id", "=", self.ticket_free.id)]),
        )

    def test_duplicate_intake_answers_are_reported(self):
        ref = self._xmlid
        lines, text = self._load(
            "helpdesk.ticket.intake.answer",
            ["ticket_id/id", "line_id/id", "value_text"],
            [
                [ref(self.ticket_free), ref(self.q_ip), "10.0.0.1"],
                [ref(self.ticket_free), ref(self.q_ip), "10.0.0.2"],
            ],
        )
        self.assertTrue(lines)
        self.assertTrue(text)

    # --- KPI manual values and targets -------------------------------------

    def test_kpi_value_lines_out_of_range_or_wrong_type_are_reported(self):
        lines, text = self._load(
            "customer.kpi.value",
            ["kpi_id", "period", "value"],
            [
                ["Calls answered in 20 s", "2025-01-01", "87.5"],
                ["Calls answered in 20 s", "2025-02-01", "eighty"],
                ["Calls answered in 20 s", "2999-01-01", "80"],
                ["Calls answered in 20 s", "2025-03-01", "-5"],
                ["No such indicator", "2025-04-01", "80"],
                [self.builtin_kpi.name, "2025-05-01", "80"],
                ["Calls answered in 20 s", "01/13/2025", "80"],
            ],
        )
        self.assertEqual(lines, {2, 3, 4, 5, 6, 7}, text)
        self.assertIn("eighty", text)
        self.assertIn("future month", text)
        self.assertIn("cannot be negative", text)
        self.assertFalse(
            self.env["customer.kpi.value"].search([("kpi_id", "=", self.manual_kpi.id)])
        )

    def test_duplicate_kpi_values_are_reported(self):
        lines, __ = self._load(
            "customer.kpi.value",
            ["kpi_id", "period", "value"],
            [
                ["Calls answered in 20 s", "2025-01-01", "87.5"],
                ["Calls answered in 20 s", "2025-01-01", "90"],
            ],
        )
        self.assertTrue(lines)

    def test_kpi_target_lines_out_of_range_or_duplicate_are_reported(self):
        lines, text = self._load(
            "customer.kpi.target",
            ["kpi_id", "year", "value"],
            [
                ["Calls answered in 20 s", "2026", "90"],
                ["Calls answered in 20 s", "26000", "90"],
                ["Calls answered in 20 s", "2027", "-10"],
                ["Calls answered in 20 s", "next year", "90"],
                ["Calls answered in 20 s", "2026", "95"],
            ],
        )
        self.assertEqual(lines, {2, 3, 4, 5}, text)
        self.assertIn("not a valid year", text)
        self.assertIn("cannot be negative", text)
        self.assertFalse(self.manual_kpi.target_ids)

    def test_errors_are_given_in_the_language_of_the_user(self):
        self._load_spanish()
        __, text = self._load(
            "customer.segment",
            ["name", "code", "response_target_hours"],
            [["Negative", "NEG", "-4"]],
            lang="es_ES",
        )
        self.assertIn("no puede ser negativo", text)

    def test_a_good_file_imports_every_line(self):
        result = self.env["customer.kpi.value"].load(
            ["kpi_id", "period", "value"],
            [
                ["Calls answered in 20 s", "2025-01-01", "87.5"],
                ["Calls answered in 20 s", "2025-02-01", "91"],
            ],
        )
        self.assertFalse(result["messages"])
        values = self.env["customer.kpi.value"].browse(result["ids"])
        self.assertEqual(
            sorted(values.mapped("period")), [date(2025, 1, 1), date(2025, 2, 1)]
        )

    @classmethod
    def _xmlid(cls, record):
        xmlid = record.get_external_id()[record.id]
        if not xmlid:
            name = f"bad_input_{record._table}_{record.id}"
            cls.env["ir.model.data"].create(
                {
                    "module": "__test__",
                    "name": name,
                    "model": record._name,
                    "res_id": record.id,
                }
            )
            xmlid = f"__test__.{name}"
        return xmlid
