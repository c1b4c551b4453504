from odoo import api, fields, models
from odoo.exceptions import ValidationError

# customers without a segment get the shortest shipped window
DEFAULT_RENEWAL_WINDOW_DAYS = 30


class CustomerSegment(models.Model):
    _inherit = "customer.segment"

    renewal_window_days = fields.Integer(
        string="Renewal Window (days)",
        default=DEFAULT_RENEWAL_WINDOW_DAYS,
        help="Days before a contract's end date when its renewal follow-up "
        "starts: the responsible gets an activity to offer the customer a "
        "renewal fitted to their current needs. 0 turns the follow-up off for "
        "this segment.",
    )

    @api.constrains("renewal_window_days")
    def _check_renewal_window_days(self):
        for segment in self:
            if segment.renewal_window_days < 0:
                raise ValidationError(
                    self.env._(
                        "The renewal window of %(segment)s cannot be negative: "
                        "enter the number of days before the end of a contract "
                        "when its renewal follow-up starts (0 turns it off).",
                        segment=segment.display_name,
                    )
                )
