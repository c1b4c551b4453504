"""Contract KPIs: retention from real renewals, renewals handled on time, value
of the contracts not renewed. Each reads the renewal follow-ups whose end date
falls in the window, by the segment the customer had when the follow-up
started."""

from odoo import fields, models
from odoo.tools import SQL


def _to_manual(kpis):
    # a KPI left without its formula keeps its values as a manual one
    kpis.write({"computation": "manual", "formula": False})


class CustomerKpi(models.Model):
    _inherit = "customer.kpi"

    formula = fields.Selection(
        selection_add=[
            ("contract_retention_rate", "Contract retention rate"),
            ("renewal_on_time_rate", "Renewals handled on time"),
            ("contract_lost_value", "Value of contracts not renewed"),
        ],
        ondelete={
            "contract_retention_rate": _to_manual,
            "renewal_on_time_rate": _to_manual,
            "contract_lost_value": _to_manual,
        },
    )

    def _renewal_stats(self, expression):
        """``expression`` aggregated over the renewal follow-ups of the
        company whose end date falls in the window, by segment."""
        return self._segment_stats(
            "customer_contract_renewal",
            "customer_segment_id",
            "date_end",
            expression,
            SQL("t.company_id = %s", self.env.company.id),
        )

    def _kpi_contract_retention_rate(self, date_from, date_to, segments):
        """Contract retention rate %: follow-ups renewed (successor contract or
        end date extended) / follow-ups whose contract reached its end date in
        the window x 100. A contract past its end with no outcome counts as not
        retained. No value without contracts ending in the window."""
        result = self._renewal_stats(
            SQL(
                "100.0 * count(*) FILTER (WHERE t.state = 'renewed')"
                " / NULLIF(count(*), 0)"
            )
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_renewal_on_time_rate(self, date_from, date_to, segments):
        """Renewals handled on time %: follow-ups whose renewal offer was sent
        inside the renewal window (from its start to the end date) / follow-ups
        whose contract reached its end date in the window x 100. No value
        without contracts ending in the window."""
        result = self._renewal_stats(
            SQL(
                "100.0 * count(*) FILTER (WHERE t.is_offer_on_time)"
                " / NULLIF(count(*), 0)"
            )
        )(date_from, date_to)
        return {key: result.get(key) for key in [False, *segments.ids]}

    def _kpi_contract_lost_value(self, date_from, date_to, segments):
        """Value of contracts not renewed (company currency): sum of the yearly
        recurring value of the follow-ups recorded as not renewed whose end
        date falls in the window. No such contract gives 0."""
        result = self._renewal_stats(
            SQL(
                "coalesce(sum(t.annual_value)"
                " FILTER (WHERE t.state = 'not_renewed'), 0)"
            )
        )(date_from, date_to)
        return {key: result.get(key) or 0.0 for key in [False, *segments.ids]}
