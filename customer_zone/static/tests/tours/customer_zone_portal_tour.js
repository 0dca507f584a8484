import { registry } from "@web/core/registry";

// A demo customer opens the zone and the list of its invoices.
registry.category("web_tour.tours").add("customer_zone_portal_tour", {
    url: "/my/home",
    steps: () => [
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
    ],
});
