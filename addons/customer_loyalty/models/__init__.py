from . import customer_segment
from . import customer_segment_history
from . import res_company
from . import res_config_settings
from . import res_partner
from . import helpdesk_ticket

# intake, closing, classification, follow-up, escalation (issue #4)
from . import helpdesk_intake_template
from . import helpdesk_intake_template_line
from . import helpdesk_intake_option
from . import helpdesk_ticket_intake_answer
from . import helpdesk_ticket_followup
from . import helpdesk_ticket_intake
from . import helpdesk_ticket_escalation
