"""Queries of creating and closing one helpdesk ticket (warm caches), flush
and commit hooks (tracking, followers) included. Compare a database with
helpdesk_mgmt only and one with customer_loyalty (readme/INTAKE.md):

    python3 -m odoo shell -c CONF -d DB --no-http < tools/measure_ticket_queries.py

Environment: CATEGORY=<id> to create the ticket in a category (its intake
questions are answered before closing), RULES=<n> to measure with n active
routing rules of the company (the last one matches the ticket, one before it
checks the customer's debt: the rules cost at most one query), LOG=1 to print
the queries.
Everything is rolled back.
"""

import os
from unittest.mock import patch

from odoo.sql_db import Cursor

env = env(context=dict(env.context, tracking_disable=False))  # noqa: F821
Ticket = env["helpdesk.ticket"]
partner = env["res.partner"].create(
    {"name": "Bench customer", "email": "bench@example.com"}
)
closed_stage = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
cr = env.cr
CATEGORY = int(os.environ.get("CATEGORY", "0"))
LOG = os.environ.get("LOG")
RULES = int(os.environ.get("RULES", "0"))
if RULES:
    env["helpdesk.routing.rule"].search([]).active = False
    bench_team = env["helpdesk.ticket.team"].create({"name": "Bench routing"})
    phone = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
    env["helpdesk.routing.rule"].create(
        [
            {
                "name": f"Bench rule {n}",
                "sequence": n,
                "team_id": bench_team.id,
                "priority": "2",
                "agent_message": "Routed by the benchmark",
                # every rule but the last asks for a channel the ticket lacks
                "channel_ids": [(6, 0, [] if n == RULES - 1 else phone.ids)],
                "check_overdue_debt": n == RULES - 2,
            }
            for n in range(RULES)
        ]
    )


def run(fn):
    env.flush_all()
    cr.precommit.run()
    env.invalidate_all()
    queries = []
    orig = Cursor.execute

    def execute(self, query, params=None, log_exceptions=None):
        queries.append(getattr(query, "code", query))
        return orig(self, query, params, log_exceptions)

    with patch.object(Cursor, "execute", execute):
        res = fn()
        env.flush_all()
        cr.precommit.run()
    return res, queries


def measure():
    vals = {"name": "Bench", "description": "<p>x</p>", "partner_id": partner.id}
    if CATEGORY:
        vals["category_id"] = CATEGORY
    ticket, q_create = run(lambda: Ticket.create(vals))
    if CATEGORY:
        values = {
            "text": lambda a: {"value_text": "x"},
            "number": lambda a: {"value_number": 1},
            "date": lambda a: {"value_date": "2026-01-01"},
            "boolean": lambda a: {"value_boolean": "yes"},
            "choice": lambda a: {"value_option_id": a.line_id.option_ids[:1].id},
        }
        for answer in ticket.intake_answer_ids:
            answer.write(values[answer.answer_type](answer))
        ticket.resolution_summary = "<p>done</p>"
    _, q_close = run(lambda: ticket.write({"stage_id": closed_stage.id}))
    return q_create, q_close


for _ in range(3):
    measure()
q_create, q_close = measure()
print("RESULT create=%d close=%d" % (len(q_create), len(q_close)))
if LOG:
    print("---- create")
    print("\n".join(q[:160].replace("\n", " ") for q in q_create))
    print("---- close")
    print("\n".join(q[:160].replace("\n", " ") for q in q_close))
cr.rollback()
