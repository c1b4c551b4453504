"""Monthly service report e-mailed to the customers that opted in."""

from datetime import timedelta

from odoo import api, fields, models

from .cron_lock import lock_skip_locked


def first_working_day(day):
    """First Monday-to-Friday day of the month of ``day``."""
    first = day.replace(day=1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return first


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_service_report_opt_in = fields.Boolean(
        string="Monthly Service Report",
        help="E-mail this customer every month the report of its tickets "
        "(opened, closed, average resolution, within target, pending).",
        groups="base.group_user",
    )
    service_report_month = fields.Date(
        string="Last Service Report",
        readonly=True,
        copy=False,
        help="Month of the last service report e-mailed to the customer.",
        groups="base.group_user",
    )

    @api.model
    def _cron_send_service_reports(self, batch_size=100):
        """E-mail the report of the last closed month to the customers that
        opted in and had tickets in it, once per customer and month, in
        batches with cron progress. The reports leave on the first working day
        of the month (the daily run before it, on a weekend, waits)."""
        today = fields.Date.context_today(self)
        if today < first_working_day(today):
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return self.browse()
        month = self.env["customer.kpi"]._last_closed_period()
        domain = [
            ("is_service_report_opt_in", "=", True),
            ("email", "!=", False),
            ("is_segment_holder", "=", True),
            "|",
            ("service_report_month", "=", False),
            ("service_report_month", "<", month),
        ]
        candidates = self.search(domain)
        report = self.env["report.customer_loyalty.report_customer_service"]
        # each customer's report counts the tickets of its own company (the
        # cron's company for a customer shared by all of them)
        company_of = {
            partner: partner.company_id or self.env.company for partner in candidates
        }
        figures = {}
        for company in set(company_of.values()):
            partners = candidates.filtered(lambda p, c=company: company_of[p] == c)
            figures.update(
                report._service_figures(partners.ids, month, company_ids=company.ids)
            )
        concerned = candidates.filtered(
            lambda p: any(
                figures.get(p.id, {}).get(key)
                for key in ("opened", "closed", "pending")
            )
        )
        batch, rest = concerned[:batch_size], concerned[batch_size:]
        # customers another worker is sending to are left to it
        batch = lock_skip_locked(batch)
        template = self.env.ref(
            "customer_loyalty.mail_template_customer_service_report"
        )
        for partner in batch:
            template.with_company(company_of[partner]).send_mail(partner.id)
        # customers without tickets that month are done too: nothing to send
        (batch | (candidates - concerned)).write({"service_report_month": month})
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(rest))
        return batch
