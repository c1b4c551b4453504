from datetime import timedelta

from odoo import fields, models


def first_working_day(day):
    """First Monday-to-Friday day of the month of ``day``."""
    first = day.replace(day=1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return first


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _cron_send_service_reports(self, batch_size=100):
        """The monthly service reports leave on the first working day of the
        month (the daily run before it, on a weekend, waits)."""
        today = fields.Date.context_today(self)
        if today < first_working_day(today):
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return self.browse()
        return super()._cron_send_service_reports(batch_size=batch_size)
