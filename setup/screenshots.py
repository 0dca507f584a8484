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
]


def main(base_url, folder):
    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        for login, path, name in PAGES:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base_url}/web/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", login)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(f"{base_url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(folder / name), full_page=True)
            print(f"wrote {folder / name}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
