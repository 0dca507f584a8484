import re

from odoo import http
from odoo.tests import tagged

from .common import CustomerZoneHttpCommon

EMPTY_RE = re.compile(
    r'<div class="o_cz_empty alert alert-light[^"]*"[^>]*>(.*?)</div>', re.S
)
CORE_EMPTY = "There are currently no"


def empty_state(html):
    """The text of the page's empty state (tags removed), or None."""
    found = EMPTY_RE.findall(html)
    if not found:
        return None
    return " ".join(re.sub(r"<[^>]+>", " ", found[0]).split())


@tagged("post_install", "-at_install")
class TestEmptyStates(CustomerZoneHttpCommon):
    """A customer with no document at all (Beta) sees, on every page, what
    the page is for and what to do next."""

    def _page(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_each_list_says_what_to_do_next(self):
        self.authenticate("cz_beta", "cz_beta")
        expected = {
            "/my/invoices": ("You have no invoices yet.", 'href="/my/home"'),
            "/my/credit_notes": ("You have no credit notes.", 'href="/my/invoices"'),
            "/my/payments": (
                "We have not received a payment from you yet.",
                'href="/my/outstanding"',
            ),
            "/my/outstanding": ("You are all paid up", 'href="/my/statement"'),
            "/my/statement": (
                "No movement on your account in this period.",
                'href="/my/statement?date_from=',
            ),
            "/my/quotes": ("You have no quotations to look at.", "Contact us"),
            "/my/orders": ("You have no orders yet.", "Contact us"),
        }
        for url, (sentence, next_step) in expected.items():
            with self.subTest(url=url):
                page = self._page(url)
                text = empty_state(page)
                self.assertIn(sentence, text or "")
                block = EMPTY_RE.search(page).group(0)
                self.assertIn(next_step, block)
                self.assertNotIn(CORE_EMPTY, page)

    def test_orders_lead_to_the_catalog_when_the_zone_shows_it(self):
        self.beta.customer_zone_catalog_access = True
        self.authenticate("cz_beta", "cz_beta")
        for url in ("/my/quotes", "/my/orders"):
            block = EMPTY_RE.search(self._page(url)).group(0)
            self.assertIn('href="/my/catalog"', block)
            self.assertNotIn("Contact us", block)

    def test_contact_us_writes_to_the_salesperson_or_the_company(self):
        self.company.email = "sales@zone-company.test"
        self.authenticate("cz_beta", "cz_beta")
        block = EMPTY_RE.search(self._page("/my/orders")).group(0)
        self.assertIn('href="mailto:sales@zone-company.test"', block)

    def test_catalog_with_nothing_published(self):
        self.beta.customer_zone_catalog_access = True
        self.env["product.template"].search(
            [("customer_zone_catalog", "=", True)]
        ).write({"customer_zone_catalog": False})
        self.authenticate("cz_beta", "cz_beta")
        self.assertIn(
            "Nothing is published in the catalog yet.",
            empty_state(self._page("/my/catalog")),
        )

    def test_details_with_nothing_shared(self):
        self.env["customer.zone.detail.field"].sudo().search([]).unlink()
        self.authenticate("cz_beta", "cz_beta")
        self.assertIn(
            "There are no details to show yet.", empty_state(self._page("/my/details"))
        )

    def test_a_filter_that_matches_nothing_says_so(self):
        self._invoice(self.beta, 50, "2026-01-05")
        self.authenticate("cz_beta", "cz_beta")
        page = self._page("/my/invoices?search=no-such-invoice")
        self.assertIn("Nothing matches this filter or search.", empty_state(page))
        self.assertIn('href="/my/invoices"', EMPTY_RE.search(page).group(0))
        page = self._page("/my/credit_notes?filterby=open")
        self.assertIn("Nothing matches this filter or search.", empty_state(page))
        page = self._page("/my/outstanding?filterby=credits")
        box = re.search(
            r'<p class="o_cz_empty alert alert-light[^"]*".*?</p>', page, re.S
        )
        self.assertIn("No open item matches this filter.", box.group(0))
        self.assertIn('href="/my/outstanding"', box.group(0))

    def test_outstanding_of_a_paid_up_customer(self):
        invoice = self._invoice(self.beta, 50, "2026-01-05")
        self._register_payment(invoice, 50, "2026-01-06")
        self.authenticate("cz_beta", "cz_beta")
        self.assertIn("You are all paid up", empty_state(self._page("/my/outstanding")))
        self.assertIsNone(
            empty_state(self._page("/my/payments")), "its payment is listed"
        )

    def test_employees_get_cores_pages(self):
        self.authenticate("admin", "admin")
        page = self._page("/my/orders")
        self.assertIsNone(empty_state(page))


@tagged("post_install", "-at_install")
class TestFirstLoginWelcome(CustomerZoneHttpCommon):
    """The welcome of the first login: on /my/home of that session, until
    the customer hides it; never on a later login; /my/home writes nothing."""

    def _home(self):
        response = self._get("/my/home")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_first_login_only(self):
        self.assertFalse(self.beta.customer_zone_first_login_on)
        self.assertEqual(self._login_form("cz_beta", "cz_beta").status_code, 303)
        self.assertTrue(self.beta.customer_zone_first_login_on)
        home = self._home()
        self.assertIn("o_cz_welcome", home)
        self.assertIn("Welcome to your account", home)
        self.assertIn('href="/my/statement"', home.split("o_cz_welcome", 1)[1])
        # reading the page again writes nothing and keeps the welcome
        self.env.flush_all()
        written = self.beta.write_date
        self.assertIn("o_cz_welcome", self._home())
        self.env.invalidate_all()
        self.assertEqual(self.beta.write_date, written)
        # the second login: no welcome
        self._login_form("cz_beta", "cz_beta")
        self.assertNotIn("o_cz_welcome", self._home())

    @staticmethod
    def _form_csrf(html):
        """The CSRF token of the welcome's form (the session's)."""
        welcome = html.split("o_cz_welcome", 1)[1]
        return re.search(r'name="csrf_token" value="([^"]+)"', welcome).group(1)

    def test_hide_it(self):
        self._login_form("cz_beta", "cz_beta")
        home = self._home()
        self.assertIn("o_cz_welcome", home)
        refused = self.url_open(
            "/my/welcome/dismiss", data={"csrf_token": "forged"}, allow_redirects=False
        )
        self.assertEqual(refused.status_code, 400, "CSRF checked")
        self.assertEqual(self._get("/my/welcome/dismiss").status_code, 405, "no GET")
        self.assertIn("o_cz_welcome", self._home())
        response = self.url_open(
            "/my/welcome/dismiss",
            data={"csrf_token": self._form_csrf(home)},
            allow_redirects=False,
        )
        self._assert_redirect(response, "/my/home")
        self.assertNotIn("o_cz_welcome", self._home())

    def test_another_customer_and_visitor(self):
        self._login_form("cz_beta", "cz_beta")
        # a customer who logged in before (authenticate does not go through
        # the web form: no first login of a session of its own)
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertNotIn("o_cz_welcome", self._home())
        self.authenticate(None, None)
        response = self.url_open(
            "/my/welcome/dismiss",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_branding_welcome_text_is_reused(self):
        self.company.customer_zone_brand_welcome = "<p>Hello from Zone Co.</p>"
        self._login_form("cz_beta", "cz_beta")
        home = self._home()
        self.assertIn("Hello from Zone Co.", home)
        self.assertEqual(home.count("Hello from Zone Co."), 1, "shown once")
        welcome = home.split("o_cz_welcome", 1)[1]
        self.assertNotIn("Here you can follow everything", welcome)

    def test_default_text_without_branding(self):
        self.company.customer_zone_brand_welcome = False
        self._login_form("cz_beta", "cz_beta")
        self.assertIn("Here you can follow everything", self._home())
