"""What a newcomer walks first (README "The first hour"): the agent joins the
Preferential Attention team, the Star customer Hospital Comarcal San Roque gets
a portal login, the headline KPIs get their targets, and Odoo's own demo
partners are no customers of the hosting company. The role logins and the
portal setting are plain records: ``demo/first_hour_demo.xml``."""

from odoo import Command

from .common import PREFIX, ref

# targets of the dashboard's headline KPIs that the seed documents leave open
TARGETS = [
    ("customer_kpi_satisfied_rate", 80),
    ("customer_kpi_lost_customers", 1),
]


def build(env, ctx):
    clear_foreign_segments(env)
    ref(env, PREFIX + "helpdesk_ticket_team_demo_preferential").user_ids = [
        Command.link(ref(env, PREFIX + "demo_user_agent").id)
    ]
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "partner_id": ref(env, PREFIX + "demo_customer_hospital_contact_1").id,
            "login": "customer",
            "password": "customer",
            "groups_id": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    Target = env["customer.kpi.target"].sudo()
    for xmlid, value in TARGETS:
        kpi = ref(env, xmlid)
        for year in sorted({ctx["start"].year, ctx["today"].year}):
            domain = [
                ("kpi_id", "=", kpi.id),
                ("year", "=", year),
                ("segment_id", "=", False),
            ]
            if not Target.search_count(domain):
                Target.create({"kpi_id": kpi.id, "year": year, "value": value})


def clear_foreign_segments(env):
    """Odoo's own demo partners (Deco Addict, Azure Interior, ...) are no
    customers of the hosting company, yet installing customer_loyalty put them
    and their tickets in the default segment (they have invoices or tickets of
    Odoo's demo): the demo takes it back, with their segment history."""
    foreign = (
        env["ir.model.data"]
        .search([("model", "=", "res.partner")])
        .filtered(lambda data: not data.module.startswith("customer_loyalty"))
    )
    partners = (
        env["res.partner"]
        .browse(foreign.mapped("res_id"))
        .exists()
        .filtered("customer_segment_id")
        .commercial_partner_id
    )
    partners -= env["res.company"].search([]).partner_id
    env["customer.segment.history"].sudo().search(
        [("partner_id", "child_of", partners.ids)]
    ).unlink()
    partners.with_context(customer_loyalty_skip_history=True).write(
        {"customer_segment_id": False}
    )
    # their tickets (Odoo's helpdesk demo) were given the segment as well
    env["helpdesk.ticket"].search(
        [("commercial_partner_id", "in", partners.ids)]
    ).customer_segment_id = False
