from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.loyalty_access import MANAGER_GROUP, USER_GROUP, check_loyalty_group


class ReportCustomerService(models.AbstractModel):
    """Monthly service report per customer: tickets opened and
    closed in the month, average resolution time, closed within the segment
    target, pending at month end. One query for all the customers printed."""

    _name = "report.customer_loyalty.report_customer_service"
    _description = "Customer Monthly Service Report"

    @api.model
    def _service_figures(self, partner_ids, month, company_ids=None):
        """Figures of the tickets of ``company_ids`` (default: the companies
        the user works in) only: a shared customer's tickets in another
        company are not this company's service."""
        if company_ids is None:
            company_ids = self.env.companies.ids
        self.env.flush_all()
        month_end = month + relativedelta(months=1)
        self.env.cr.execute(
            SQL(
                """
                SELECT t.commercial_partner_id,
                       count(*) FILTER (WHERE t.create_date >= %(start)s
                                          AND t.create_date < %(end)s),
                       count(*) FILTER (WHERE t.closed_date >= %(start)s
                                          AND t.closed_date < %(end)s),
                       avg(extract(epoch FROM t.closed_date - t.create_date) / 3600.0)
                           FILTER (WHERE t.closed_date >= %(start)s
                                     AND t.closed_date < %(end)s),
                       count(*) FILTER (WHERE t.closed_date >= %(start)s
                                          AND t.closed_date < %(end)s
                                          AND t.closed_date <= t.resolution_deadline),
                       count(*) FILTER (WHERE t.closed_date >= %(start)s
                                          AND t.closed_date < %(end)s
                                          AND t.resolution_deadline IS NOT NULL),
                       count(*) FILTER (WHERE t.create_date < %(end)s
                                          AND (t.closed_date IS NULL
                                               OR t.closed_date >= %(end)s))
                  FROM helpdesk_ticket t
                 WHERE t.commercial_partner_id = ANY(%(partners)s)
                   AND t.company_id = ANY(%(companies)s)
                   AND t.active
                   AND t.create_date < %(end)s
                   AND (t.closed_date IS NULL OR t.closed_date >= %(start)s)
                 GROUP BY t.commercial_partner_id
                """,
                start=month,
                end=month_end,
                partners=list(partner_ids),
                companies=list(company_ids),
            )
        )
        figures = {}
        for row in self.env.cr.fetchall():
            partner_id, opened, closed, hours, within, with_target, pending = row
            figures[partner_id] = {
                "opened": opened,
                "closed": closed,
                "resolution_hours": hours,
                "within_target": within,
                "with_target": with_target,
                "within_target_rate": (
                    100.0 * within / with_target if with_target else None
                ),
                "pending": pending,
            }
        return figures

    @api.model
    def _get_report_values(self, docids, data=None):
        # /report/pdf/... renders for any logged-in user: the figures come
        # from raw SQL, so the rights are checked here, on the records
        check_loyalty_group(self.env, USER_GROUP, MANAGER_GROUP)
        partners = self.env["res.partner"].browse(docids)
        partners.check_access("read")
        month = (data or {}).get("month")
        month = (
            fields.Date.to_date(month).replace(day=1)
            if month
            else self.env["customer.kpi"]._last_closed_period()
        )
        empty = {
            "opened": 0,
            "closed": 0,
            "resolution_hours": None,
            "within_target": 0,
            "with_target": 0,
            "within_target_rate": None,
            "pending": 0,
        }
        figures = self._service_figures(partners.commercial_partner_id.ids, month)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "month": month,
            "figures": {
                partner.id: figures.get(partner.commercial_partner_id.id, empty)
                for partner in partners
            },
        }
