from odoo import fields, models
from odoo.tools import SQL

# survey item of the telecom front office indicator: the information given
INFORMATION_ITEM_KEY = "information_quality"


class CustomerKpi(models.Model):
    """Semestral indicators, and the front office indicator of the telecom
    information and routing procedure."""

    _inherit = "customer.kpi"

    periodicity = fields.Selection(
        selection_add=[("semester", "Semester")],
        ondelete={"semester": "set default"},
        help="Window of each monthly value: the month, the quarter, the "
        "semester or the year to date.",
    )
    formula = fields.Selection(
        selection_add=[
            ("information_satisfied_rate", "Customers satisfied with the information")
        ],
        ondelete={"information_satisfied_rate": "set null"},
    )

    def _window(self, period):
        if self.periodicity == "semester":
            self.ensure_one()
            __, date_to = super()._window(period)
            return period.replace(month=1 if period.month <= 6 else 7), date_to
        return super()._window(period)

    def _kpi_information_satisfied_rate(self, date_from, date_to, segments):
        """Customers satisfied with the information given x 100 / customers
        attended who answered that item, in the window: a customer counts
        once, satisfied when one of its answers to the "information given"
        item reaches the company's threshold (default 7/10)."""
        self.env["customer.satisfaction.summary"].sudo()._refresh_changed()
        threshold = self.env.company.loyalty_satisfied_threshold or 7.0
        result = self._segment_stats(
            "customer_satisfaction_report",
            "segment_id",
            "date",
            SQL(
                "100.0 * count(DISTINCT t.partner_id) FILTER (WHERE t.satisfaction"
                " >= %s) / NULLIF(count(DISTINCT t.partner_id), 0)",
                threshold,
            ),
            SQL(
                "t.item_key = %s AND t.measure = 'satisfaction'"
                " AND (t.company_id IS NULL OR t.company_id = %s)",
                INFORMATION_ITEM_KEY,
                self.env.company.id,
            ),
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}
