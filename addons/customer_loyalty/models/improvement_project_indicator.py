from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class ImprovementProjectIndicator(models.Model):
    """Indicator of an improvement project with baseline, target and result.

    ``computation`` says where the numbers come from:

    * ``manual``: typed in (e.g. "-64 % contacts about
      payment" measured outside Odoo);
    * ``contacts_per_ticket``: customer contacts per ticket of a ticket
      category = the mean customer contact count (inbound customer messages
      and logged calls, as the ticket counts them) of the tickets of the
      category created in the window.
      Baseline window: the ``measure_days`` days before ``date_start``;
      result window: the ``measure_days`` days from the project's closing
      (or planned end) date, up to today.
    """

    _name = "improvement.project.indicator"
    _description = "Improvement Project Indicator"
    _check_company_auto = True
    _order = "project_id, sequence, id"

    project_id = fields.Many2one(
        "improvement.project", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Indicator", required=True, translate=True)
    unit = fields.Char(translate=True)
    direction = fields.Selection(
        [("reduce", "Reduce"), ("increase", "Increase")],
        required=True,
        default="reduce",
    )
    computation = fields.Selection(
        [
            ("manual", "Typed In"),
            ("contacts_per_ticket", "Customer Contacts per Ticket"),
        ],
        required=True,
        default="manual",
    )
    ticket_category_id = fields.Many2one(
        "helpdesk.ticket.category", ondelete="restrict", check_company=True
    )
    measure_days = fields.Integer(
        string="Measuring Window (days)",
        default=90,
        help="Days measured before the start and after the closing of the project.",
    )
    baseline = fields.Float(digits=(16, 2))
    target = fields.Float(digits=(16, 2))
    result = fields.Float(digits=(16, 2))
    has_result = fields.Boolean(
        string="Result Measured",
        help="Set when the result is typed in or measured.",
    )
    baseline_ticket_count = fields.Integer(readonly=True)
    result_ticket_count = fields.Integer(readonly=True)
    variation_pct = fields.Float(
        string="Variation (%)",
        compute="_compute_variation",
        digits=(16, 1),
        help="(result - baseline) / baseline x 100",
    )
    is_target_reached = fields.Boolean(compute="_compute_variation")
    note = fields.Text(translate=True)

    @api.depends("baseline", "result", "target", "has_result", "direction")
    def _compute_variation(self):
        for indicator in self:
            measured = indicator.has_result
            indicator.variation_pct = (
                (indicator.result - indicator.baseline) / indicator.baseline * 100
                if measured and indicator.baseline
                else 0.0
            )
            if not measured:
                indicator.is_target_reached = False
            elif indicator.direction == "reduce":
                indicator.is_target_reached = indicator.result <= indicator.target
            else:
                indicator.is_target_reached = indicator.result >= indicator.target

    @api.constrains("direction", "baseline", "target")
    def _check_target(self):
        if self.env.su and self.env.context.get("improvement_measuring"):
            # measured data never fails: only typed-in targets are checked (the
            # measuring methods write as superuser; over RPC the key opens
            # nothing)
            return
        for indicator in self:
            if (
                indicator.direction == "reduce"
                and indicator.target >= indicator.baseline
            ):
                raise ValidationError(
                    self.env._(
                        "The indicator %(indicator)s must reduce: its target "
                        "(%(target)s) has to be below its baseline (%(baseline)s).",
                        indicator=indicator.name,
                        target=indicator.target,
                        baseline=indicator.baseline,
                    )
                )
            if (
                indicator.direction == "increase"
                and indicator.target <= indicator.baseline
            ):
                raise ValidationError(
                    self.env._(
                        "The indicator %(indicator)s must increase: its target "
                        "(%(target)s) has to be above its baseline (%(baseline)s).",
                        indicator=indicator.name,
                        target=indicator.target,
                        baseline=indicator.baseline,
                    )
                )

    @api.constrains("computation", "ticket_category_id", "measure_days")
    def _check_computation(self):
        for indicator in self.filtered(lambda i: i.computation != "manual"):
            if not indicator.ticket_category_id:
                raise ValidationError(
                    self.env._(
                        "The indicator %(indicator)s is computed from tickets: "
                        "choose their category.",
                        indicator=indicator.name,
                    )
                )
            if indicator.measure_days <= 0:
                raise ValidationError(
                    self.env._(
                        "The measuring window of %(indicator)s must be at least "
                        "one day.",
                        indicator=indicator.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        Project = self.env["improvement.project"]
        Category = self.env["helpdesk.ticket.category"]
        for vals in vals_list:
            # the baseline of a computed indicator is measured before the
            # target is validated against it
            if vals.get("computation", "manual") != "manual" and vals.get("project_id"):
                project = Project.browse(vals["project_id"])
                days = vals.get("measure_days") or 90
                start = project.date_start
                value, count = self._contacts_per_ticket(
                    Category.browse(vals.get("ticket_category_id")),
                    project.company_id,
                    start - timedelta(days=days),
                    start,
                )
                vals.update(baseline=value, baseline_ticket_count=count)
        return super().create(vals_list)

    def write(self, vals):
        if "result" in vals and "has_result" not in vals:
            vals["has_result"] = True
        return super().write(vals)

    @api.model
    def _contacts_per_ticket(self, category, company, date_from, date_to):
        """Customer contacts per ticket of ``category`` created in
        [date_from, date_to): the mean of the tickets' customer contact count
        (inbound customer messages and logged calls, counted by the ticket as
        they come: the definition the ticket analysis and the KPI use too),
        one query. Returns (value, tickets)."""
        if not category or date_to <= date_from:
            return 0.0, 0
        self.env["helpdesk.ticket"].flush_model(
            ["category_id", "company_id", "create_date", "customer_contact_count"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT count(*), coalesce(sum(t.customer_contact_count), 0)
                  FROM helpdesk_ticket t
                 WHERE t.category_id = %(category)s
                   AND t.company_id = %(company)s
                   AND t.create_date >= %(date_from)s
                   AND t.create_date < %(date_to)s
                """,
                category=category.id,
                company=company.id,
                date_from=datetime.combine(date_from, time.min),
                date_to=datetime.combine(date_to, time.min),
            )
        )
        tickets, contacts = self.env.cr.fetchone()
        return (contacts / tickets if tickets else 0.0), tickets

    def _measure_baseline(self):
        for indicator in self.filtered(lambda i: i.computation != "manual"):
            start = indicator.project_id.date_start
            value, count = self._contacts_per_ticket(
                indicator.ticket_category_id,
                indicator.company_id,
                start - timedelta(days=indicator.measure_days),
                start,
            )
            indicator.sudo().with_context(improvement_measuring=True).write(
                {"baseline": value, "baseline_ticket_count": count}
            )

    def _measure_result(self):
        today = fields.Date.context_today(self)
        for indicator in self.filtered(lambda i: i.computation != "manual"):
            project = indicator.project_id
            start = project.date_closed or project.date_end
            if not start or start > today:
                continue
            end = min(start + timedelta(days=indicator.measure_days), today)
            if end <= start:
                # closing today: the window after the project is still empty
                continue
            value, count = self._contacts_per_ticket(
                indicator.ticket_category_id, indicator.company_id, start, end
            )
            indicator.sudo().with_context(improvement_measuring=True).write(
                {"result": value, "result_ticket_count": count, "has_result": True}
            )
