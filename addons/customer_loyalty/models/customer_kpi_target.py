from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerKpiTarget(models.Model):
    """Yearly target of an indicator, for all customers or for one segment."""

    _name = "customer.kpi.target"
    _description = "Customer KPI Yearly Target"
    _check_company_auto = True
    _order = "kpi_id, year desc, segment_id"

    kpi_id = fields.Many2one(
        "customer.kpi", string="KPI", required=True, ondelete="cascade", index=True
    )
    year = fields.Integer(required=True)
    segment_id = fields.Many2one(
        "customer.segment",
        ondelete="cascade",
        help="Leave empty for the target of every segment and of all customers.",
        check_company=True,
    )
    value = fields.Float(string="Target", required=True, digits=(16, 2))
    unit = fields.Selection(related="kpi_id.unit")
    company_id = fields.Many2one(related="kpi_id.company_id", store=True)

    _sql_constraints = [
        (
            "kpi_year_segment_uniq",
            "UNIQUE NULLS NOT DISTINCT (kpi_id, year, segment_id)",
            "A KPI has one target per year and segment.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        targets = super().create(vals_list)
        self.env["customer.kpi.value"]._refresh_kpi_targets(targets.kpi_id)
        return targets

    def write(self, vals):
        kpis = self.kpi_id
        res = super().write(vals)
        self.env["customer.kpi.value"]._refresh_kpi_targets(kpis | self.kpi_id)
        return res

    def unlink(self):
        kpis = self.kpi_id
        res = super().unlink()
        self.env["customer.kpi.value"]._refresh_kpi_targets(kpis)
        return res

    @api.constrains("year", "value", "kpi_id")
    def _check_target(self):
        for target in self:
            if not 1900 < target.year < 3000:
                raise ValidationError(
                    self.env._(
                        "The target year %(year)s of %(kpi)s is not a valid year.",
                        year=target.year,
                        kpi=target.kpi_id.display_name,
                    )
                )
            if target.value < 0 and not target.kpi_id.is_signed:
                raise ValidationError(
                    self.env._(
                        "The target of %(kpi)s for %(year)s cannot be negative "
                        "(%(value)s): this indicator only takes positive values.",
                        kpi=target.kpi_id.display_name,
                        year=target.year,
                        value=target.value,
                    )
                )
