from odoo import api, models


class ReportSatisfactionAnnual(models.AbstractModel):
    """Annual satisfaction report: index, % satisfied and recommend rate
    against last year, per-item satisfaction and importance, matrix."""

    _name = "report.customer_loyalty.report_satisfaction_annual"
    _description = "Annual Satisfaction Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["customer.satisfaction.annual"].browse(docids)
        quadrants = dict(
            self.env["customer.satisfaction.item"]
            ._fields["quadrant"]
            ._description_selection(self.env)
        )
        return {
            "doc_ids": docids,
            "doc_model": "customer.satisfaction.annual",
            "docs": wizards,
            "figures": {wizard.id: wizard._report_figures() for wizard in wizards},
            "quadrants": quadrants,
        }
