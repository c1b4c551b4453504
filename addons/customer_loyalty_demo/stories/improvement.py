"""Evidence of the improvement areas of customer_loyalty's demo (tickets,
complaints, survey items) and a sixth area with its project in planning."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command

from .common import ref, set_xmlid


def build(env, ctx):
    _link_evidence(env, ctx)
    _create_new_area(env, ctx)


def _link_evidence(env, ctx):
    tickets = {
        kind: env["helpdesk.ticket"].browse(
            [i["ticket"].id for i in ctx["tickets"] if i["kind"] == kind]
        )
        for kind in ("payment", "complaint", "reinstall", "hardware", "sysadmin")
    }
    annex = ref(env, "survey_preferential_satisfaction")

    def items(key):
        return annex.question_ids.filtered(lambda q: q.loyalty_item_key == key)

    ref(env, "improvement_area_demo_payment").write(
        {
            "ticket_ids": [
                Command.set((tickets["payment"] | tickets["complaint"])[:12].ids)
            ],
            "survey_question_ids": [Command.set(items("payment_billing").ids)],
        }
    )
    ref(env, "improvement_area_demo_followup").write(
        {
            "ticket_ids": [Command.set(tickets["complaint"][:6].ids)],
            "survey_question_ids": [Command.set(items("communication").ids)],
        }
    )
    ref(env, "improvement_area_demo_intake").write(
        {
            "ticket_ids": [
                Command.set(
                    (
                        tickets["reinstall"][:4]
                        | tickets["hardware"][:4]
                        | tickets["sysadmin"][:4]
                    ).ids
                )
            ],
            "survey_question_ids": [Command.set(items("resolution_speed").ids)],
        }
    )
    ref(env, "improvement_area_demo_single_invoice").write(
        {
            "ticket_ids": [
                Command.set(
                    [
                        i["ticket"].id
                        for i in ctx["tickets"]
                        if i["kind"] == "suggestion"
                    ]
                )
            ]
        }
    )


def _create_new_area(env, ctx):
    """The next improvement area, read in the last survey wave: speed of
    resolution is important and rated under 7. Selected, with its
    project still in planning."""
    annex = ref(env, "survey_preferential_satisfaction")
    users = ctx["users"]
    area = env["improvement.area"].create(
        {
            "name": "Speed of resolution of dedicated-server incidents",
            "sequence": 6,
            "origin": "survey",
            "segment_id": ctx["segments"]["PREF"].id,
            "user_id": users["marta"].id,
            "description": Markup(
                "<p>Preferential customers rate the speed of resolution "
                "under 7 while they give it an importance of 9.</p>"
            ),
            "smart_specific": True,
            "smart_specific_note": "Incidents of dedicated servers.",
            "smart_measurable": True,
            "smart_measurable_note": "Average resolution time and the survey item.",
            "smart_achievable": True,
            "smart_achievable_note": "Advanced support owns the resolution.",
            "smart_relevant": True,
            "smart_relevant_note": "Second worst item of the matrix.",
            "smart_time_bound": True,
            "smart_time_bound_note": "Four months.",
            "survey_question_ids": [
                Command.set(
                    annex.question_ids.filtered(
                        lambda q: q.loyalty_item_key == "resolution_speed"
                    ).ids
                )
            ],
            "ticket_ids": [
                Command.set(
                    [i["ticket"].id for i in ctx["tickets"] if i["kind"] == "incident"]
                )
            ],
        }
    )
    area.action_select()
    set_xmlid(env, "improvement_area_demo_resolution_speed", area)
    project = env["improvement.project"].create(
        {
            "name": "SMART 4: faster resolution of dedicated-server incidents",
            "objective": "Bring the average resolution time of dedicated-server "
            "incidents of preferential customers under 24 hours.",
            "area_id": area.id,
            "leader_id": users["jorge"].id,
            "member_ids": [
                Command.set([users["tsa"].id, users["it1"].id, users["info1"].id])
            ],
            "date_start": ctx["today"] + timedelta(days=10),
            "date_end": ctx["today"] + relativedelta(months=4),
            "stage_id": ref(env, "improvement_project_stage_planning").id,
        }
    )
    set_xmlid(env, "improvement_project_demo_smart4", project)
