"""Loyalty signals of the demo: why two customers were lost, and three
customers at risk whose health score explains itself.

Standard customers are billed every other month from the start (see
``invoices``): their usual interval, never a lost service. Of the customers
that left, Tienda Online Sur went to a cheaper provider (its closed segment
period keeps the reason and a note) and Hotel Mirador del Lago left without a
word. Three customers still in their segment pile up warning signs in the last
weeks: an overdue invoice, open complaints past their deadline, a bad survey
answer and a survey left unanswered; the daily snapshot cron (run by
``reporting``) scores them below their segment's threshold and plans one
activity for the segment manager.
"""

from datetime import datetime, time, timedelta

from odoo import Command

from .common import MAIN

AT_RISK = ("hostel", "colegio", "clinica")


def build(env, ctx):
    _keep_lost_customers_lost(env, ctx)
    _lost_reasons(env, ctx)
    for key in AT_RISK:
        customer = ctx["customers"].get(key)
        if customer and customer["partner"].customer_segment_id:
            _warning_signs(env, ctx, customer["partner"])


def _keep_lost_customers_lost(env, ctx):
    """The tickets of their past months gave the customers that left the
    company's default segment again (a first ticket of a customer without
    segment does): they left, so they stay without segment."""
    History = env["customer.segment.history"].sudo()
    for customer in ctx["customers"].values():
        partner = customer["partner"]
        if customer["lost"] is None or not partner.customer_segment_id:
            continue
        History.search(
            [("partner_id", "=", partner.id), ("date_from", ">=", ctx["today"])]
        ).unlink()
        partner.with_context(customer_loyalty_skip_history=True).write(
            {"customer_segment_id": False}
        )


def _lost_reasons(env, ctx):
    shop = ctx["customers"]["shop"]["partner"]
    period = env["customer.segment.history"].search(
        [("partner_id", "=", shop.id), ("date_to", "!=", False)],
        order="date_to desc",
        limit=1,
    )
    period.write(
        {
            "lost_reason_id": env.ref(MAIN + "customer_lost_reason_price").id,
            "lost_note": "Moved its online shop to a cheaper shared hosting; "
            "would come back for a managed offer under 30 EUR a month.",
        }
    )


def _warning_signs(env, ctx, partner):
    today = ctx["today"]
    product = ctx["products"]["backup"]
    # two months of services invoiced and not paid, due five weeks ago
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": today - timedelta(days=50),
            "date": today - timedelta(days=50),
            "invoice_date_due": today - timedelta(days=35),
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": 1,
                        "price_unit": 2400.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    invoice.action_post()
    # three complaints still open, past their resolution deadline
    Ticket = env["helpdesk.ticket"]
    subjects = (
        "Backup restore failed again",
        "Invoice charged twice",
        "Nobody answered our escalation",
    )
    for index, subject in enumerate(subjects):
        ticket = Ticket.create(
            {
                "name": subject,
                "description": "<p>%s</p>" % subject,
                "partner_id": partner.id,
                "contact_type": "complaint",
            }
        )
        opened = datetime.combine(today - timedelta(days=20 - index), time(9))
        env.flush_all()
        env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, resolution_deadline = %s,"
            " customer_contact_count = 4 WHERE id = %s",
            (opened, opened + timedelta(days=2), ticket.id),
        )
        ticket.invalidate_recordset()
    # a bad answer to the periodic survey, and a survey left unanswered
    survey = env.ref(MAIN + "survey_preferential_satisfaction")
    answer = env["survey.user_input"].create(
        {
            "survey_id": survey.id,
            "partner_id": partner.id,
            "email": partner.email or "info@example.com",
        }
    )
    wanted = {"overall": 3, "recommend": 0}
    for question in survey.question_ids:
        value = wanted.get(question.loyalty_measure)
        if value is None:
            continue
        choice = question.suggested_answer_ids.filtered(
            lambda a, v=value: a.loyalty_value == v
        )
        answer._save_lines(question, choice[:1].id)
    answer._mark_done()
    env["survey.user_input"].create(
        {
            "survey_id": survey.id,
            "partner_id": partner.id,
            "email": partner.email or "info@example.com",
            "loyalty_sent_date": datetime.combine(today - timedelta(days=30), time(9)),
        }
    )
