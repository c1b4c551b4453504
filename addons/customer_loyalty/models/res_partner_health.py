from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount

from .res_company import HEALTH_WEIGHTS

HEALTH_READERS = (
    "customer_loyalty.customer_loyalty_group_user,"
    "customer_loyalty.customer_loyalty_group_direction"
)


class ResPartner(models.Model):
    """Customer health: a score from 0 to 100 (100 healthy) computed every
    day by the snapshot cron from documented factors (see
    ``customer.partner.snapshot._health_sql``), each taking off at most the
    points its company weight allows. The factors are stored as data (value
    and points) and described in the reader's language when read."""

    _inherit = "res.partner"

    customer_health_score = fields.Integer(
        string="Health Score",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups=HEALTH_READERS,
        aggregator="avg",
        help="0-100, 100 healthy: 100 minus the points taken off by each factor "
        "(revenue trend, lost services, complaints, satisfaction, "
        "recommendation, late tickets, contacts per ticket, unanswered surveys, "
        "overdue debt). Refreshed every day.",
    )
    customer_health_factors = fields.Json(
        readonly=True, copy=False, groups=HEALTH_READERS
    )
    is_customer_health_at_risk = fields.Boolean(
        string="At Risk",
        readonly=True,
        copy=False,
        groups=HEALTH_READERS,
        help="Health score below the threshold of the customer's segment.",
    )
    customer_health_reason = fields.Char(
        string="Health Reason",
        compute="_compute_customer_health_reason",
        groups=HEALTH_READERS,
        help="The factors that lowered the health score, most points first.",
    )
    customer_health_detail = fields.Html(
        string="Health Factors",
        compute="_compute_customer_health_reason",
        sanitize=False,
        groups=HEALTH_READERS,
    )

    def _health_factor_labels(self):
        _ = self.env._
        return {
            "revenue_trend": _("Revenue trend (last 12 months vs the 12 before)"),
            "lost_services": _("Services lost in the last 12 months"),
            "complaints": _("Complaints in the last 12 months (open ones count twice)"),
            "satisfaction": _("Last overall satisfaction (0-10)"),
            "recommendation": _("Would recommend us (last answer)"),
            "tickets_late": _("Tickets out of their resolution target"),
            "contacts": _("Customer contacts per ticket"),
            "unanswered_surveys": _("Surveys left unanswered"),
            "overdue_debt": _("Overdue debt"),
        }

    def _health_value_text(self, key, value, extra=None):
        _ = self.env._
        if value is None:
            return _("no data")
        if key in ("revenue_trend",):
            return f"{value:+.1f} %"
        if key in ("tickets_late", "unanswered_surveys"):
            return f"{value:.1f} %"
        if key == "recommendation":
            return _("yes") if value else _("no")
        if key == "overdue_debt":
            company = self.company_id or self.env.company
            return format_amount(self.env, value, company.currency_id)
        if key == "complaints" and extra:
            return _("%(count)s (%(open)s open)", count=value, open=extra)
        if isinstance(value, float) and not value.is_integer():
            return f"{value:.2f}".rstrip("0")
        return str(int(value)) if isinstance(value, float) else str(value)

    def _health_lowering_factors(self, factors):
        """``[(label, value text, points)]`` of the factors that took points
        off, most points first."""
        labels = self._health_factor_labels()
        rows = []
        for key in HEALTH_WEIGHTS:
            value, points, *extra = (factors or {}).get(key) or (None, 0)
            if points:
                rows.append(
                    (
                        labels[key],
                        self._health_value_text(key, value, *extra),
                        float(points),
                    )
                )
        return sorted(rows, key=lambda row: -row[2])

    def _health_reason_text(self, factors):
        return "; ".join(
            self.env._(
                "%(factor)s: %(value)s (-%(points)s)",
                factor=label,
                value=value,
                # no f-string inside the call: the term extractor evaluates its
                # string arguments and skips the whole file on a name
                points=format(points, "g"),
            )
            for label, value, points in self._health_lowering_factors(factors)
        )

    @api.depends("customer_health_factors")
    @api.depends_context("lang")
    def _compute_customer_health_reason(self):
        labels = self._health_factor_labels()
        for partner in self:
            factors = partner.customer_health_factors
            partner.customer_health_reason = (
                partner._health_reason_text(factors) if factors else False
            )
            if not factors:
                partner.customer_health_detail = False
                continue
            company = partner.company_id or self.env.company
            rows = Markup("")
            for key, (field, __) in HEALTH_WEIGHTS.items():
                value, points, *extra = factors.get(key) or (None, 0)
                rows += Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end'>%s</td><td class='text-end'>%s</td></tr>"
                ) % (
                    labels[key],
                    partner._health_value_text(key, value, *extra),
                    f"-{float(points):g}" if points else "0",
                    company[field],
                )
            head = Markup(
                "<thead><tr><th>%s</th><th class='text-end'>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th></tr></thead>"
            ) % (
                self.env._("Factor"),
                self.env._("Value"),
                self.env._("Points"),
                self.env._("Weight"),
            )
            partner.customer_health_detail = (
                Markup("<table class='table table-sm o_customer_health'>")
                + head
                + Markup("<tbody>")
                + rows
                + Markup("</tbody></table>")
            )

    def action_view_customer_health_trend(self):
        """The health score of the customer month by month (12-month graph)."""
        self.ensure_one()
        if not (
            self.env.user.has_group("customer_loyalty.customer_loyalty_group_manager")
            or self.env.user.has_group(
                "customer_loyalty.customer_loyalty_group_direction"
            )
        ):
            raise AccessError(
                self.env._("Only loyalty managers and direction read health trends.")
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_loyalty.customer_partner_snapshot_action_health"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("health_score", "!=", False),
        ]
        action["context"] = {"graph_groupbys": ["month:month"]}
        action["view_mode"] = "graph,list"
        action["views"] = [(False, "graph"), (False, "list")]
        return action
