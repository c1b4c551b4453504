from odoo import fields, models


class CustomerSegment(models.Model):
    _inherit = "customer.segment"

    is_periodic_survey_scheduled = fields.Boolean(
        string="Start Campaigns Automatically",
        default=True,
        help="A campaign of the periodic survey starts by itself at the "
        "beginning of each semester or year (once per period).",
    )
