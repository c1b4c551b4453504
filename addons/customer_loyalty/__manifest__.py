# Copyright 2026 customer_loyalty authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Loyalty",
    "summary": "Customer segments, satisfaction surveys, SMART improvement "
    "projects and loyalty KPIs on top of the OCA helpdesk",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "customer_loyalty authors",
    "website": "https://github.com/customer-loyalty/customer_loyalty",
    "development_status": "Beta",
    "depends": ["helpdesk_mgmt", "survey", "account"],
    "data": [
        "security/customer_loyalty_security.xml",
        "security/ir.model.access.csv",
        "data/customer_segment_data.xml",
        "views/customer_segment_views.xml",
        "views/customer_segment_history_views.xml",
        "views/res_partner_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/customer_segment_review_views.xml",
        "views/menus.xml",
        # --- Surveys (issue #5) ---
        "security/survey_security.xml",
        "data/survey_data.xml",
        "data/survey_mail_template_data.xml",
        "data/survey_cron_data.xml",
        "data/customer_segment_survey_data.xml",
        "views/survey_question_views.xml",
        "views/survey_user_input_views.xml",
        "views/customer_segment_survey_views.xml",
        "views/customer_survey_campaign_views.xml",
        "views/helpdesk_ticket_survey_views.xml",
        "views/res_partner_survey_views.xml",
        "views/res_config_settings_survey_views.xml",
        "reports/customer_satisfaction_report_views.xml",
        "views/survey_menus.xml",
    ],
    "demo": [
        # --- Surveys (issue #5) ---
        "demo/survey_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
