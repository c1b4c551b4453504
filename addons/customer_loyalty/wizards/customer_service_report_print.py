from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

USER_GROUP = "customer_loyalty.customer_loyalty_group_user"


class CustomerServiceReportPrint(models.TransientModel):
    """Print the monthly service report of the chosen customers for the
    chosen month (the cron e-mails the last closed month)."""

    _name = "customer.service.report.print"
    _description = "Print the Monthly Service Report"

    month = fields.Date(
        required=True,
        default=lambda self: self.env["customer.kpi"]._last_closed_period(),
        help="Any day of the month to report.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        default=lambda self: self._default_partners(),
    )

    @api.model
    def _default_partners(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env.context.get("active_ids", [])
        return []

    def action_print(self):
        self.ensure_one()
        if not self.env.user.has_group(USER_GROUP):
            raise AccessError(
                self.env._("Only loyalty users can print the service report.")
            )
        if not self.partner_ids:
            raise UserError(self.env._("Choose the customers of the report."))
        month = self.month.replace(day=1)
        if month > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "%(month)s has not started yet: choose a past month.",
                    month=month.strftime("%Y-%m"),
                )
            )
        return self.env.ref(
            "customer_loyalty.action_report_customer_service"
        ).report_action(self.partner_ids, data={"month": fields.Date.to_string(month)})
