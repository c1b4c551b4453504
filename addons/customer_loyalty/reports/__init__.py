from . import customer_satisfaction_report
from . import customer_satisfaction_matrix
from . import helpdesk_ticket_analysis
from . import customer_partner_snapshot
from . import report_balanced_scorecard
from . import report_customer_service
from . import customer_satisfaction_summary
from . import customer_segment_snapshot
