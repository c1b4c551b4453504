from . import customer_segment
from . import customer_segment_history
from . import res_company
from . import res_config_settings
from . import res_partner
from . import helpdesk_ticket

# --- Surveys (issue #5) ---
from . import survey_question
from . import survey_question_answer
from . import survey_user_input
from . import customer_survey_campaign
from . import customer_segment_survey
from . import helpdesk_ticket_survey
from . import res_partner_survey
