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
        fnames = list(self._LOYALTY_COMPANY_FIELDS)
        # the companies of the segments and of the active routing rules are
        # in the registry caches a new ticket already reads: when they fit,
        # the check reads neither (two queries per ticket created); anything
        # else goes through the standard check and its error
        known = {
            "customer_segment_id": {
                segment: companies[0]
                for segment, companies in self.env["customer.segment"]
                ._ticket_companies()
                .items()
            },
            "routing_rule_id": {
                rule["id"]: company
                for company, rules in self.env["helpdesk.routing.rule"]
                ._routing_table()
                .items()
                for rule in rules
            },
        }
        for fname, companies in known.items():
            if all(
                not ticket[fname]
                or (
                    ticket[fname].id in companies
                    and (companies[ticket[fname].id] or False)
                    in (False, ticket.company_id.id)
                )
                for ticket in self
            ):
                fnames.remove(fname)
        self._check_company(fnames)
