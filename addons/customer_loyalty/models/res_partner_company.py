"""Company consistency of the segment and customer type of a customer."""

from odoo import api, models

from .company_check import check_owned_links


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.constrains("company_id", "customer_segment_id", "customer_type_id")
    def _check_loyalty_companies(self):
        # a customer shared between companies holds the segment and type of
        # the company that serves it; a customer of one company holds shared
        # ones or its company's own
        check_owned_links(self, ["customer_segment_id", "customer_type_id"])
