from . import customer_partner_snapshot
