"""The Customer Loyalty dashboard: its spreadsheet loads, every model, field
and menu it names exists, its data sources are readable by the roles who see
it, and its texts are translated."""

import json
import re

from odoo.tests import tagged
from odoo.tools import file_open
from odoo.tools.translate import extract_spreadsheet_terms

from odoo.addons.customer_loyalty.tests.common import LoyaltyCase
from odoo.addons.spreadsheet.utils.validate_data import (
    fields_in_spreadsheet,
    menus_xml_ids_in_spreadsheet,
    odoo_charts,
)

DASHBOARD_FILE = (
    "spreadsheet_dashboard_customer_loyalty/data/files/customer_loyalty_dashboard.json"
)


@tagged("post_install", "-at_install")
class TestLoyaltyDashboard(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "spreadsheet_dashboard_customer_loyalty.spreadsheet_dashboard_customer_loyalty"
        )
        cls.data = json.loads(cls.dashboard.spreadsheet_data)

    def test_the_dashboard_data_loads_from_its_file(self):
        with file_open(DASHBOARD_FILE) as file:
            self.assertEqual(json.load(file), self.data)
        result = self.dashboard.with_user(self.user_manager).get_readonly_dashboard()
        self.assertEqual(result["snapshot"]["sheets"][0]["name"], "Dashboard")
        self.assertNotIn("is_sample", result)
        self.assertEqual(
            {f["label"] for f in result["snapshot"]["globalFilters"]},
            {"Period", "Segment"},
        )

    def test_every_model_and_field_it_references_exists(self):
        references = fields_in_spreadsheet(self.data)
        self.assertTrue(
            {
                "customer.kpi.value",
                "helpdesk.ticket.analysis",
                "customer.satisfaction.report",
                "improvement.project",
                "res.partner",
            }
            <= set(references)
        )
        for model, chains in references.items():
            self.assertIn(model, self.env, f"model {model} of the dashboard")
            for chain in chains:
                current = self.env[model]
                for name in chain.split("."):
                    self.assertIn(name, current._fields, f"field {chain} of {model}")
                    field = current._fields[name]
                    if field.relational:
                        current = self.env[field.comodel_name]
        for xmlid in menus_xml_ids_in_spreadsheet(self.data):
            menu = self.env.ref(xmlid, raise_if_not_found=False)
            self.assertTrue(menu, f"menu {xmlid} of the dashboard")
            self.assertTrue(menu.action, f"menu {xmlid} opens something")
        for global_filter in self.data["globalFilters"]:
            if global_filter["type"] == "relation":
                self.assertIn(global_filter["modelName"], self.env)

    def test_every_chart_and_table_follows_the_segment_filter(self):
        segment_filter = next(
            f for f in self.data["globalFilters"] if f["label"] == "Segment"
        )
        sources = [
            *self.data["pivots"].values(),
            *odoo_charts(self.data),
            *(
                source
                for source in self.data["lists"].values()
                if source["model"] != "improvement.project"
            ),
        ]
        for source in sources:
            self.assertIn(segment_filter["id"], source["fieldMatching"])

    def test_its_data_sources_are_readable_by_managers_and_direction(self):
        for user in (self.user_manager, self.user_direction):
            for pivot in self.data["pivots"].values():
                model = self.env[pivot["model"]].with_user(user)
                groupby = [
                    f"{d['fieldName']}:{d['granularity']}"
                    if d.get("granularity")
                    else d["fieldName"]
                    for d in pivot["rows"] + pivot["columns"]
                ]
                aggregates = [
                    f"{m['fieldName']}:{m['aggregator']}"
                    for m in pivot["measures"]
                    if m["fieldName"] != "__count"
                ] or ["__count"]
                model._read_group(pivot["domain"], groupby, aggregates)
            for chart in odoo_charts(self.data):
                model = self.env[chart["metaData"]["resModel"]].with_user(user)
                model.read_group(
                    chart["searchParams"]["domain"],
                    [chart["metaData"]["measure"]],
                    chart["metaData"]["groupBy"],
                    lazy=False,
                )
            for source in self.data["lists"].values():
                model = self.env[source["model"]].with_user(user)
                model.search_read(source["domain"], source["columns"], limit=10)

    def test_the_headline_pivots_find_the_company_wide_kpi_of_a_month(self):
        # the demo data computed the satisfaction index of past months
        value = self.env["customer.kpi.value"].search(
            [
                ("kpi_id.code", "=", "SAT_INDEX"),
                ("segment_id", "=", False),
                ("has_value", "=", True),
            ],
            limit=1,
        )
        self.assertTrue(value)
        pivot = self.data["pivots"]["1"]
        groups = (
            self.env["customer.kpi.value"]
            .with_user(self.user_direction)
            ._read_group(
                pivot["domain"] + [("period", "=", value.period)],
                ["segment_id", "period:month"],
                ["value:avg"],
            )
        )
        by_segment = {segment: total for segment, __, total in groups}
        self.assertAlmostEqual(by_segment[self.Segment], value.value, places=2)

    def test_only_managers_and_direction_see_it(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.user_manager, self.user_direction):
            self.assertIn(self.dashboard, Dashboard.with_user(user).search([]))
        for user in (self.user_agent, self.user_employee):
            self.assertNotIn(self.dashboard, Dashboard.with_user(user).search([]))

    def test_the_app_opens_on_the_dashboard_for_managers(self):
        root = self.env.ref("customer_loyalty.customer_loyalty_menu_root")
        dashboard_action = self.env.ref(
            "spreadsheet_dashboard_customer_loyalty.customer_loyalty_dashboard_action"
        )
        for user, expected in (
            (self.user_manager, dashboard_action),
            (self.user_direction, dashboard_action),
        ):
            menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
            self.assertEqual(menus[root.id]["actionID"], expected.id)
            self.assertEqual(menus[root.id]["actionModel"], expected._name)
        # agents do not see the dashboard: the app opens on its overview
        menus = self.env["ir.ui.menu"].with_user(self.user_agent).load_web_menus(False)
        self.assertNotEqual(menus[root.id]["actionID"], dashboard_action.id)

    def test_every_text_of_the_dashboard_has_its_spanish_translation(self):
        with file_open(DASHBOARD_FILE, "rb") as file:
            terms = {
                term for __, __, term, __ in extract_spreadsheet_terms(file, [], [], {})
            }
        self.assertIn("Satisfaction trend", terms)
        with file_open("spreadsheet_dashboard_customer_loyalty/i18n/es.po") as file:
            po = file.read()
        translated = dict(
            re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, flags=re.MULTILINE)
        )
        missing = sorted(term for term in terms if not translated.get(term))
        self.assertFalse(missing, "dashboard texts without Spanish translation")
