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
        segments = self.env["customer.segment"]._ticket_companies()
        rules = self.env["helpdesk.routing.rule"]._routing_table()

        def segment_fits(ticket):
            companies = segments.get(ticket.customer_segment_id.id)
            return companies is not None and companies[0] in (
                None,
                ticket.company_id.id,
            )

        def rule_fits(ticket):
            rule_id = ticket.routing_rule_id.id
            return any(
                rule["id"] == rule_id
                for company in (False, ticket.company_id.id)
                for rule in rules.get(company, ())
            )

        for fname, fits in (
            ("customer_segment_id", segment_fits),
            ("routing_rule_id", rule_fits),
        ):
            if all(not ticket[fname] or fits(ticket) for ticket in self):
                fnames.remove(fname)
        self._check_company(fnames)
