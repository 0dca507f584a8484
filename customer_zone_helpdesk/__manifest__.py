{
    "name": "Customer Zone: helpdesk tickets",
    "summary": "Support tickets (OCA helpdesk_mgmt) in the customer zone",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/customer-zone/customer-zone",
    "author": "Customer Zone developers",
    "maintainers": ["customer-zone"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["customer_zone", "helpdesk_mgmt"],
    "data": [
        "security/ir_rules.xml",
        "views/customer_zone_helpdesk_templates.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_partner_views.xml",
        "views/helpdesk_ticket_viewed_views.xml",
    ],
    "demo": [
        "demo/helpdesk_ticket_demo.xml",
    ],
    "post_init_hook": "date_existing_links",
    "installable": True,
}
