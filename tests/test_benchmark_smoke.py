"""Smoke run of the benchmark scripts: ``benchmarks/generate`` fills a
separate database at a small scale and ``benchmarks/run`` measures it. Only
row and query counts are asserted, never times.

The scripts install the addon in a database of their own (they need their own
transactions, commits and a copy of a database), so the test creates one and
drops it. The scale is a tenth of the full benchmark (100,000 tickets, 10,000 customers,
100,000+ survey answer lines, 20,000 invoices): about four minutes on an idle
2-core machine, without the plain helpdesk_mgmt database and the install
measurement (``benchmarks/run`` covers those at full scale).
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir))
BENCH = os.path.join(ROOT, "benchmarks")
SMOKE_SCALE = "0.1"


@pytest.mark.slow
class TestBenchmarkSmoke(unittest.TestCase):
    def _script(self, name, *args):
        proc = subprocess.run(
            [sys.executable, os.path.join(BENCH, name), *args],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        self.assertEqual(
            proc.returncode,
            0,
            f"{name} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}",
        )
        return proc.stdout

    def _dropdb(self, db):
        subprocess.run(
            [sys.executable, "-c", f"import benchlib; benchlib.dropdb({db!r})"],
            cwd=BENCH,
            check=False,
        )

    def test_generator_and_runner_measure_a_small_database(self):
        # BENCH_SMOKE_DB names the database (two runs side by side)
        db = os.environ.get("BENCH_SMOKE_DB", "bench_smoke")[:63]
        self.addCleanup(self._dropdb, db)
        with tempfile.TemporaryDirectory() as tmp:
            self._script("generate", "--scale", SMOKE_SCALE, "--db", db, "--no-plain")
            output = os.path.join(tmp, "RESULTS.md")
            with open(output, "w") as previous:
                previous.write(
                    "old\n<!-- load:begin -->\nload figures\n<!-- load:end -->\n"
                )
            figures = os.path.join(tmp, "figures.json")
            self._script(
                "run",
                "--db",
                db,
                "--plain-db",
                "",
                "--runs",
                "1",
                "--skip-install",
                "--output",
                output,
                "--json",
                figures,
            )
            with open(figures) as data:
                report = json.load(data)
            with open(output) as text:
                results = text.read()
        r = report["results"]
        # the generator's volumes at this scale
        self.assertEqual(report["tickets"], 100_000)
        self.assertEqual(report["customers"], 10_000)
        self.assertEqual(report["invoices"], 20_000)
        # with the contract bridge on the addons path: contracts of half the
        # customers, and the renewal follow-ups of those in their window
        if report["contracts"] is not None:
            self.assertEqual(report["contracts"], 5_000)
            self.assertGreater(report["renewals"], 0)
        self.assertGreater(r["satisfaction"]["lines"], 100_000)
        self.assertGreater(r["snapshot"]["rows"], 0)
        # the pivot through the ORM returns the numbers of the hand-written SQL
        self.assertTrue(r["ticket_pivot"]["match"])
        self.assertGreater(r["ticket_pivot"]["groups"], 24)
        # query counts of the agent's screens and of the pivots
        self.assertLessEqual(r["agent"]["list"]["queries"], 12)
        # the form reads the customer's overdue debt (one company-scoped SQL
        # query) and the customer type and routing rule it was opened with
        self.assertLessEqual(r["agent"]["form"]["queries"], 17)
        self.assertLessEqual(r["agent"]["form_intake"]["queries"], 17)
        # plain helpdesk_mgmt creates a ticket in 23 queries, closes it in 36
        self.assertLessEqual(r["agent"]["create"]["queries"], 23 + 5)
        self.assertLessEqual(r["agent"]["close"]["queries"], 36 + 5)
        self.assertLessEqual(r["ticket_pivot"]["orm"]["queries"], 6)
        self.assertLessEqual(r["satisfaction"]["orm"]["queries"], 6)
        self.assertLessEqual(r["snapshot"]["orm"]["queries"], 6)
        # the satisfaction summary gives the figures of the answered items
        self.assertTrue(r["satisfaction"]["match"])
        # every menu of the addon opened as the web client opens it; a menu of
        # a module that is not installed here (the contract bridge) is skipped
        # with its reason
        menus = {row["menu"]: row for row in r["menus"]}
        if report["contracts"] is not None:
            self.assertNotIn("skipped", menus["Renewals Due"])
        for label in ("Ticket Analysis", "Satisfaction Analysis", "Updates Due"):
            self.assertGreaterEqual(menus[label]["call_count"], 1)
        for row in r["menus"]:
            if row["xmlid"].startswith("customer_loyalty."):
                self.assertNotIn("skipped", row, row["menu"])
                self.assertGreater(row["queries"], 0, row["menu"])
            else:
                self.assertTrue(row.get("skipped") or row.get("queries"), row["menu"])
        # the pivots read the summary tables: a few queries, whatever the scale
        self.assertLessEqual(menus["Satisfaction Analysis"]["queries"], 12)
        self.assertIn("| Satisfaction Analysis | pivot |", results)
        # the monthly KPI cron filled every KPI of the month, all segments
        self.assertGreater(r["kpi_cron"]["values"], 16)
        # a fixed number of statements, plus the ORM's batched UPDATEs of the
        # partners (about one per hundred)
        self.assertGreater(r["segment_change"]["partners"], 9000)
        self.assertLessEqual(
            r["segment_change"]["queries"], 40 + r["segment_change"]["partners"] // 75
        )
        # RESULTS.md is written and keeps the concurrent-load section
        self.assertIn("| Ticket analysis pivot", results)
        self.assertIn("<!-- load:begin -->\nload figures\n<!-- load:end -->", results)
        self.assertIn("EXPLAIN (ANALYZE, BUFFERS)", results)
