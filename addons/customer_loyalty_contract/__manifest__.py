# Copyright 2026 customer_loyalty authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Loyalty - Contracts",
    "summary": "Renewal follow-up before contracts end, renewal outcomes and "
    "retention KPIs from OCA recurring contracts",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "customer_loyalty authors",
    "website": "https://github.com/customer-loyalty/customer_loyalty",
    "development_status": "Beta",
    "depends": ["customer_loyalty", "contract"],
    "data": [
        "security/ir.model.access.csv",
        "security/customer_loyalty_contract_security.xml",
        "data/customer_segment_data.xml",
        "data/customer_kpi_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/customer_contract_renewal_views.xml",
        "views/customer_segment_views.xml",
        "views/contract_contract_views.xml",
        "views/customer_partner_snapshot_views.xml",
        "views/customer_lost_service_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/contract_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
