from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _overdue_debt_by_partner(self, company, partner_ids, date=None):
        """``{commercial partner id: overdue amount}`` in the currency of
        ``company``: what is still due on its posted receivables whose due
        date has passed (only partners with debt are in the result).

        One query for any number of partners (ticket creation asks once per
        batch, and only when a routing rule needs it)."""
        if not partner_ids:
            return {}
        commercial_ids = list(
            set(self.browse(partner_ids).sudo().commercial_partner_id.ids)
        )
        # receivable lines carry the commercial partner of their move
        self.env["account.move.line"].flush_model(
            ["partner_id", "amount_residual", "date_maturity", "parent_state"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT l.partner_id, sum(l.amount_residual)
                  FROM account_move_line l
                  JOIN account_account a ON a.id = l.account_id
                 WHERE l.partner_id = ANY(%(partners)s)
                   AND l.company_id = %(company)s
                   AND l.parent_state = 'posted'
                   AND a.account_type = 'asset_receivable'
                   AND NOT l.reconciled
                   AND l.date_maturity < %(date)s
                 GROUP BY l.partner_id
                HAVING sum(l.amount_residual) > 0
                """,
                partners=commercial_ids,
                company=company.id,
                date=date or fields.Date.context_today(self),
            )
        )
        return dict(self.env.cr.fetchall())
