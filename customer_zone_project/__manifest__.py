{
    "name": "Customer Zone: project jobs",
    "summary": "The projects and tasks done for a customer, in the customer zone",
    "version": "19.0.1.0.0",
    "category": "Services/Project",
    "website": "https://github.com/customer-zone/customer-zone",
    "author": "Customer Zone developers",
    "maintainers": ["customer-zone"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_zone", "project"],
    "data": [
        "security/ir_rules.xml",
        "views/customer_zone_project_templates.xml",
        "views/project_project_views.xml",
        "views/project_task_views.xml",
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/project_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
