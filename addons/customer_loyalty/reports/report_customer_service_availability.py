from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL


class ReportCustomerService(models.AbstractModel):
    """Availability of each service of the customer in the month, from the
    incident tickets flagged as outages:

        availability = 1 - outage minutes / minutes in the month

    Overlapping outages of a service count once; an outage still open counts
    until the end of the month (or now, for the current month)."""

    _inherit = "report.customer_loyalty.report_customer_service"

    @api.model
    def _availability(self, partner_ids, month, company_ids=None):
        """``{commercial partner id: [{"service", "outage_minutes",
        "availability"}, ...]}`` of ``month`` (a first day of month), from
        the tickets of ``company_ids`` (default: the user's companies)."""
        if company_ids is None:
            company_ids = self.env.companies.ids
        self.env.flush_all()
        start = datetime.combine(month, time.min)
        end = start + relativedelta(months=1)
        until = min(end, fields.Datetime.now())
        self.env.cr.execute(
            SQL(
                """
                SELECT t.commercial_partner_id, t.outage_service_id,
                       t.outage_start, t.outage_end
                  FROM helpdesk_ticket t
                 WHERE t.commercial_partner_id = ANY(%(partners)s)
                   AND t.company_id = ANY(%(companies)s)
                   AND t.is_outage AND t.active
                   AND t.outage_start < %(end)s
                   AND (t.outage_end IS NULL OR t.outage_end > %(start)s)
                 ORDER BY t.commercial_partner_id, t.outage_service_id,
                          t.outage_start
                """,
                partners=list(partner_ids),
                companies=list(company_ids),
                start=start,
                end=end,
            )
        )
        intervals = {}
        for partner_id, service_id, down, up in self.env.cr.fetchall():
            intervals.setdefault((partner_id, service_id), []).append(
                (max(down, start), min(up or until, end))
            )
        month_minutes = (end - start).total_seconds() / 60
        services = self.env["product.product"].browse(
            {service for __, service in intervals if service}
        )
        names = {service.id: service.display_name for service in services}
        result = {}
        for (partner_id, service_id), spans in intervals.items():
            minutes = self._merged_minutes(spans)
            result.setdefault(partner_id, []).append(
                {
                    "service": names.get(service_id)
                    or self.env._("Service not specified"),
                    "outage_minutes": minutes,
                    "availability": 100.0 * (1 - minutes / month_minutes),
                }
            )
        for rows in result.values():
            rows.sort(key=lambda row: row["service"])
        return result

    @staticmethod
    def _merged_minutes(spans):
        """Minutes covered by ``spans`` (sorted by start), overlaps once."""
        total, current_start, current_end = 0.0, None, None
        for down, up in spans:
            if up <= down:
                continue
            if current_end is None or down > current_end:
                if current_end is not None:
                    total += (current_end - current_start).total_seconds() / 60
                current_start, current_end = down, up
            else:
                current_end = max(current_end, up)
        if current_end is not None:
            total += (current_end - current_start).total_seconds() / 60
        return total

    @api.model
    def _get_report_values(self, docids, data=None):
        values = super()._get_report_values(docids, data=data)
        partners = values["docs"]
        availability = self._availability(
            partners.commercial_partner_id.ids, values["month"]
        )
        values["availability"] = {
            partner.id: availability.get(partner.commercial_partner_id.id, [])
            for partner in partners
        }
        return values
