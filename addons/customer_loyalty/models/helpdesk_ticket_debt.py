from odoo import fields, models


class HelpdeskTicket(models.Model):
    """The customer's overdue debt, shown to the agent before the request
    is handled (a customer with debt is told what is pending).

    The amount is a float shown with the company's currency (the form's
    monetary widget takes it from ``company_currency_id``): it is a sum of
    receivable residuals, each already rounded to that currency, so rounding
    it again as a Monetary field does would only cost a read of the currency
    on every form of a customer with debt."""

    _inherit = "helpdesk.ticket"

    customer_overdue_amount = fields.Float(
        string="Overdue Debt",
        compute="_compute_customer_overdue_amount",
        groups="base.group_user",
        help="What the customer still owes on posted invoices whose due date "
        "has passed, in the ticket company's currency.",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id",
        string="Company Currency",
        groups="base.group_user",
    )

    def _compute_customer_overdue_amount(self):
        Partner = self.env["res.partner"]
        by_company = {}
        for ticket in self:
            by_company.setdefault(ticket.company_id, self.browse())
            by_company[ticket.company_id] |= ticket
        for company, tickets in by_company.items():
            # the customer through the contact, which the form reads anyway
            # (the ticket's own commercial_partner_id is not on the form: one
            # more query on the ticket)
            customers = tickets.partner_id.commercial_partner_id
            debts = (
                Partner._overdue_debt_by_partner(company, customers.ids)
                if company and customers
                else {}
            )
            for ticket in tickets:
                ticket.customer_overdue_amount = debts.get(
                    ticket.partner_id.commercial_partner_id.id, 0.0
                )
