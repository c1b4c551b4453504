from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    scorecard_sent_month = fields.Date(
        string="Scorecard Sent For",
        readonly=True,
        copy=False,
        help="Last month whose balanced-scorecard report was e-mailed to the "
        "Direction.",
    )
