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
        # KPIs and reporting (issue #7)
        "security/customer_kpi_security.xml",
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
        "views/res_partner_service_report_views.xml",
        "views/customer_kpi_menus.xml",
    ],
    "demo": [
        # KPIs and reporting (issue #7)
        "demo/kpi_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
