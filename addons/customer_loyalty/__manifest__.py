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
    "depends": ["helpdesk_mgmt", "survey", "account", "web_hierarchy"],
    "data": [
        "security/customer_loyalty_security.xml",
        "security/ir.model.access.csv",
        "security/improvement_security.xml",
        "security/intake_security.xml",
        "security/survey_security.xml",
        "security/customer_kpi_security.xml",
        "security/customer_summary_security.xml",
        # segments
        "data/customer_segment_data.xml",
        "views/customer_segment_views.xml",
        "views/customer_segment_history_views.xml",
        "wizards/customer_segment_review_views.xml",
        # improvement (issue #6)
        "data/customer_requirement_data.xml",
        "data/improvement_project_stage_data.xml",
        "data/customer_process_data.xml",
        "views/customer_requirement_views.xml",
        "views/improvement_area_views.xml",
        "views/improvement_project_views.xml",
        "views/customer_process_views.xml",
        "reports/improvement_project_report.xml",
        # intake, closing, classification, follow-up, escalation (issue #4)
        "data/helpdesk_ticket_channel_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_intake_template_views.xml",
        "views/helpdesk_ticket_followup_views.xml",
        "views/portal_templates.xml",
        "wizards/helpdesk_ticket_derive_views.xml",
        # surveys (issue #5)
        "data/survey_data.xml",
        "data/survey_mail_template_data.xml",
        "data/survey_cron_data.xml",
        "data/customer_segment_survey_data.xml",
        "views/survey_question_views.xml",
        "views/survey_user_input_views.xml",
        "views/customer_segment_survey_views.xml",
        "views/customer_survey_campaign_views.xml",
        "reports/customer_satisfaction_report_views.xml",
        # KPIs and reporting (issue #7)
        "data/customer_kpi_data.xml",
        "data/customer_kpi_cron.xml",
        "wizards/customer_kpi_recompute_views.xml",
        "views/customer_kpi_views.xml",
        "views/customer_kpi_value_views.xml",
        "data/customer_reporting_cron.xml",
        "reports/helpdesk_ticket_analysis_views.xml",
        "reports/customer_partner_snapshot_views.xml",
        "reports/customer_loyalty_reports.xml",
        "data/customer_service_report_data.xml",
        # reporting summaries (issue #8)
        "data/customer_summary_cron.xml",
        "reports/customer_summary_views.xml",
        # host models extended by every feature
        "views/res_partner_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
        # menus last
        "views/menus.xml",
    ],
    "demo": [
        "demo/improvement_demo.xml",
        "demo/intake_demo.xml",
        "demo/survey_demo.xml",
        "demo/kpi_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "customer_loyalty/static/src/js/portal_intake.js",
        ],
        "web.assets_tests": [
            "customer_loyalty/static/src/tests/tours/portal_intake_tour.js",
            "customer_loyalty/static/src/tests/tours/ticket_intake_tour.js",
        ],
    },
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
