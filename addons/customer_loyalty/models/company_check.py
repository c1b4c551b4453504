"""Company consistency of links from records that may be shared.

Odoo's ``check_company`` lets a shared record (no company) link only shared
records. Some records of the addon are shared on purpose and linked to the
records of every company: a customer shared between companies holds the
segment of the company that serves it, the shared requirement catalogue is
linked to each company's tickets and improvement areas. For those, a record
of one company links only shared records or its company's own, and a shared
record links anything.
"""

from odoo.exceptions import ValidationError


def check_owned_links(records, fnames):
    """Raise a ValidationError when a record of ``records`` that has a company
    links, through one of ``fnames``, a record of another company."""
    for record in records.sudo().filtered("company_id"):
        for fname in fnames:
            foreign = record[fname].filtered(
                lambda linked, r=record: (
                    linked.company_id and linked.company_id != r.company_id
                )
            )
            if foreign:
                raise ValidationError(
                    records.env._(
                        "%(record)s belongs to %(company)s: its %(field)s must "
                        "be shared or of that company.",
                        record=record.display_name,
                        company=record.company_id.display_name,
                        field=record._fields[fname]._description_string(records.env),
                    )
                )
