"""Reporting tables and KPIs of the demo months: the ticket analysis, the
satisfaction summary, the monthly snapshot, yearly targets, every built-in
KPI of every month and the values of the manual KPIs."""

from odoo import fields

from .common import MONTHS, month_start, ref


def build(env, ctx):
    env.flush_all()
    env["helpdesk.ticket.analysis"]._refresh_months()
    env["customer.satisfaction.summary"]._refresh_months()
    # snapshots, lost services (and their activities) and health scores,
    # as the daily cron builds them
    env["customer.partner.snapshot"]._cron_refresh_snapshots()
    periods = [month_start(ctx, m) for m in range(MONTHS, 0, -1)]
    Kpi = env["customer.kpi"].sudo()
    _create_targets(env, ctx)
    kpis = Kpi.search([("computation", "=", "builtin")])
    kpis._compute_values(periods)
    _fill_manual_kpis(env, ctx, periods)
    # the crons start from here, without redoing the demo months
    params = env["ir.config_parameter"].sudo()
    params.set_param(
        "customer_loyalty.ticket_analysis_refreshed_at",
        fields.Datetime.to_string(fields.Datetime.now()),
    )


def _create_targets(env, ctx):
    """Yearly targets of the results table for last year and this year."""
    Target = env["customer.kpi.target"].sudo()
    targets = [
        ("customer_kpi_revenue_growth", None, 10),
        ("customer_kpi_customer_count", "PREF", 10),
        ("customer_kpi_churn_rate", None, 5),
        ("customer_kpi_resolution_hours", None, 24),
        ("customer_kpi_first_response_hours", None, 8),
        ("customer_kpi_retention_rate", None, 85),
        ("customer_kpi_satisfaction_index", None, 8),
        ("customer_kpi_complaints", None, 3),
        ("customer_kpi_contacts_per_ticket", None, 1.5),
        ("customer_kpi_revenue", "PREF", 6000),
        ("customer_kpi_revenue", "STAR", 9000),
    ]
    years = sorted({ctx["start"].year, ctx["today"].year})
    for xmlid, code, value in targets:
        kpi = ref(env, xmlid)
        segment = ctx["segments"][code] if code else False
        for year in years:
            domain = [
                ("kpi_id", "=", kpi.id),
                ("year", "=", year),
                ("segment_id", "=", segment.id if segment else False),
            ]
            if not Target.search_count(domain):
                Target.create(
                    {
                        "kpi_id": kpi.id,
                        "year": year,
                        "segment_id": segment.id if segment else False,
                        "value": value,
                    }
                )


def _fill_manual_kpis(env, ctx, periods):
    """Monthly values of the KPIs entered by hand, the figures Odoo does not
    hold (profitability, proactive sales). Only the manual KPIs get values:
    the built-in ones were computed by their formulas above."""
    rng = ctx["rng"]
    Value = env["customer.kpi.value"].sudo()
    draws = {
        "customer_kpi_profitability": lambda: round(rng.uniform(14, 22), 1),
        "customer_kpi_proactive_sales": lambda: rng.randint(0, 4),
    }
    manual = {
        xmlid: kpi
        for xmlid in draws
        if (kpi := ref(env, xmlid)).computation == "manual"
    }
    existing = {
        (value.kpi_id.id, value.period)
        for value in Value.search(
            [
                ("kpi_id", "in", [kpi.id for kpi in manual.values()]),
                ("period", "in", periods),
                ("segment_id", "=", False),
            ]
        )
    }
    vals_list = [
        {"kpi_id": kpi.id, "period": period, "value": draws[xmlid]()}
        for period in periods
        for xmlid, kpi in manual.items()
        if (kpi.id, period) not in existing
    ]
    Value.create(vals_list)
