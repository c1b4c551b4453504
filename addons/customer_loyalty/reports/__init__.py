from . import helpdesk_ticket_analysis
from . import customer_partner_snapshot
