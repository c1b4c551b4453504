# Copyright 2026 customer_loyalty authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Loyalty Dashboard",
    "summary": "The loyalty KPIs, tickets, satisfaction and improvement projects "
    "at a glance in the Dashboards app",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "Productivity/Dashboard",
    "author": "customer_loyalty authors",
    "website": "https://github.com/customer-loyalty/customer_loyalty",
    "development_status": "Beta",
    "depends": ["spreadsheet_dashboard", "customer_loyalty"],
    "data": [
        "data/dashboards.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "spreadsheet_dashboard_customer_loyalty/static/src/tests/tours/*.js",
        ],
    },
    "auto_install": ["customer_loyalty"],
    "installable": True,
}
