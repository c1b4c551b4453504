from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..models.loyalty_access import DIRECTION_GROUP, USER_GROUP, check_loyalty_group


class CustomerSatisfactionAnnual(models.TransientModel):
    """Choose the year (and optionally the survey and segment) of the annual
    satisfaction report (the yearly survey report to the Direction)."""

    _name = "customer.satisfaction.annual"
    _description = "Annual Satisfaction Report"
    _check_company_auto = True

    @api.model
    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    year = fields.Integer(required=True, default=_default_year)
    survey_id = fields.Many2one(
        "survey.survey",
        domain="[('question_and_page_ids.loyalty_measure', 'in', "
        "('overall', 'satisfaction', 'recommend'))]",
        help="Leave empty to report on every loyalty survey.",
    )
    segment_id = fields.Many2one(
        "customer.segment",
        check_company=True,
        help="Leave empty to report on all customers.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )

    @api.constrains("company_id")
    def _check_company_allowed(self):
        """The report is for a company the user works in, whatever was posted."""
        if self.env.su:
            return
        if self.company_id - self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You can only report on a company you work in: choose one "
                    "of your companies."
                )
            )

    @api.constrains("year")
    def _check_year(self):
        for wizard in self.filtered(lambda w: not 1900 <= w.year <= 9998):
            raise ValidationError(
                self.env._(
                    "%(year)s is not a year: type the year of the report, e.g. 2025.",
                    year=wizard.year,
                )
            )

    def _domain(self, year):
        """Rows of the satisfaction analysis of ``year`` for the choices."""
        self.ensure_one()
        domain = [
            ("date", ">=", date(year, 1, 1)),
            ("date", "<", date(year + 1, 1, 1)),
            ("company_id", "in", [self.company_id.id, False]),
        ]
        if self.survey_id:
            domain.append(("survey_id", "=", self.survey_id.id))
        if self.segment_id:
            domain.append(("segment_id", "=", self.segment_id.id))
        return domain

    def _report_figures(self):
        """Figures of the chosen year and of the year before: index, %
        satisfied, recommend rate, answers, and the items of the
        importance-satisfaction matrix with last year's satisfaction."""
        self.ensure_one()
        Report = self.env["customer.satisfaction.report"].with_company(self.company_id)
        year = self.year
        current = Report.get_satisfaction_kpis(self._domain(year))
        previous = Report.get_satisfaction_kpis(self._domain(year - 1))
        matrix = Report.get_importance_satisfaction_matrix(self._domain(year))
        last_matrix = {
            (row["survey_id"], row["item_key"]): row
            for row in Report.get_importance_satisfaction_matrix(self._domain(year - 1))
        }
        questions = self.env["survey.question"].browse(
            [row["question_id"] for row in matrix]
        )
        names = {q.id: q.loyalty_item_name or q.title for q in questions}
        items = [
            dict(
                row,
                name=names[row["question_id"]],
                last_satisfaction=last_matrix.get(
                    (row["survey_id"], row["item_key"]), {}
                ).get("satisfaction"),
            )
            for row in matrix
        ]
        return {
            "year": year,
            "current": current,
            "previous": previous,
            "items": items,
            "candidates": [item for item in items if item["quadrant"] == "improve"],
        }

    def action_print(self):
        self.ensure_one()
        check_loyalty_group(self.env, USER_GROUP, DIRECTION_GROUP)
        self._check_company_allowed()
        if not self.env["customer.satisfaction.report"].search_count(
            self._domain(self.year), limit=1
        ):
            raise UserError(
                self.env._(
                    "No completed survey answer in %(year)s for these choices: "
                    "choose another year, survey or segment.",
                    year=self.year,
                )
            )
        return self.env.ref(
            "customer_loyalty.action_report_satisfaction_annual"
        ).report_action(self)
