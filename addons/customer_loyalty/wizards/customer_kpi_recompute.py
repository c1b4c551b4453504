from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.loyalty_access import MANAGER_GROUP, check_loyalty_group


class CustomerKpiRecompute(models.TransientModel):
    """Recompute built-in KPIs for a range of closed months."""

    _name = "customer.kpi.recompute"
    _description = "Recompute Customer KPIs"

    date_from = fields.Date(
        string="From Month",
        required=True,
        default=lambda self: self.env["customer.kpi"]._last_closed_period(),
    )
    date_to = fields.Date(
        string="To Month",
        required=True,
        default=lambda self: self.env["customer.kpi"]._last_closed_period(),
    )
    kpi_ids = fields.Many2many(
        "customer.kpi",
        string="KPIs",
        domain=[("computation", "=", "builtin")],
        help="Leave empty to recompute every built-in KPI.",
    )

    @api.constrains("date_from", "date_to")
    def _check_range(self):
        last = self.env["customer.kpi"]._last_closed_period()
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(
                    self.env._(
                        "The range starts (%(start)s) after it ends (%(end)s): "
                        "swap the months.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )
            if wizard.date_to.replace(day=1) > last:
                raise ValidationError(
                    self.env._(
                        "KPIs are computed for closed months only: the last one "
                        "is %(last)s, the range ends in %(end)s.",
                        last=last.strftime("%Y-%m"),
                        end=wizard.date_to.strftime("%Y-%m"),
                    )
                )

    def _periods(self):
        self.ensure_one()
        period = self.date_from.replace(day=1)
        end = self.date_to.replace(day=1)
        periods = []
        while period <= end:
            periods.append(period)
            period += relativedelta(months=1)
        return periods

    def action_recompute(self):
        self.ensure_one()
        check_loyalty_group(self.env, MANAGER_GROUP)
        kpis = self.kpi_ids or self.env["customer.kpi"].search(
            [("computation", "=", "builtin")]
        )
        failed = kpis._compute_values(self._periods())
        if failed:
            message = self.env._(
                "Recomputed, but these KPIs failed (see the Error column): %(kpis)s",
                kpis=", ".join(failed.mapped("name")),
            )
            kind = "warning"
        else:
            message = self.env._(
                "%(count)s KPIs recomputed for %(months)s months.",
                count=len(kpis),
                months=len(self._periods()),
            )
            kind = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
