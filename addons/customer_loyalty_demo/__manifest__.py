# Copyright 2026 customer_loyalty authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Loyalty Demo",
    "summary": "18 months of a hosting company's activity to try Customer "
    "Loyalty: customers, invoices, tickets, surveys, improvement and KPIs",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "customer_loyalty authors",
    "website": "https://github.com/customer-loyalty/customer_loyalty",
    "development_status": "Beta",
    "depends": ["customer_loyalty"],
    "demo": [
        "demo/company_demo.xml",
        "demo/frontoffice_demo.xml",
        "demo/first_hour_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_loyalty_demo/static/src/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
