"""Revenue, defined once for the whole addon.

The revenue of a customer over a period is the untaxed amount, in company
currency, of the product lines of its posted customer invoices minus its
posted customer refunds, dated by their accounting date: ``-balance`` of the
``account.move.line`` rows with ``display_type = 'product'`` whose move is a
posted ``out_invoice`` or ``out_refund``, summed by the commercial partner of
the invoice and ``date`` (the move's accounting date).

The segment review, the revenue KPIs, the monthly snapshot and the health
score all read :func:`revenue_lines`, and filter or group it by company,
partner and date.
"""

from odoo.tools import SQL


def revenue_lines():
    """Query of the revenue lines, one row per product line: ``partner_id``
    (commercial partner), ``company_id``, ``date`` (accounting date),
    ``amount`` (untaxed, company currency, refunds negative), ``product_id``,
    ``move_type``. Used as a subquery, which PostgreSQL flattens: the
    caller's conditions on company, partner and date reach the indexes."""
    return SQL(
        """
        SELECT m.commercial_partner_id AS partner_id, aml.company_id, aml.date,
               -aml.balance AS amount, aml.product_id, m.move_type
          FROM account_move_line aml
          JOIN account_move m ON m.id = aml.move_id
         WHERE aml.parent_state = 'posted'
           AND aml.display_type = 'product'
           AND m.move_type IN ('out_invoice', 'out_refund')
        """
    )
