"""Every zone page on a phone (375 px) and a laptop (1280 px), in Chromium.

For each page and width:

* the page does not scroll sideways (``scrollWidth <= innerWidth``);
* every table row with an amount (``.o_cz_amount``) shows that amount, its
  document (``.o_cz_doc``) and its action (``.o_cz_action``, when it has one)
  inside the viewport, and a page with documents has such rows (no vacuous
  pass);
* axe-core finds no violation of impact "serious" or "critical".

The cells are marked by the zone's templates (customer_zone/readme/USAGE.md,
"Phones and accessibility"); the phone layout is
customer_zone/static/src/scss/customer_zone_phone.scss.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# (id, login, path, follow, rows): ``follow`` is a pattern of the path of a
# link on ``path`` whose target is the page tested (a record of the list), ``rows``
# whether the page lists documents with amounts (at least one row expected).
PAGES = [
    ("home", "acme", "/my/home", None, False),
    ("invoices", "acme", "/my/invoices", None, True),
    ("invoice", "acme", "/my/invoices", r"/my/invoices/\d+", False),
    ("credit_notes", "acme", "/my/credit_notes", None, True),
    ("payments", "acme", "/my/payments", None, True),
    ("statement", "acme", "/my/statement", None, True),
    ("outstanding", "acme", "/my/outstanding", None, True),
    ("quotes", "acme", "/my/quotes", None, True),
    ("quote", "acme", "/my/quotes", r"/my/orders/\d+", True),
    ("orders", "acme", "/my/orders", None, True),
    ("order", "acme", "/my/orders", r"/my/orders/\d+", True),
    ("tickets", "acme", "/my/tickets", None, False),
    ("ticket", "acme", "/my/tickets", r"/my/ticket/\d+", False),
    ("details", "acme", "/my/details", None, False),
    ("catalog", "acme", "/my/catalog", None, True),
    ("deliveries", "acme", "/my/deliveries", None, False),
    ("tasks", "acme", "/my/tasks", None, False),
    ("pay", "acme", "/my/outstanding/pay?invoice_ids=all", None, True),
    ("rfq", "falcon", "/my/rfq", None, False),
    ("purchase", "falcon", "/my/purchase", None, True),
    ("purchase_order", "falcon", "/my/rfq", r"/my/purchase/\d+", False),
    ("empty_home", "empty", "/my/home", None, False),
    ("empty_invoices", "empty", "/my/invoices", None, False),
    ("empty_statement", "empty", "/my/statement", None, False),
    ("empty_outstanding", "empty", "/my/outstanding", None, False),
]
SERIOUS = {"serious", "critical"}
# core's chatter (mail's OWL component in a shadow root, #chatterRoot) is left
# out: its message avatars have no alt and its date labels are too pale
# (image-alt, color-contrast), fixable only by patching mail's OWL templates
# and the chatter's own style bundle; the zone's markup around it is checked
AXE_CONTEXT = {"exclude": [["#chatterRoot"]]}

# the geometry of the page and of each row's marked cells, measured in the
# browser: a cell counts when it is displayed, has a size, and lies within
# [0, innerWidth] horizontally once the page is scrolled to its left edge
MEASURE = """() => {
    const inside = (el) => {
        if (!el) return null;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const shown = style.display !== 'none' && style.visibility !== 'hidden'
            && box.width > 0 && box.height > 0;
        return {shown, left: box.left, right: box.right,
                fits: shown && box.left >= -1 && box.right <= window.innerWidth + 1,
                text: el.innerText.trim().slice(0, 60)};
    };
    const rows = [...document.querySelectorAll('tr')]
        .filter((tr) => tr.querySelector('.o_cz_amount, .o_cz_doc'))
        .map((tr) => ({
            // an amount cell left empty (a debit on a credit line) is no amount
            amounts: [...tr.querySelectorAll('.o_cz_amount')]
                .filter((td) => td.innerText.trim()).map(inside),
            doc: inside(tr.querySelector('.o_cz_doc')),
            // a row with nothing to do leaves its action cell empty
            action: inside([...tr.querySelectorAll('.o_cz_action')]
                .find((td) => td.children.length || td.innerText.trim())),
            text: tr.innerText.replace(/\\s+/g, ' ').trim().slice(0, 100),
        }));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        rows,
    };
}"""


def _open(open_page, base_url, login, path, follow, viewport):
    """Open the page tested (following a list's first record link)."""
    page = open_page(login, viewport)
    answer = page.goto(base_url + path)
    assert answer.status == 200, f"{path}: HTTP {answer.status}"
    assert "/web/login" not in page.url, f"{path}: sent to the login page"
    if follow:
        hrefs = page.eval_on_selector_all(
            "a[href]", "links => links.map((a) => a.getAttribute('href'))"
        )
        record = next((h for h in hrefs if re.match(follow + r"(\?|#|$)", h)), None)
        assert record, f"{path}: no link to {follow} to follow"
        answer = page.goto(base_url + record)
        assert answer.status == 200, f"{record}: HTTP {answer.status}"
    # the page's scripts have run (tooltips, the payment form)
    try:
        page.wait_for_load_state("networkidle", timeout=15000)
    except PlaywrightTimeoutError:
        pass  # a page that keeps a connection open: "load" is enough
    page.evaluate("window.scrollTo(0, 0)")
    return page


def _login(name, request):
    return request.getfixturevalue("empty_login") if name == "empty" else name


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(
    "login,path,follow,rows", [p[1:] for p in PAGES], ids=[p[0] for p in PAGES]
)
def test_page_fits(open_page, base_url, request, login, path, follow, rows, viewport):
    page = _open(open_page, base_url, _login(login, request), path, follow, viewport)
    geometry = page.evaluate(MEASURE)
    assert geometry["scrollWidth"] <= geometry["innerWidth"], (
        f"{page.url} scrolls sideways at {geometry['innerWidth']} px: "
        f"{geometry['scrollWidth']} px wide"
    )
    where = f"{page.url} at {geometry['innerWidth']} px"
    if rows:
        assert any(row["amounts"] for row in geometry["rows"]), (
            f"{where}: no row with an .o_cz_amount cell"
        )
    for row in geometry["rows"]:
        assert row["doc"], f"{where}: row without .o_cz_doc cell: {row['text']}"
        cells = [("document", row["doc"]), ("action", row["action"])]
        cells += [("amount", amount) for amount in row["amounts"]]
        for name, cell in cells:
            if cell is None:
                continue
            assert cell["fits"], (
                f"{where}: the {name} of row '{row['text']}' is not in view ({cell})"
            )


def _target(node):
    """A node's CSS selector; inside a frame, the frame's then the node's."""
    target = node.get("target", [])
    return " >>> ".join(
        " ".join(part) if isinstance(part, list) else str(part) for part in target
    )


def _describe(violation):
    nodes = "; ".join(_target(node) for node in violation["nodes"][:8])
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"[{len(violation['nodes'])}] {nodes}"
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize(
    "login,path,follow", [p[1:4] for p in PAGES], ids=[p[0] for p in PAGES]
)
def test_page_accessible(open_page, base_url, request, login, path, follow, viewport):
    page = _open(open_page, base_url, _login(login, request), path, follow, viewport)
    results = Axe().run(page, context=AXE_CONTEXT)
    serious = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert not serious, f"{page.url} at {viewport}:\n" + "\n".join(
        _describe(v) for v in serious
    )
