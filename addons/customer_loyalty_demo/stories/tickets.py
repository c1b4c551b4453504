"""150 tickets over the 18 months: intake answers, resolution summaries,
complaints, follow-ups, derivations; dates and contacts as they were."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command
from odoo.tools import SQL

from .common import ref, segment_at

CATEGORY_XMLIDS = {
    "reinstall": "helpdesk_ticket_category_reinstall",
    "hardware": "helpdesk_ticket_category_hardware",
    "sysadmin": "helpdesk_ticket_category_sysadmin",
    "payment": "helpdesk_ticket_category_payment_aapp",
}

# Ticket subjects by category, with what the agent wrote when closing.
TICKET_TOPICS = {
    "reinstall": [
        (
            "Reinstall dedicated server with %(os)s",
            "Server reinstalled with %(os)s; credentials sent by phone.",
        ),
        (
            "Clean reinstall after a compromised server",
            "Disks wiped and %(os)s reinstalled; the customer restored the backup.",
        ),
        (
            "Change of operating system to %(os)s",
            "New operating system %(os)s installed and checked with the customer.",
        ),
    ],
    "hardware": [
        (
            "Add %(amount)s GB of RAM to the server",
            "Memory upgraded during the agreed window; the server is back online.",
        ),
        (
            "Extra disk for the database server",
            "Disk added and mounted; the customer confirmed the new space.",
        ),
        (
            "Faster CPU for the application server",
            "Server moved to the new CPU model; downtime 25 minutes.",
        ),
    ],
    "sysadmin": [
        (
            "Configure the firewall of the server",
            "Firewall rules applied and documented in the customer panel.",
        ),
        (
            "Mail server rejects messages",
            "SPF and DKIM records fixed; mail delivery checked.",
        ),
        (
            "Renew the SSL certificate on the server",
            "Certificate renewed and installed on the web server.",
        ),
        (
            "Database backups are not running",
            "Backup job repaired; first copy verified with the customer.",
        ),
    ],
    "payment": [
        (
            "How do we pay invoice %(invoice)s?",
            (
                "Payment instructions for public administrations sent (transfer, "
                "DIR3 codes of the electronic invoice)."
            ),
        ),
        (
            "Deferral of payment of invoice %(invoice)s",
            "Deferral agreed with Management; the service stays active.",
        ),
        (
            "Electronic invoice rejected by FACe",
            "Invoice reissued with the right accounting office codes.",
        ),
    ],
}
OTHER_TOPICS = {
    "question": [
        (
            "Which PHP versions does the hosting support?",
            "Available PHP versions explained; the customer switched to 8.3.",
        ),
        (
            "How do I point my domain to the new server?",
            "DNS records explained and checked.",
        ),
    ],
    "incident": [
        (
            "Website down since this morning",
            "Web server restarted after a disk full; monitoring added.",
        ),
        (
            "Slow response of the control panel",
            "Panel node restarted; response times back to normal.",
        ),
    ],
    "complaint": [
        (
            "Invoice sent to the wrong accounting office",
            "Invoice reissued to the right office and codes recorded.",
        ),
        (
            "Nobody told us the status of our request",
            "Customer called back with the status; follow-up flag set.",
        ),
        (
            "Service cut without notice for an unpaid invoice",
            "Service restored; payment reminder process reviewed.",
        ),
        (
            "We had to explain the problem three times",
            "Apologies given; intake template now asks everything once.",
        ),
    ],
    "suggestion": [
        (
            "Please send a single invoice for all services",
            "Suggestion recorded in the improvement areas.",
        ),
        (
            "Offer a WhatsApp channel for urgent matters",
            "Suggestion forwarded to the customer service lead.",
        ),
    ],
    "compliment": [
        (
            "Thanks for the quick reinstall",
            "Compliment shared with the advanced support team.",
        ),
        (
            "Great service from the preferential attention team",
            "Compliment shared with the team.",
        ),
    ],
}
COMPLAINT_CAUSES = [
    (
        "The DIR3 codes of the administration were not recorded at contract time.",
        (
            "Ask for the DIR3 codes in the contract intake and check them before "
            "the first invoice."
        ),
    ),
    (
        "Non-immediate requests had no follow-up owner.",
        "Flag every ticket not solved at first contact for follow-up.",
    ),
    (
        "The payment reminder was sent to an old e-mail address.",
        "Check the billing contact when the invoice is issued.",
    ),
    (
        "Each agent asked for different data about the server.",
        "Use the intake templates for every dedicated-server request.",
    ),
]


def _intake_lines(env, category_key):
    template = {
        "reinstall": "helpdesk_intake_template_reinstall",
        "hardware": "helpdesk_intake_template_hardware",
        "sysadmin": "helpdesk_intake_template_sysadmin",
        "payment": "helpdesk_intake_template_payment_aapp",
    }[category_key]
    return ref(env, template).line_ids


def _answer_vals(env, ctx, line, partner, opened, subject_vars):
    rng = ctx["rng"]
    vals = {"line_id": line.id}
    if line.answer_type == "text":
        question = line.question.lower()
        if "invoice" in question:
            vals["value_text"] = subject_vars["invoice"]
        elif "dir3" in question:
            vals["value_text"] = "L0%07d" % rng.randint(1000000, 9999999)
        elif "task" in question:
            vals["value_text"] = "See the ticket description."
        else:
            vals["value_text"] = "srv-%03d / 185.%d.%d.%d" % (
                rng.randint(1, 400),
                rng.randint(10, 99),
                rng.randint(0, 255),
                rng.randint(1, 254),
            )
    elif line.answer_type == "number":
        vals["value_number"] = subject_vars["amount"]
    elif line.answer_type == "boolean":
        vals["value_boolean"] = "yes" if rng.random() < 0.9 else "no"
    elif line.answer_type == "date":
        vals["value_date"] = opened.date() + timedelta(days=rng.randint(1, 5))
    elif line.answer_type == "choice" and line.option_ids:
        option = line.option_ids[rng.randrange(len(line.option_ids))]
        if line.option_ids[:1] and "Operating" in line.question:
            subject_vars["os"] = option.name
        vals["value_option_id"] = option.id
    return vals


def _ticket_plan(env, ctx):
    """~150 ticket descriptions spread over the 18 months (more lately)."""
    rng = ctx["rng"]
    plan = []
    keys = sorted(ctx["customers"])
    total_days = (ctx["today"] - ctx["start"]).days
    for index in range(150):
        # slightly more tickets in recent months
        offset = int(total_days * (rng.random() ** 0.85))
        day = ctx["start"] + timedelta(days=offset)
        if index < 10:  # the open tickets of the last two weeks
            day = ctx["today"] - timedelta(days=rng.randint(0, 14))
        key = keys[rng.randrange(len(keys))]
        customer = ctx["customers"][key]
        if not segment_at(ctx, customer, day):
            # the customer had left: the ticket goes to a current one
            key = rng.choice(["uni", "ayto", "bancamar", "hospital", "diputacion"])
            customer = ctx["customers"][key]
        roll = rng.random()
        if roll < 0.22:
            kind = "reinstall"
        elif roll < 0.38:
            kind = "hardware"
        elif roll < 0.60:
            kind = "sysadmin"
        elif roll < 0.74:
            kind = "payment" if customer["public"] else "sysadmin"
        elif roll < 0.82:
            kind = "question"
        elif roll < 0.87:
            kind = "incident"
        elif roll < 0.94:
            kind = "complaint"
        elif roll < 0.97:
            kind = "suggestion"
        else:
            kind = "compliment"
        plan.append((day, key, kind, index < 10))
    plan.sort(key=lambda p: p[0])
    return plan


def build(env, ctx):
    rng = ctx["rng"]
    Ticket = env["helpdesk.ticket"].with_context(
        mail_create_nolog=True, mail_create_nosubscribe=True, mail_notrack=True
    )
    users = ctx["users"]
    smart2_day = ctx["today"] - relativedelta(months=7)
    smart3_day = ctx["today"] - relativedelta(months=5)
    category_channels = (
        ["email"] * 7
        + ["phone"] * 6
        + ["web"] * 3
        + ["whatsapp"] * 2
        + ["social", "in_person"]
    )
    created = []
    for number, (day, key, kind, is_open) in enumerate(_ticket_plan(env, ctx), start=1):
        customer = ctx["customers"][key]
        partner = customer["partner"]
        contact = partner.child_ids[:1] or partner
        code = segment_at(ctx, customer, day) or "STD"
        segment = ctx["segments"][code]
        opened = datetime.combine(day, time(rng.randint(7, 17), rng.randint(0, 59)))
        subject_vars = {
            "os": "Debian 12",
            "amount": rng.choice([16, 32, 64, 128]),
            "invoice": "INV/%s/%04d" % (day.year, rng.randint(1, 900)),
        }
        vals = {
            "partner_id": contact.id,
            "customer_segment_id": segment.id,
            "channel_id": ctx["channels"][rng.choice(category_channels)].id,
        }
        answers = []
        if kind in CATEGORY_XMLIDS:
            category = ref(env, CATEGORY_XMLIDS[kind])
            vals["category_id"] = category.id
            vals["contact_type"] = "request" if kind != "payment" else "question"
            for line in _intake_lines(env, kind):
                # open tickets sometimes still miss a required answer
                if is_open and line.is_required and rng.random() < 0.3:
                    continue
                if not line.is_required and rng.random() < 0.4:
                    continue
                answers.append(
                    Command.create(
                        _answer_vals(env, ctx, line, partner, opened, subject_vars)
                    )
                )
            subject, summary = rng.choice(TICKET_TOPICS[kind])
            team = ctx["teams"]["management" if kind == "payment" else "tsa"]
            user = (
                rng.choice([users["gestion1"], users["gestion2"]])
                if kind == "payment"
                else rng.choice([users["jorge"], users["tsa"]])
            )
        else:
            vals["contact_type"] = kind
            subject, summary = rng.choice(OTHER_TOPICS[kind])
            team = ctx["teams"]["preferential"]
            user = rng.choice([users["info1"], users["elena"]])
            if kind == "suggestion":
                vals["channel_id"] = ctx["channels"][
                    rng.choice(["suggestion_box", "social", "email"])
                ].id
            elif kind == "complaint":
                vals["channel_id"] = ctx["channels"][
                    rng.choice(["phone", "email", "whatsapp", "social"])
                ].id
        if code == "STD" and kind not in ("payment", "complaint"):
            team = ctx["teams"]["preferential"] if rng.random() < 0.2 else team
        vals.update(
            name=subject % subject_vars,
            description=Markup("<p>%s</p>") % (subject % subject_vars),
            team_id=team.id,
            user_id=user.id,
            intake_answer_ids=answers,
        )
        if kind == "complaint":
            cause, action = rng.choice(COMPLAINT_CAUSES)
            vals.update(
                complaint_root_cause=cause,
                complaint_corrective_action=action,
                complaint_action_user_id=users["marta"].id,
                complaint_action_deadline=day + timedelta(days=30),
            )
        # resolution time by segment target, ~90 % within target
        target = segment.resolution_target_hours or 72
        hours = target * rng.uniform(0.05, 0.7)
        if rng.random() < 0.1:
            hours = target * rng.uniform(1.1, 1.8)
        closed_at = opened + timedelta(hours=hours)
        response_hours = (segment.response_target_hours or 24) * rng.uniform(0.05, 1.2)
        if is_open or closed_at > ctx["now"]:
            stage = ctx["stages"][rng.choice(["new", "progress", "awaiting"])]
            closed_at = None
        else:
            stage = ctx["stages"]["cancelled" if rng.random() < 0.03 else "done"]
            vals["resolution_summary"] = Markup("<p>%s</p>") % (summary % subject_vars)
        vals["stage_id"] = stage.id
        # customer contacts per ticket: the intake project halves them
        contacts = rng.choice([1, 2, 2, 3, 3, 4])
        if day >= smart2_day:
            contacts = rng.choice([1, 1, 1, 2])
        ticket = Ticket.create(vals)
        first_response = (
            opened + timedelta(hours=response_hours)
            if closed_at or stage != ctx["stages"]["new"]
            else None
        )
        if closed_at and first_response and first_response > closed_at:
            first_response = closed_at
        created.append(
            {
                "ticket": ticket,
                "opened": opened,
                "closed": closed_at,
                "first_response": first_response,
                "contacts": contacts,
                "kind": kind,
                "key": key,
                "number": number,
                "day": day,
            }
        )
    ctx["tickets"] = created
    # derivation notes first: posting recounts the customer contacts,
    # which are set below
    _create_derivations(env, ctx)
    env.flush_all()
    # dates as they were: create/close/response dates set in SQL (the ORM
    # stamps them with the clock), then the deadlines recomputed
    cr = env.cr
    for item in created:
        cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket
                   SET create_date = %(opened)s, write_date = %(opened)s,
                       closed_date = %(closed)s,
                       last_stage_update = coalesce(%(closed)s, %(opened)s),
                       assigned_date = %(opened)s,
                       first_response_date = %(first)s,
                       customer_contact_count = %(contacts)s,
                       survey_status = CASE WHEN %(closed)s IS NULL THEN NULL
                                            ELSE 'skipped_window' END,
                       survey_date = %(closed)s
                 WHERE id = %(id)s
                """,
                opened=item["opened"],
                closed=item["closed"],
                first=item["first_response"],
                contacts=item["contacts"],
                id=item["ticket"].id,
            )
        )
    tickets = env["helpdesk.ticket"].browse([i["ticket"].id for i in created])
    tickets.invalidate_recordset()
    tickets.modified(["create_date"])
    env.flush_all()
    _create_followups(env, ctx, smart3_day)


