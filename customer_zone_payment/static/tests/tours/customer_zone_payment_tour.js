import { registry } from "@web/core/registry";

function payWithDemoProvider() {
    return [
        {
            content: "Choose the demo provider",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="demo"]',
            run() {
                if (!this.anchor.checked) {
                    this.anchor.click();
                }
            },
        },
        {
            content: "Type test card details",
            trigger: "input#customer_input",
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: 'button[name="o_payment_submit_button"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The payment is confirmed and we are back on the open items",
            trigger: ".o_customer_zone_pay_on_account",
            timeout: 20000,
        },
    ];
}

// A demo customer pays two chosen invoices, then an amount on account.
registry.category("web_tour.tours").add("customer_zone_payment_tour", {
    url: "/my/outstanding",
    steps: () => [
        {
            content: "Choose the first open invoice",
            trigger: "tr:nth-child(1) input.o_customer_zone_pick",
            run: "click",
        },
        {
            content: "Choose another open invoice",
            trigger: "tr:nth-child(2) input.o_customer_zone_pick",
            run: "click",
        },
        {
            content: "Pay the selected invoices",
            trigger: "button.o_customer_zone_pay_selected",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation page lists them",
            trigger: ".o_customer_zone_pay_page h1:contains('Pay invoices')",
        },
        ...payWithDemoProvider(),
        {
            content: "Type an amount to pay on account",
            trigger: ".o_customer_zone_pay_on_account input[name=amount]",
            run: "edit 50",
        },
        {
            content: "Pay it",
            trigger: ".o_customer_zone_pay_on_account button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation page says on account",
            trigger: ".o_customer_zone_pay_page h1:contains('Pay on account')",
        },
        ...payWithDemoProvider(),
    ],
});
