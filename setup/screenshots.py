"""Screenshots of the Customer Zone as a demo customer sees it (setup/screenshots)."""

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Each shot: login, path, file; optionally "wait" (a selector to wait for:
# the backend keeps a websocket open, so "networkidle" never comes there) and
# "click" (selectors clicked in turn once the page is there, each waited for).
# A path may name a record by its XML id: "{ref:module.xml_id}".
# "phone": taken at 375 px on a phone (PHONE below), "script": JavaScript run
# once the page is there (scrolling the section menu), "full_page": False for
# the viewport only.
PHONE = {
    "viewport": {"width": 375, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
PAGES = [
    {"login": "acme", "path": "/my/home", "file": "home.png"},
    {"login": "acme", "path": "/my/invoices", "file": "invoices.png"},
    {"login": "acme", "path": "/my/quotes", "file": "quotes.png"},
    {"login": "acme", "path": "/my/tickets", "file": "tickets.png"},
    {"login": "acme", "path": "/my/statement", "file": "statement.png"},
    {"login": "acme", "path": "/my/outstanding", "file": "outstanding.png"},
    {"login": "acme", "path": "/my/payments", "file": "payments.png"},
    {"login": "acme", "path": "/my/orders", "file": "orders.png"},
    {"login": "acme", "path": "/my/details", "file": "details.png"},
    {
        "login": "acme",
        "path": "/my/outstanding/pay?invoice_ids=all",
        "file": "pay.png",
    },
    # a quotation over the customer's available balance (Bluebird blocks)
    {
        "login": "bluebird",
        "path": "/my/quotes",
        "file": "quote_over_balance.png",
        "click": ["table a[href^='/my/orders/']"],
        "wait": "#customer_zone_credit_alert",
    },
    {
        "login": "admin",
        "path": "/odoo/action-customer_zone.customer_zone_view_event_action",
        "file": "views_report.png",
        "wait": ".o_data_row",
    },
    {
        "login": "admin",
        "path": "/odoo/action-customer_zone.customer_zone_document_action",
        "file": "register.png",
        "wait": ".o_data_row",
    },
    # the customer's 360° form: its credit on the Invoicing tab
    {
        "login": "admin",
        "path": "/odoo/res.partner/{ref:customer_zone.partner_acme_demo}",
        "file": "customer_credit.png",
        "wait": ".o_form_view",
        "click": ["a[name='accounting']"],
    },
    {
        "login": "admin",
        "path": "/odoo/action-customer_zone.customer_zone_credit_limit_change_action",
        "file": "credit_limit_history.png",
        "wait": ".o_data_row",
    },
    # operations: the catalog, project jobs, deliveries, the supplier zone
    {"login": "acme", "path": "/my/catalog", "file": "catalog.png"},
    {"login": "acme", "path": "/my/tasks", "file": "tasks.png"},
    {"login": "acme", "path": "/my/deliveries", "file": "deliveries.png"},
    {
        "login": "falcon",
        "path": "/my/purchase/"
        "{ref:customer_zone_purchase.purchase_order_falcon_rfq_1_demo}",
        "file": "supplier_acknowledge.png",
    },
    # phones: the zone at 375 px
    {"login": "acme", "path": "/my/home", "file": "phone_home.png", "phone": True},
    {
        "login": "acme",
        "path": "/my/statement",
        "file": "phone_statement.png",
        "phone": True,
    },
    {
        "login": "acme",
        "path": "/my/outstanding",
        "file": "phone_outstanding.png",
        "phone": True,
    },
    # the section menu, a strip scrolled to the page's own entry
    {
        "login": "acme",
        "path": "/my/payments",
        "file": "phone_menu.png",
        "phone": True,
        "full_page": False,
        "script": "document.querySelector('.o_cz_menu_current')"
        "?.scrollIntoView({inline: 'center', block: 'nearest'})",
    },
]
DESKTOP = {"width": 1280, "height": 900}
REF = re.compile(r"\{ref:([\w.]+)\}")


def resolve(page, path):
    """``path`` with each "{ref:module.xml_id}" replaced by the record's id,
    read through the logged-in session."""

    def record_id(match):
        module, name = match.group(1).split(".", 1)
        answer = page.request.post(
            page.url.split("/odoo")[0].split("/web")[0].split("/my")[0]
            + "/web/dataset/call_kw/ir.model.data/check_object_reference",
            data={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "ir.model.data",
                    "method": "check_object_reference",
                    "args": [module, name],
                    "kwargs": {},
                },
            },
        ).json()
        return str(answer["result"][1])

    return REF.sub(record_id, path)


def main(base_url, folder):
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        # CZ_SHOTS="a.png b.png" retakes only those
        only = set(os.environ.get("CZ_SHOTS", "").split())
        for shot in PAGES:
            if only and shot["file"] not in only:
                continue
            login = shot["login"]
            context = browser.new_context(
                **(PHONE if shot.get("phone") else {"viewport": DESKTOP})
            )
            page = context.new_page()
            page.goto(f"{base_url}/web/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", login)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            page.goto(f"{base_url}{resolve(page, shot['path'])}")
            for selector in shot.get("click", ()):
                page.wait_for_selector(selector)
                page.click(selector)
                page.wait_for_load_state("load")
            if shot.get("wait"):
                page.wait_for_selector(shot["wait"])
            else:
                page.wait_for_load_state("networkidle")
            if shot.get("script"):
                page.evaluate(shot["script"])
            page.screenshot(
                path=str(folder / shot["file"]), full_page=shot.get("full_page", True)
            )
            print(f"wrote {folder / shot['file']}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
