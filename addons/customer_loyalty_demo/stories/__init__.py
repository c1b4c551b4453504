"""The demo stories, run in this order once the addon is installed with demo
data (see ``hooks.py``).

Each story is a module with ``build(env, ctx)``: it creates the records of
one part of the demo with the ORM, reads what earlier stories left in
``ctx`` (a dict: the seeded ``rng``, ``today``, ``start``, ``segments``,
``users``, ``teams``, ``customers``, ``tickets``...) and adds its own. A new
feature brings its demo as a new module here, inserted in ``STORIES`` before
``reporting`` (which fills the reporting tables and computes the KPIs of
every demo month, so it runs last); plain records go to an XML file of
``demo/`` instead, loaded before the stories.
"""

import logging
import random

from dateutil.relativedelta import relativedelta

from odoo import fields

from . import (
    catalog,
    customers,
    first_hour,
    improvement,
    invoices,
    reporting,
    signals,
    surveys,
    tickets,
)
from .common import MONTHS, PREFIX, SEED, prepare_context

_logger = logging.getLogger(__name__)

STORIES = [
    catalog,
    customers,
    invoices,
    tickets,
    surveys,
    improvement,
    first_hour,
    signals,
    reporting,
]


def generate(env):
    """Play every story once: a database that has the demo already is left
    as it is."""
    if env.ref(PREFIX + "helpdesk_ticket_team_demo_tsa", raise_if_not_found=False):
        return
    rng = random.Random(SEED)
    today = fields.Date.context_today(env.user)
    start = (today - relativedelta(months=MONTHS)).replace(day=1)
    env = env(context=dict(env.context, tracking_disable=True))
    ctx = prepare_context(env, rng, today, start)
    for story in STORIES:
        story.build(env, ctx)
    _logger.info(
        "customer_loyalty_demo: %s customers, %s invoices, %s tickets, "
        "%s survey answers",
        len(ctx["customers"]),
        ctx["invoice_count"],
        len(ctx["tickets"]),
        ctx["survey_count"],
    )