def _create_followups(env, ctx, since):
    """Status updates sent on non-immediate tickets since the follow-up project, and the
    open tickets waiting for their next update."""
    rng = ctx["rng"]
    vals_list = []
    for item in ctx["tickets"]:
        ticket = item["ticket"]
        if item["opened"].date() < since:
            continue
        interval = ticket.customer_segment_id.followup_interval_days or 3
        end = item["closed"] or ctx["now"]
        due = item["opened"].date() + timedelta(days=interval)
        while datetime.combine(due, time(9)) < end:
            late = rng.random() < 0.12
            sent = datetime.combine(
                due + timedelta(days=rng.randint(1, 2) if late else 0),
                time(9, rng.randint(0, 59)),
            )
            vals_list.append(
                {"ticket_id": ticket.id, "due_date": due, "sent_date": sent}
            )
            due += timedelta(days=interval)
        if not item["closed"]:
            ticket.write(
                {
                    "needs_followup": True,
                    "next_update_date": max(due, ctx["today"]),
                }
            )
    env["helpdesk.ticket.followup"].create(vals_list)


def _create_derivations(env, ctx):
    """Tickets handed from the preferential desk to technical support."""
    rng = ctx["rng"]
    tsa = ctx["teams"]["tsa"]
    derived = [
        item
        for item in ctx["tickets"]
        if item["kind"] in ("incident", "question") and rng.random() < 0.6
    ]
    for item in derived:
        ticket = item["ticket"]
        ticket.write({"derivation_count": 1, "team_id": tsa.id})
        message = ticket.message_post(
            body=env._(
                "Derived from %(old)s to %(new)s. Reason: %(reason)s",
                old=ctx["teams"]["preferential"].name,
                new=tsa.name,
                reason=env._("needs access to the customer's server"),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        env.cr.execute(
            SQL(
                "UPDATE mail_message SET date = %s WHERE id = %s",
                item["opened"] + timedelta(hours=1),
                message.id,
            )
        )
