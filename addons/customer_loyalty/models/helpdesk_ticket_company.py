"""Company consistency of the fields the addon adds to tickets."""

from odoo import api, models


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # helpdesk_mgmt does not turn _check_company_auto on: the fields of this
    # addon (all check_company=True) are checked here, and only them
    _LOYALTY_COMPANY_FIELDS = (
        "customer_segment_id",
        "customer_type_id",
        "routing_rule_id",
        "intake_template_id",
        "complaint_action_user_id",
        "outage_service_id",
    )

    @api.constrains("company_id", *_LOYALTY_COMPANY_FIELDS)
    def _check_loyalty_companies(self):
        self._check_company(list(self._LOYALTY_COMPANY_FIELDS))
