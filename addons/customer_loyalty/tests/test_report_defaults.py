"""What a manager sees first: the app opens on its overview, the analyses on
the last 12 months with the newest month first, the scorecard by KPI category
with its months written as months."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import datetime, dateutil, safe_eval

from .common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestReportDefaults(LoyaltyCase):
    def _search_filter_domain(self, action_xmlid, filter_name):
        action = self.env.ref(action_xmlid)
        model = self.env[action.res_model]
        arch = model.get_view(view_type="search")["arch"]
        node = etree.fromstring(arch).xpath(f"//filter[@name='{filter_name}']")[0]
        return safe_eval(
            node.get("domain"),
            {
                "context_today": datetime.date.today,
                "relativedelta": dateutil.relativedelta.relativedelta,
            },
        )

    def test_the_analyses_open_on_the_last_12_months(self):
        for action_xmlid in (
            "customer_loyalty.helpdesk_ticket_analysis_action",
            "customer_loyalty.customer_satisfaction_report_action",
        ):
            context = safe_eval(self.env.ref(action_xmlid).context)
            self.assertEqual(context.get("search_default_last_12_months"), 1)
            with freeze_time("2026-12-04"):
                domain = self._search_filter_domain(action_xmlid, "last_12_months")
            self.assertEqual(domain, [("month", ">=", "2026-01-01")])

    def test_pivot_months_come_newest_first_and_charts_keep_time_order(self):
        segment = self.Segment.create({"name": "Recent First", "code": "RECENT"})
        for month in ("2026-09-01", "2026-10-01", "2026-11-01"):
            self.env["helpdesk.ticket.analysis"].create(
                {
                    "month": month,
                    "company_id": self.company.id,
                    "customer_segment_id": segment.id,
                    "ticket_count": 1,
                }
            )
        Analysis = self.env["helpdesk.ticket.analysis"].with_user(self.user_manager)
        domain = [("customer_segment_id", "=", segment.id)]
        # the pivot asks without an order, lazy or not
        for lazy in (True, False):
            groups = Analysis.read_group(
                domain,
                ["ticket_count:sum"],
                ["month:month", "customer_segment_id"],
                lazy=lazy,
            )
            self.assertEqual(
                [g["__range"]["month:month"]["from"] for g in groups],
                ["2026-11-01", "2026-10-01", "2026-09-01"],
            )
        # a chart fills its time axis and reads it oldest first
        groups = Analysis.with_context(fill_temporal=True).read_group(
            domain, ["ticket_count:sum"], ["month:month"], lazy=False
        )
        self.assertEqual(
            [g["__range"]["month:month"]["from"] for g in groups],
            ["2026-09-01", "2026-10-01", "2026-11-01"],
        )
        # an explicit order is kept
        groups = Analysis.read_group(
            domain, ["ticket_count:sum"], ["month:month"], orderby="month asc"
        )
        self.assertEqual(groups[0]["__range"]["month:month"]["from"], "2026-09-01")

    def test_the_scorecard_groups_by_category_and_writes_months_as_months(self):
        action = self.env.ref("customer_loyalty.customer_kpi_value_action")
        context = safe_eval(action.context)
        self.assertEqual(context.get("search_default_group_category"), 1)
        self.assertEqual(context.get("search_default_last_month"), 1)
        arch = self.env["customer.kpi.value"].get_view(view_type="list")["arch"]
        self.assertIn('name="period_label"', arch)
        kpi = self.env.ref("customer_loyalty.customer_kpi_profitability")
        value = (
            self.env["customer.kpi.value"]
            .with_user(self.user_manager)
            .create(
                {
                    "kpi_id": kpi.id,
                    "period": date(2020, 11, 1),
                    "value": 12.5,
                    "segment_id": self.star.id,
                }
            )
        )
        self.assertEqual(value.period_label, "November 2020")
        self.env["res.lang"]._activate_lang("es_ES")
        self.assertEqual(
            value.with_context(lang="es_ES").period_label, "noviembre 2020"
        )

    def test_the_app_opens_on_the_kpi_overview(self):
        root = self.env.ref("customer_loyalty.customer_loyalty_menu_root")
        overview = self.env.ref("customer_loyalty.customer_loyalty_menu_overview")
        scorecard = self.env.ref("customer_loyalty.customer_kpi_value_action")
        self.assertEqual(overview.action, scorecard)
        # an agent does not see the loyalty dashboard of the Dashboards app:
        # the app opens on the scorecard
        menus = self.env["ir.ui.menu"].with_user(self.user_agent).load_web_menus(False)
        self.assertEqual(menus[root.id]["actionID"], scorecard.id)
        visible = root.child_id.with_user(self.user_agent)._filter_visible_menus()
        self.assertEqual(visible.sorted("sequence")[:1], overview)
