from odoo import api, fields, models


class ImprovementProject(models.Model):
    """A project agreed with one customer: the customer should have been
    interviewed in the project's year before its work plan is agreed."""

    _inherit = "improvement.project"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        domain=[("is_segment_holder", "=", True)],
        help="Customer the project is agreed with (e.g. an internal client's "
        "work plan).",
        check_company=True,
    )
    is_customer_not_interviewed = fields.Boolean(
        string="Customer Not Interviewed",
        compute="_compute_is_customer_not_interviewed",
        help="The customer has no completed interview in the year the project starts.",
    )

    @api.depends("partner_id", "date_start")
    def _compute_is_customer_not_interviewed(self):
        with_customer = self.filtered(lambda p: p.partner_id and p.date_start)
        (self - with_customer).is_customer_not_interviewed = False
        if not with_customer:
            return
        years = {project.date_start.year for project in with_customer}
        done = (
            self.env["customer.interview"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", with_customer.partner_id.ids),
                    ("state", "=", "done"),
                    ("year", "in", list(years)),
                ],
                ["partner_id", "year"],
            )
        )
        interviewed = {(partner.id, year) for partner, year in done}
        # interviews filled in outside the plan count too
        answers = (
            self.env["survey.user_input"]
            .sudo()
            ._read_group(
                [
                    ("loyalty_customer_id", "in", with_customer.partner_id.ids),
                    ("is_loyalty_interview", "=", True),
                    ("state", "=", "done"),
                ],
                ["loyalty_customer_id", "end_datetime:year"],
            )
        )
        interviewed |= {(partner.id, when.year) for partner, when in answers if when}
        for project in with_customer:
            project.is_customer_not_interviewed = (
                project.partner_id.commercial_partner_id.id,
                project.date_start.year,
            ) not in interviewed
