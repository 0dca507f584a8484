{
    "name": "Customer Zone: online payments",
    "summary": "Customers pay invoices, several invoices or on account from the zone",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/customer-zone/customer-zone",
    "author": "Customer Zone developers",
    "maintainers": ["customer-zone"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_zone", "account_payment"],
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "report/customer_zone_payment_report_views.xml",
        "report/customer_zone_payment_xlsx_reports.xml",
        "data/mail_template_data.xml",
        "views/customer_zone_payment_templates.xml",
        "views/customer_zone_pay_entry_templates.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/customer_zone_payment_menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/payment_transaction_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_zone_payment/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
