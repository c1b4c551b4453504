from odoo import api, models


class ReportBalancedScorecard(models.AbstractModel):
    """Monthly balanced-scorecard report for the Direction: the selected KPI
    values by category."""

    _name = "report.customer_loyalty.report_balanced_scorecard"
    _description = "Balanced Scorecard Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        values = (
            self.env["customer.kpi.value"]
            .browse(docids)
            .sorted(
                lambda v: (
                    v.period,
                    v.kpi_id.category,
                    v.kpi_id.sequence,
                    v.kpi_id.id,
                    bool(v.segment_id),
                    v.segment_id.sequence,
                )
            )
        )
        categories = dict(
            self.env["customer.kpi"]
            ._fields["category"]
            ._description_selection(self.env)
        )
        pages = []
        for period in sorted(set(values.mapped("period"))):
            in_period = values.filtered(lambda v, p=period: v.period == p)
            sections = [
                (
                    categories[key],
                    in_period.filtered(lambda v, k=key: v.kpi_id.category == k),
                )
                for key in ("results", "customer", "process")
            ]
            pages.append((period, [s for s in sections if s[1]]))
        return {
            "doc_ids": docids,
            "doc_model": "customer.kpi.value",
            "docs": values,
            "pages": pages,
            "company": self.env.company,
        }
