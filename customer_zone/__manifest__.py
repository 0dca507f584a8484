{
    "name": "Customer Zone",
    "summary": "Self-service account zone for customers in the Odoo portal",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/customer-zone/customer-zone",
    "author": "Customer Zone developers",
    "maintainers": ["customer-zone"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["portal", "account", "sale_management", "auth_signup"],
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "report/customer_zone_statement_report.xml",
        "views/customer_zone_portal_templates.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/sale_order_views.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
        "demo/customer_zone_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_zone/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
