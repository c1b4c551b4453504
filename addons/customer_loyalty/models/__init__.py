from . import cached_config
from . import customer_monthly_report
from . import customer_segment
from . import customer_segment_history
from . import customer_lost_reason
from . import customer_lost_service
from . import res_company
from . import res_config_settings
from . import res_partner_segment
from . import res_partner_survey
from . import res_partner_service_report
from . import res_partner_smart_buttons
from . import res_partner_health

# helpdesk.ticket, one class per concern; the import order is the order of
# their create()/write() steps (the last imported runs first)
from . import helpdesk_ticket_segment
from . import helpdesk_ticket_insert
from . import helpdesk_ticket_indexes
from . import helpdesk_ticket_stage_search
from . import helpdesk_ticket_intake
from . import helpdesk_ticket_classification
from . import helpdesk_ticket_escalation
from . import helpdesk_ticket_survey
from . import customer_type
from . import res_partner_customer_type
from . import res_partner_debt
from . import helpdesk_routing_rule
from . import helpdesk_ticket_customer_type
from . import helpdesk_ticket_debt
from . import helpdesk_ticket_routing
from . import helpdesk_ticket_owner
from . import helpdesk_ticket_outage

# improvement: requirements, SMART areas and projects, process map
from . import customer_requirement
from . import improvement_area
from . import improvement_project_stage
from . import improvement_project
from . import improvement_project_participant
from . import improvement_project_meeting
from . import improvement_project_action
from . import improvement_project_indicator
from . import improvement_project_deliverable
from . import improvement_project_interview
from . import customer_interview_plan
from . import customer_interview
from . import customer_process
from . import customer_process_owner

# intake, closing, classification, follow-up, escalation
from . import helpdesk_intake_template
from . import helpdesk_intake_template_line
from . import helpdesk_intake_option
from . import helpdesk_ticket_intake_answer
from . import helpdesk_ticket_followup

# --- Surveys ---
from . import survey_survey
from . import survey_question
from . import survey_question_answer
from . import survey_user_input
from . import customer_survey_campaign
from . import customer_segment_survey
from . import customer_segment_survey_schedule
from . import customer_survey_campaign_schedule

# KPIs
from . import customer_kpi
from . import customer_kpi_customers
from . import customer_kpi_revenue
from . import customer_kpi_tickets
from . import customer_kpi_satisfaction
from . import customer_kpi_target
from . import customer_kpi_value
from . import customer_kpi_frontoffice
from . import res_company_scorecard
from . import customer_kpi_value_scorecard
from . import ir_module_module
from . import res_partner_company
from . import helpdesk_ticket_company
from . import helpdesk_ticket_team
