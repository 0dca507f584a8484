"""Fixtures of the browser suite: a running Odoo, Chromium, logged-in pages.

Run with the browser venv (setup/lib.sh ``ensure_browser_venv``), never with
the Odoo venv (Playwright's greenlet pin conflicts with Odoo's)::

    .venv-browser/bin/pytest tests/browser --base-url http://127.0.0.1:8069

The server serves a demo database (setup/run, or the Odoo tier's test
database in setup/test). The base URL may come from ``CZ_BROWSER_URL`` too.
"""

import json
import os
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# a phone (iPhone SE-like width) and a laptop
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 375, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# the customer without any document, created by the suite (see empty_login)
EMPTY_LOGIN = "cz-browser-empty"


def pytest_addoption(parser):
    parser.addoption(
        "--base-url",
        default=os.environ.get("CZ_BROWSER_URL", "http://127.0.0.1:8069"),
        help="the Odoo serving a Customer Zone demo database",
    )


@pytest.fixture(scope="session")
def base_url(request):
    return request.config.getoption("--base-url").rstrip("/")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


def _jsonrpc(base_url, path, params, cookie=None):
    """POST a JSON-RPC call; returns (result, session cookie)."""
    data = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params})
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = cookie
    req = urllib.request.Request(base_url + path, data=data.encode(), headers=headers)
    with urllib.request.urlopen(req, timeout=60) as answer:
        body = json.loads(answer.read())
        cookie = cookie or answer.headers.get("Set-Cookie", "").split(";")[0]
    if body.get("error"):
        raise RuntimeError(json.dumps(body["error"])[:2000])
    return body["result"], cookie


class Admin:
    """The back office over JSON-RPC (the ORM as the admin user)."""

    def __init__(self, base_url):
        self.base_url = base_url
        db_list, _cookie = _jsonrpc(base_url, "/web/database/list", {})
        _result, self.cookie = _jsonrpc(
            base_url,
            "/web/session/authenticate",
            {"db": db_list[0], "login": "admin", "password": "admin"},
        )

    def call(self, model, method, *args, **kwargs):
        result, _cookie = _jsonrpc(
            self.base_url,
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            self.cookie,
        )
        return result


@pytest.fixture(scope="session")
def admin(base_url):
    return Admin(base_url)


@pytest.fixture(scope="session")
def empty_login(admin):
    """A portal customer with no document at all (created once, then reused):
    the first-time, empty pages."""
    if not admin.call("res.users", "search", [("login", "=", EMPTY_LOGIN)]):
        portal = admin.call(
            "ir.model.data", "check_object_reference", "base", "group_portal"
        )[1]
        admin.call(
            "res.users",
            "create",
            {
                "name": "Newcomer Browser Test Ltd",
                "login": EMPTY_LOGIN,
                "password": EMPTY_LOGIN,
                "email": "newcomer@example.com",
                "group_ids": [(6, 0, [portal])],
            },
        )
    return EMPTY_LOGIN


@pytest.fixture(scope="session")
def sessions(browser, base_url):
    """{login: storage state}: each demo login signs in once per run."""
    states = {}

    def state_for(login):
        if login not in states:
            context = browser.new_context()
            page = context.new_page()
            page.goto(f"{base_url}/web/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", login)
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            assert "/web/login" not in page.url, f"{login} could not log in"
            states[login] = context.storage_state()
            context.close()
        return states[login]

    return state_for


@pytest.fixture
def open_page(browser, base_url, sessions):
    """open_page(login, viewport_name) -> a Playwright page, logged in."""
    contexts = []

    def opener(login, viewport):
        context = browser.new_context(
            storage_state=sessions(login), **VIEWPORTS[viewport]
        )
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()
