"""Survey answers: three campaigns of the satisfaction survey to the
preferential and star customers, post-resolution answers, and the
participant survey of two closed improvement projects."""

from datetime import datetime, time, timedelta

from odoo import Command
from odoo.tools import SQL

from .common import month_start, ref, segment_at


def _rated_lines(env, ctx, survey, bias):
    """Answer lines for every rated question of ``survey`` (choice
    questions with 0-10 answers), drawn around ``bias[item_key]``."""
    rng = ctx["rng"]
    lines = []
    overall_score = None
    for question in survey.question_ids.filtered(
        lambda q: q.loyalty_measure not in (False, "other") and q.suggested_answer_ids
    ):
        answers = question.suggested_answer_ids
        if question.loyalty_measure == "recommend":
            value = 1 if rng.random() < 0.85 else 0
        else:
            mean = bias.get(question.loyalty_item_key, 7.6)
            if question.loyalty_measure == "importance":
                mean = bias.get("importance:" + (question.loyalty_item_key or ""), 8)
            value = max(0, min(10, round(rng.gauss(mean, 1.3))))
        answer = answers.filtered(lambda a, v=value: a.loyalty_value == v)[:1]
        if not answer:
            continue
        if question.loyalty_measure == "overall":
            overall_score = value
        lines.append(
            Command.create(
                {
                    "question_id": question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": answer.id,
                }
            )
        )
    return lines, overall_score


def build(env, ctx):
    rng = ctx["rng"]
    Input = env["survey.user_input"].with_context(mail_notrack=True)
    annex = ref(env, "survey_preferential_satisfaction")
    post = ref(env, "survey_post_resolution")
    # the satisfaction survey: the payment item is important and badly rated (the
    # candidate), the products well rated
    bias = {
        "payment_billing": 5.4,
        "importance:payment_billing": 9.2,
        "resolution_speed": 6.3,
        "importance:resolution_speed": 9.0,
        "communication": 6.6,
        "importance:communication": 8.4,
        "product_information": 7.9,
        "importance:product_information": 6.2,
        "product_range": 8.2,
        "importance:product_range": 5.8,
        "technical_knowledge": 8.6,
        "importance:technical_knowledge": 8.8,
    }
    vals_list = []
    campaigns = {}
    for months_ago in (13, 7, 1):
        launch = datetime.combine(month_start(ctx, months_ago), time(8, 0))
        for code in ("PREF", "STAR"):
            segment = ctx["segments"][code]
            campaign = env["customer.survey.campaign"].create(
                {
                    "name": env._(
                        "%(segment)s satisfaction survey %(month)s",
                        segment=segment.name,
                        month=launch.strftime("%Y-%m"),
                    ),
                    "segment_id": segment.id,
                    "survey_id": annex.id,
                }
            )
            campaign.write(
                {
                    "state": "done",
                    "launch_date": launch,
                    "done_date": launch + timedelta(hours=1),
                }
            )
            campaigns[months_ago, code] = campaign
    preferential = [
        c for c in ctx["customers"].values() if c["timeline"][-1][1] in ("PREF", "STAR")
    ]
    for customer in preferential:
        partner = customer["partner"]
        contact = partner.child_ids[:1] or partner
        # a semestral campaign: two answers per preferential customer
        for months_ago in (13, 7, 1):
            if rng.random() < 0.35:
                continue
            day = month_start(ctx, months_ago) + timedelta(days=rng.randint(0, 20))
            code = segment_at(ctx, customer, day)
            if code not in ("PREF", "STAR"):
                continue
            # later answers are better: the SMART projects worked
            improved = {
                k: v + (1.2 if months_ago <= 7 else 0.0)
                for k, v in bias.items()
                if not k.startswith("importance:")
            }
            lines, _score = _rated_lines(env, ctx, annex, dict(bias, **improved))
            when = datetime.combine(day, time(10, 0))
            vals_list.append(
                {
                    "survey_id": annex.id,
                    "partner_id": contact.id,
                    "email": contact.email,
                    "loyalty_customer_id": partner.id,
                    "customer_segment_id": ctx["segments"][code].id,
                    "survey_campaign_id": campaigns[months_ago, code].id,
                    "state": "done",
                    "start_datetime": when,
                    "end_datetime": when + timedelta(minutes=12),
                    "loyalty_sent_date": when - timedelta(days=2),
                    "user_input_line_ids": lines,
                }
            )
    # post-resolution survey: one answer per closed ticket of one in three
    for item in ctx["tickets"]:
        if not item["closed"] or rng.random() < 0.6:
            continue
        ticket = item["ticket"]
        sent = item["closed"] + timedelta(days=2)
        if sent > ctx["now"]:
            continue
        post_bias = {"resolution_time": 7.8, "complaint_handling": 6.8}
        if item["kind"] == "complaint":
            post_bias = {k: v - 1.5 for k, v in post_bias.items()}
        lines, _score = _rated_lines(env, ctx, post, post_bias)
        vals_list.append(
            {
                "survey_id": post.id,
                "partner_id": ticket.partner_id.id,
                "email": ticket.partner_id.email,
                "ticket_id": ticket.id,
                "loyalty_customer_id": ticket.commercial_partner_id.id,
                "customer_segment_id": ticket.customer_segment_id.id,
                "state": "done",
                "start_datetime": sent + timedelta(hours=5),
                "end_datetime": sent + timedelta(hours=5, minutes=3),
                "loyalty_sent_date": sent,
                "user_input_line_ids": lines,
            }
        )
        item["survey_sent"] = sent
    inputs = Input.create(vals_list)
    # the tickets surveyed say so
    for item in ctx["tickets"]:
        if item.get("survey_sent"):
            env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET survey_status = 'sent',"
                    " survey_date = %s WHERE id = %s",
                    item["survey_sent"],
                    item["ticket"].id,
                )
            )
    # participants of the closed SMART projects answer the participant survey
    participant = ref(env, "survey_improvement_participant")
    for xmlid in (
        "improvement_project_demo_smart1",
        "improvement_project_demo_smart3",
    ):
        project = ref(env, xmlid)
        answers = Input.browse()
        for member in project.member_ids:
            lines, _score = _rated_lines(
                env,
                ctx,
                participant,
                {"group_invitation": 9.0, "group_overall": 8.6, "group_future": 8.2}
                if xmlid.endswith("1")
                else {
                    "group_invitation": 7.0,
                    "group_overall": 5.8,
                    "group_future": 6.5,
                },
            )
            when = datetime.combine(
                project.date_closed or ctx["today"], time(11, 0)
            ) + timedelta(days=3)
            answers |= Input.create(
                {
                    "survey_id": participant.id,
                    "partner_id": member.partner_id.id,
                    "email": member.email,
                    "state": "done",
                    "start_datetime": when,
                    "end_datetime": when + timedelta(minutes=4),
                    "user_input_line_ids": lines,
                }
            )
        project.write(
            {
                "participant_survey_id": participant.id,
                "participant_input_ids": [Command.set(answers.ids)],
                "is_participant_survey_sent": True,
            }
        )
        inputs |= answers
    ctx["survey_count"] = len(inputs)
    ctx["survey_inputs"] = inputs
