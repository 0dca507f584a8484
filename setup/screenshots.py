"""Screenshots of the Customer Zone as a demo customer sees it (setup/screenshots)."""

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
# (login, path, file, selector to wait for: the backend keeps a websocket
# open, so "networkidle" never comes there)
PAGES = [
    ("acme", "/my/home", "home.png"),
    ("acme", "/my/invoices", "invoices.png"),
    ("acme", "/my/quotes", "quotes.png"),
    ("acme", "/my/tickets", "tickets.png"),
    ("acme", "/my/statement", "statement.png"),
    ("acme", "/my/outstanding", "outstanding.png"),
    ("acme", "/my/payments", "payments.png"),
    ("acme", "/my/details", "details.png"),
    ("acme", "/my/outstanding/pay?invoice_ids=all", "pay.png"),
    (
        "admin",
        "/odoo/action-customer_zone.customer_zone_view_event_action",
        "views_report.png",
        ".o_data_row",
    ),
    (
        "admin",
        "/odoo/action-customer_zone.customer_zone_document_action",
        "register.png",
        ".o_data_row",
    ),
]


def main(base_url, folder):
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        for login, path, name, *wait_for in PAGES:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base_url}/web/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", login)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            page.goto(f"{base_url}{path}")
            if wait_for:
                page.wait_for_selector(wait_for[0])
            else:
                page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / name), full_page=True)
            print(f"wrote {folder / name}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
