{
    "name": "Customer Zone: deliveries",
    "summary": "Deliveries and their slips in the customer zone, and the real "
    "cost of deliveries against what was charged",
    "version": "19.0.1.0.0",
    "category": "Inventory/Delivery",
    "website": "https://github.com/customer-zone/customer-zone",
    "author": "Customer Zone developers",
    "maintainers": ["customer-zone"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_zone", "sale_stock", "stock_delivery"],
    "data": [
        "security/ir.model.access.csv",
        "security/ir_rules.xml",
        "report/customer_zone_delivery_cost_report_views.xml",
        "views/customer_zone_stock_templates.xml",
        "views/customer_zone_stock_empty_templates.xml",
        "views/stock_picking_views.xml",
        "views/customer_zone_stock_menus.xml",
    ],
    "demo": [
        "demo/customer_zone_stock_demo.xml",
    ],
    "installable": True,
    # installed with sale_stock (a list: the triggers, a subset of depends;
    # stock_delivery is pulled in as a dependency)
    "auto_install": ["customer_zone", "sale_stock"],
}
