from . import customer_segment_review
from . import helpdesk_ticket_derive

# KPIs
from . import customer_kpi_recompute
from . import survey_invite
from . import customer_satisfaction_annual
from . import helpdesk_routing_test
from . import customer_service_report_print
