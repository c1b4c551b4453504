"""Monthly invoices of the customers' services and one refund: the revenue
of the segment review, the KPIs and the monthly snapshot."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command

from .common import MONTHS, month_start, segment_at


def billed_monthly(ctx, customer, day):
    """Preferential and Star customers are invoiced every month, Standard ones
    every other month; a customer moved down to Standard keeps the monthly
    billing of its contract (a new segment changes no contract)."""
    if segment_at(ctx, customer, day) != "STD":
        return True
    changes = [ctx["start"]] + [
        ctx["today"] - relativedelta(months=months_ago)
        for months_ago, __ in customer["timeline"]
        if months_ago < MONTHS
    ]
    return any(
        segment_at(ctx, customer, since) in ("PREF", "STAR")
        for since in changes
        if since <= day
    )


def build(env, ctx):
    rng = ctx["rng"]
    Move = env["account.move"]
    vals_list = []
    for customer in ctx["customers"].values():
        partner = customer["partner"]
        for months_ago in range(MONTHS, 0, -1):
            day = month_start(ctx, months_ago) + timedelta(days=rng.randint(0, 9))
            code = segment_at(ctx, customer, day)
            if not code:
                continue
            monthly = billed_monthly(ctx, customer, day)
            if not monthly and months_ago % 2:
                continue
            # a bill of two months costs twice as much
            factor = 1.0 if monthly else 2.0
            lines = []
            for product_key, stop in customer["products"].items():
                if stop and months_ago <= stop:
                    continue
                product = ctx["products"][product_key]
                quantity = 1 + (code == "STAR") + (product_key == "sysadmin")
                price = round(product.list_price * factor * rng.uniform(0.9, 1.3), 2)
                lines.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": quantity,
                            "price_unit": price,
                            "tax_ids": [Command.clear()],
                        }
                    )
                )
            if lines:
                vals_list.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": day,
                        "date": day,
                        "invoice_line_ids": lines,
                    }
                )
    # one refund: a disputed invoice of a public administration
    ayto = ctx["customers"]["ayto"]["partner"]
    refund_day = month_start(ctx, 8) + timedelta(days=12)
    vals_list.append(
        {
            "move_type": "out_refund",
            "partner_id": ayto.id,
            "invoice_date": refund_day,
            "date": refund_day,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": ctx["products"]["backup"].id,
                        "quantity": 1,
                        "price_unit": 60.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    moves = Move.create(vals_list)
    moves.action_post()
    ctx["invoice_count"] = len(moves)
    ctx["invoices"] = moves
