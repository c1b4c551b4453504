"""What every story shares: the seeded generator, the dates, the records
of customer_loyalty and its demo files the stories build on, and helpers to
read and name records."""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

SEED = 20070101
MONTHS = 18
# records of customer_loyalty (its data and demo files) are read with this
# prefix; the records a story creates are named in this addon
MAIN = "customer_loyalty."
PREFIX = "customer_loyalty_demo."

SEGMENT_XMLIDS = {
    "STD": "segment_standard",
    "PREF": "segment_preferential",
    "STAR": "segment_star",
}


def ref(env, xmlid):
    """The record ``xmlid``, of customer_loyalty when it has no module."""
    if "." not in xmlid:
        xmlid = MAIN + xmlid
    return env.ref(xmlid)


def set_xmlid(env, name, record):
    """Name ``record`` ``customer_loyalty_demo.<name>`` (noupdate)."""
    env["ir.model.data"]._update_xmlids(
        [{"xml_id": PREFIX + name, "record": record, "noupdate": True}]
    )


def month_start(ctx, months_ago):
    return (ctx["today"] - relativedelta(months=months_ago)).replace(day=1)


def segment_at(ctx, customer, day):
    """Segment code of ``customer`` on ``day`` from its timeline."""
    code = None
    for months_ago, segment_code in customer["timeline"]:
        since = ctx["today"] - relativedelta(months=months_ago)
        if months_ago >= MONTHS:
            since = ctx["start"]
        if day >= since:
            code = segment_code
    return code


def prepare_context(env, rng, today, start):
    segments = {code: ref(env, xmlid) for code, xmlid in SEGMENT_XMLIDS.items()}
    users = {
        key: ref(env, "improvement_demo_user_" + key)
        for key in (
            "marta",
            "gestion1",
            "gestion2",
            "jorge",
            "info1",
            "it1",
            "elena",
            "crm",
            "tsa",
        )
    }
    Team = env["helpdesk.ticket.team"]
    teams = {
        "preferential": Team.create(
            {
                "name": "Preferential Attention",
                "user_ids": [
                    Command.set(
                        [
                            users["info1"].id,
                            users["elena"].id,
                            env.ref("base.user_admin").id,
                        ]
                    )
                ],
            }
        ),
        "tsa": Team.create(
            {
                "name": "Advanced Technical Support (TSA)",
                "user_ids": [Command.set([users["jorge"].id, users["tsa"].id])],
            }
        ),
        "management": Team.create(
            {
                "name": "Management (Billing)",
                "user_ids": [Command.set([users["gestion1"].id, users["gestion2"].id])],
            }
        ),
    }
    for key, team in teams.items():
        set_xmlid(env, "helpdesk_ticket_team_demo_" + key, team)
    stages = {
        "new": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new"),
        "progress": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
        "awaiting": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting"),
        "done": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"),
        "cancelled": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled"),
    }
    channels = {
        "email": env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
        "phone": env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
        "web": env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web"),
        "whatsapp": ref(env, "helpdesk_ticket_channel_whatsapp"),
        "social": ref(env, "helpdesk_ticket_channel_social"),
        "in_person": ref(env, "helpdesk_ticket_channel_in_person"),
        "suggestion_box": ref(env, "helpdesk_ticket_channel_suggestion_box"),
    }
    return {
        "rng": rng,
        "today": today,
        "start": start,
        "now": fields.Datetime.now(),
        "segments": segments,
        "users": users,
        "teams": teams,
        "stages": stages,
        "channels": channels,
        "company": env.company,
        "invoice_count": 0,
        "survey_count": 0,
    }
