from . import helpdesk_ticket_analysis
from . import customer_partner_snapshot
from . import report_balanced_scorecard
from . import report_customer_service
