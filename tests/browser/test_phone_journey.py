"""The issue's acceptance on a phone (375 px), in Chromium: a new customer
logs in for the first time (the welcome), pays its overdue balance from the
account summary with the demo provider, moves from the statement to the
outstanding items through the section menu, and prints them.

The customer is made for the run through JSON-RPC as the accountant (its own
login, two invoices: one overdue, one not yet due), so the journey runs on
any demo database, again and again, and leaves the demo customers as they
are.
"""

import datetime
import re
import uuid

import pytest
from conftest import VIEWPORTS

OVERDUE = 120.0
NOT_YET_DUE = 75.5


def _post_invoice(admin, partner_id, invoice_date, due_date, amount):
    move_id = admin.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "invoice_date": invoice_date.isoformat(),
            "invoice_date_due": due_date.isoformat(),
            "invoice_payment_term_id": False,
            "invoice_line_ids": [
                (0, 0, {"name": "Phone journey service", "price_unit": amount})
            ],
        },
    )
    admin.call("account.move", "action_post", [move_id])
    return move_id


@pytest.fixture
def newcomer(admin):
    """A portal customer of its own with an overdue and a not-yet-due invoice,
    the demo payment provider published; its login is new (first login)."""
    login = f"cz-browser-journey-{uuid.uuid4().hex[:8]}"
    portal = admin.call(
        "ir.model.data", "check_object_reference", "base", "group_portal"
    )[1]
    user_id = admin.call(
        "res.users",
        "create",
        {
            "name": f"Phone Journey Ltd {login[-8:]}",
            "login": login,
            "password": login,
            "email": f"{login}@example.com",
            "group_ids": [(6, 0, [portal])],
        },
    )
    [user] = admin.call("res.users", "read", [user_id], ["partner_id"])
    partner_id = user["partner_id"][0]
    demo = admin.call(
        "ir.model.data", "check_object_reference", "payment", "payment_provider_demo"
    )[1]
    admin.call(
        "payment.provider", "write", [demo], {"state": "test", "is_published": True}
    )
    today = datetime.date.today()
    overdue = _post_invoice(
        admin,
        partner_id,
        today - datetime.timedelta(days=45),
        today - datetime.timedelta(days=15),
        OVERDUE,
    )
    later = _post_invoice(
        admin, partner_id, today, today + datetime.timedelta(days=30), NOT_YET_DUE
    )
    return {"login": login, "overdue": overdue, "later": later}


def _log_in(page, base_url, login):
    page.goto(f"{base_url}/web/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", login)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/(my|odoo)(/home)?([?#].*)?$"))


def test_newcomer_pays_overdue_from_summary_then_prints_outstanding(
    browser, base_url, admin, newcomer
):
    context = browser.new_context(**VIEWPORTS["phone"])
    try:
        page = context.new_page()
        _log_in(page, base_url, newcomer["login"])
        page.goto(f"{base_url}/my/home")
        # the first login: a welcome
        assert page.locator(".o_cz_welcome").is_visible()

        # the summary's "Pay overdue" names exactly the overdue invoice
        pay = page.locator("a.o_customer_zone_pay_overdue")
        assert pay.is_visible()
        assert "120.00" in pay.inner_text()
        box = pay.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
        pay.click()
        page.wait_for_load_state("load")
        assert "/my/outstanding/pay" in page.url
        assert "120.00" in page.locator(".o_customer_zone_pay_page").inner_text()

        # pay with the demo provider, back on the outstanding items
        radio = page.locator(
            'input[name="o_payment_radio"][data-payment-method-code="demo"]'
        )
        if radio.count() and not radio.is_checked():
            radio.check()
        page.fill("input#customer_input", "4242424242424242")
        page.click('button[name="o_payment_submit_button"]')
        page.wait_for_url(re.compile(r".*/my/outstanding([?#].*)?$"), timeout=120000)

        # the books: the overdue invoice is paid, the other still open
        states = {
            move["id"]: move
            for move in admin.call(
                "account.move",
                "read",
                [newcomer["overdue"], newcomer["later"]],
                ["payment_state", "amount_residual"],
            )
        }
        assert states[newcomer["overdue"]]["payment_state"] in ("paid", "in_payment")
        assert states[newcomer["later"]]["amount_residual"] == pytest.approx(
            NOT_YET_DUE
        )

        # from the statement to the outstanding items through the menu
        page.goto(f"{base_url}/my/statement")
        menu = page.locator("nav.o_cz_menu")
        assert menu.is_visible()
        assert (
            menu.locator("[aria-current=page]").get_attribute("data-cz-menu")
            == "statement"
        )
        menu.locator("a[data-cz-menu=outstanding]").click()
        page.wait_for_url(re.compile(r".*/my/outstanding([?#].*)?$"))
        assert (
            page.locator("nav.o_cz_menu [aria-current=page]").get_attribute(
                "data-cz-menu"
            )
            == "outstanding"
        )
        outstanding = page.locator("main, #wrap").first.inner_text()
        assert "75.50" in outstanding and "120.00" not in outstanding

        # and prints them: the print view lists what is open, with the total
        # (the print view opens in a new tab, and prints itself once loaded)
        with context.expect_page() as opened:
            page.locator(
                ".o_cz_outstanding_print a[href^='/my/outstanding/print']"
            ).click()
        printed = opened.value
        printed.wait_for_load_state("load")
        assert "/my/outstanding/print" in printed.url
        text = printed.locator("body").inner_text()
        assert "75.50" in text
        assert "120.00" not in text
        assert printed.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
    finally:
        context.close()
