"""Monthly invoices of the customers' services and one refund: the revenue
of the segment review, the KPIs and the monthly snapshot."""

from datetime import timedelta

from odoo import Command

from .common import MONTHS, month_start, segment_at


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
            # standard customers are invoiced every other month
            if code == "STD" and months_ago % 2:
                continue
            factor = {"STD": 2.0, "PREF": 1.0, "STAR": 1.0}[code]
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
