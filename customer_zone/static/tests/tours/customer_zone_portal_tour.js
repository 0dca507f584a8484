import { registry } from "@web/core/registry";

// A demo customer reads its account summary, its statement and a list.
registry.category("web_tour.tours").add("customer_zone_portal_tour", {
    url: "/my/home",
    steps: () => [
        {
            content: "The account summary shows the balance due",
            trigger: ".o_customer_zone_summary .o_customer_zone_balance",
        },
        {
            content: "Open the statement",
            trigger: '.o_customer_zone_summary a[href="/my/statement"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The statement opens with the opening balance",
            trigger: ".o_customer_zone_statement .o_customer_zone_opening",
        },
        {
            content: "It closes with the closing balance and the aging",
            trigger: ".o_customer_zone_statement .o_customer_zone_aging",
        },
        {
            content: "Back home",
            trigger: 'a[href="/my/home"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoices tile is on the home page",
            trigger: 'a.text-decoration-none[href^="/my/invoices"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The customer's invoices are listed",
            trigger: "table tbody tr td a:contains('INV/')",
        },
        {
            content: "Filter the unpaid ones",
            trigger: "#portal_searchbar_filters",
            run: "click",
        },
        {
            content: "Choose Unpaid",
            trigger: 'a.dropdown-item[href*="filterby=unpaid"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Only unpaid invoices remain",
            trigger: "table tbody tr td a:contains('INV/')",
        },
    ],
});
