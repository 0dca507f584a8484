import re

from odoo.tests import new_test_user, tagged

from odoo.addons.http_routing.tests.common import MockRequest

from .common import CustomerZoneCommon, CustomerZoneHttpCommon

# customer_zone's own entries and the page each needs (bridges add theirs,
# tested in their addons)
OWN_ENTRIES = {
    "home": "home",
    "invoices": "invoices",
    "credit_notes": "credit_notes",
    "payments": "payments",
    "statement": "statement",
    "outstanding": "outstanding",
    "quotes": "quotes",
    "orders": "orders",
    "catalog": "catalog",
    "details": "details",
}
ACCOUNT_KEYS = set(OWN_ENTRIES) - {"catalog"}
# each list page of the full account zone and the entry it marks current
PAGES = {
    "/my/home": "home",
    "/my/invoices": "invoices",
    "/my/credit_notes": "credit_notes",
    "/my/payments": "payments",
    "/my/statement": "statement",
    "/my/outstanding": "outstanding",
    "/my/quotes": "quotes",
    "/my/orders": "orders",
    "/my/details": "details",
}
MENU_RE = re.compile(r'<nav[^>]*class="o_cz_menu[^"]*"[^>]*>.*?</nav>', re.S)


def menu_of(html):
    """The section menu of a page: (its entry keys in order, the current
    ones), or None when the page has none."""
    found = MENU_RE.findall(html)
    if not found:
        return None
    assert len(found) == 1, "one menu a page"
    nav = found[0]
    assert 'aria-label="Account sections"' in nav
    keys = re.findall(r'data-cz-menu="(\w+)"', nav)
    current = re.findall(r'aria-current="page"[^>]*data-cz-menu="(\w+)"', nav)
    return keys, current


def own_keys(keys):
    """``keys`` that are customer_zone's own entries, in their order."""
    return [key for key in keys if key in OWN_ENTRIES]


@tagged("post_install", "-at_install")
class TestZoneMenuUnit(CustomerZoneCommon):
    """The entries each zone shows, and the one a page marks."""

    def _keys(self, user):
        return [entry["key"] for entry in user._customer_zone_menu()]

    def test_entries_follow_the_mode(self):
        self.company.customer_zone_mode = "off"
        self.assertEqual(self._keys(self.user_alpha), [], "zone off: no menu")
        self.company.customer_zone_mode = "invoices"
        self.assertEqual(
            own_keys(self._keys(self.user_alpha)), ["home", "invoices", "details"]
        )
        self.company.customer_zone_mode = "account"
        keys = self._keys(self.user_alpha)
        self.assertEqual(set(own_keys(keys)), ACCOUNT_KEYS, "no catalog access")
        zone = self.user_alpha._customer_zone_state()
        entries = {e["key"]: e for e in self.company._customer_zone_menu_entries()}
        for key in keys:
            page = entries[key]["page"]
            self.assertTrue(page == "home" or zone.shows(page), key)
        self.assertEqual(keys[0], "home")
        self.assertEqual(keys[-1], "details")

    def test_catalog_needs_the_customers_switch(self):
        self.assertNotIn("catalog", self._keys(self.user_alpha_buyer))
        self.alpha_buyer.customer_zone_catalog_access = True
        self.assertIn("catalog", self._keys(self.user_alpha_buyer), "the contact's")
        self.assertNotIn("catalog", self._keys(self.user_alpha), "not its company")
        self.alpha.customer_zone_catalog_access = True
        self.assertIn("catalog", self._keys(self.user_alpha), "the company's")
        self.company.customer_zone_mode = "invoices"
        self.assertNotIn("catalog", self._keys(self.user_alpha), "mode first")

    def test_no_menu_for_blocked_employees_and_visitors(self):
        self.alpha.customer_zone_access = "blocked"
        self.assertEqual(self._keys(self.user_alpha_buyer), [])
        self.assertEqual(self._keys(self.env.ref("base.public_user")), [])
        employee = new_test_user(self.env, login="cz_menu_employee")
        self.assertEqual(self._keys(employee), [])

    def test_current_entry(self):
        user = self.user_alpha
        menu = user._customer_zone_menu()
        invoice = self._invoice(self.alpha, 10, "2026-01-05")
        refund = self._invoice(self.alpha, 4, "2026-01-06", move_type="out_refund")
        quote = self._quotation(self.alpha, state="sent")
        order = self._quotation(self.alpha, state="sale")
        current = user._customer_zone_menu_current
        self.assertEqual(current(menu, "invoice", invoice), "invoices")
        self.assertEqual(current(menu, "invoice", refund), "credit_notes")
        self.assertEqual(current(menu, None, quote), "quotes")
        self.assertEqual(current(menu, None, order), "orders")
        self.assertEqual(current(menu, "statement"), "statement")
        self.assertEqual(current(menu, "customer_zone_pay"), "outstanding")
        self.assertIsNone(current(menu, "security"))
        self.assertIsNone(current(menu, "catalog"), "not in this menu")


@tagged("post_install", "-at_install")
class TestZoneMenuPages(CustomerZoneHttpCommon):
    """The menu on the pages, as the customer sees it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.alpha, 120, "2026-01-05")
        cls.refund = cls._invoice(cls.alpha, 20, "2026-01-06", move_type="out_refund")
        cls.order = cls._quotation(cls.alpha, state="sale")

    def test_every_page_has_the_menu_with_its_entry_current(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url, key in PAGES.items():
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                keys, current = menu_of(response.text)
                self.assertEqual(set(own_keys(keys)), ACCOUNT_KEYS)
                self.assertEqual(current, [key])
                self.assertIn("o_cz_menu_current", response.text, "not colour only")
        for url, key in (
            (f"/my/invoices/{self.invoice.id}", "invoices"),
            (f"/my/invoices/{self.refund.id}", "credit_notes"),
            (f"/my/orders/{self.order.id}", "orders"),
        ):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(menu_of(response.text)[1], [key])

    def test_breadcrumbs_stay(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/credit_notes").text
        self.assertIn('class="breadcrumb-item active">Credit notes', page)
        page = self._get(f"/my/invoices/{self.invoice.id}").text
        self.assertIn("o_portal_submenu", page)

    def test_invoices_mode_and_catalog(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        keys, current = menu_of(self._get("/my/invoices").text)
        self.assertEqual(own_keys(keys), ["home", "invoices", "details"])
        self.assertEqual(current, ["invoices"])
        self.company.customer_zone_mode = "account"
        self.alpha.customer_zone_catalog_access = True
        keys, _current = menu_of(self._get("/my/home").text)
        self.assertIn("catalog", keys)
        self.assertEqual(menu_of(self._get("/my/catalog").text)[1], ["catalog"])

    def test_no_menu_in_print_view(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._get("/my/statement?print_view=1")
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(menu_of(response.text))

    def test_no_menu_zone_off_blocked_employee_public(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertIsNone(menu_of(self._get("/my/home").text), "zone off")
        self.authenticate("cz_beta", "cz_beta")
        self.assertIsNotNone(menu_of(self._get("/my/home").text), "another customer")
        self.company.customer_zone_mode = "off"
        self.assertIsNone(menu_of(self._get("/my/home").text), "company's zone off")
        self.company.customer_zone_mode = "account"
        new_test_user(
            self.env,
            login="cz_menu_accountant",
            groups="base.group_user,account.group_account_invoice",
        )
        self.authenticate("cz_menu_accountant", "cz_menu_accountant")
        self.assertIsNone(menu_of(self._get("/my/home").text), "employee")
        preview = self._get(f"/my/preview/{self.beta.id}")
        self.assertEqual(preview.status_code, 200)
        self.assertIsNone(menu_of(preview.text), "not in the preview")
        # a visitor with a link to a document: core's page, no menu
        self.authenticate(None, None)
        self.beta_invoice = self._invoice(self.beta, 30, "2026-01-07")
        url = self.beta_invoice._get_share_url(redirect=False)
        self.env.flush_all()
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.beta_invoice.name, response.text)
        self.assertIsNone(menu_of(response.text), "visitor")


@tagged("post_install", "-at_install")
class TestZoneStateCache(CustomerZoneHttpCommon):
    """The ZoneState and the menu kept for a request follow what they read:
    a write in the same request, a rollback (a retried request runs again
    on the same cursor), two users or two companies in one request."""

    def test_a_write_in_the_same_request_drops_it(self):
        user = self.user_alpha.with_user(self.user_alpha)
        with MockRequest(user.env):
            self.assertTrue(user._customer_zone_state().enabled)
            self.assertTrue(user._customer_zone_menu())
            self.alpha.sudo().customer_zone_access = "blocked"
            self.assertFalse(user._customer_zone_state().enabled)
            self.assertEqual(user._customer_zone_menu(), [])
            self.alpha.sudo().customer_zone_access = "default"
            self.assertTrue(user._customer_zone_state().enabled)
            self.company.customer_zone_mode = "invoices"
            zone = user._customer_zone_state()
            self.assertTrue(zone.shows("invoices"))
            self.assertFalse(zone.shows("statement"))
            self.assertNotIn(
                "statement", [entry["key"] for entry in user._customer_zone_menu()]
            )
            self.company.customer_zone_default_access = False
            self.assertFalse(user._customer_zone_state().enabled)

    def test_a_rollback_drops_it(self):
        user = self.user_alpha.with_user(self.user_alpha)
        with MockRequest(user.env):
            with (
                self.assertRaisesRegex(ValueError, "rolled back"),
                self.env.cr.savepoint(),
            ):
                self.alpha.sudo().customer_zone_access = "blocked"
                self.assertFalse(user._customer_zone_state().enabled)
                self.assertEqual(user._customer_zone_menu(), [])
                raise ValueError("rolled back")
            self.assertEqual(self.alpha.customer_zone_access, "default")
            self.assertTrue(user._customer_zone_state().enabled)
            self.assertTrue(user._customer_zone_menu())

    def test_kept_within_the_request(self):
        """Asked again with nothing written: no query."""
        user = self.user_alpha.with_user(self.user_alpha)
        with MockRequest(user.env):
            zone = user._customer_zone_state()
            menu = user._customer_zone_menu()
            with self.assertQueryCount(0):
                self.assertIs(user._customer_zone_state(), zone)
                self.assertIs(user._customer_zone_menu(), menu)

    def test_users_and_companies_do_not_share(self):
        other = self.env["res.company"].create({"name": "Zone cache other co"})
        other.customer_zone_mode = "off"
        self.user_alpha.company_ids |= other
        alpha = self.user_alpha.with_user(self.user_alpha)
        with MockRequest(alpha.env):
            self.assertEqual(alpha._customer_zone_state().partner, self.alpha)
            beta = self.user_beta.with_user(self.user_beta)
            self.assertEqual(beta._customer_zone_state().partner, self.beta)
            self.assertFalse(alpha.with_company(other)._customer_zone_state().enabled)
            self.assertTrue(alpha._customer_zone_state().enabled)
            self.assertFalse(alpha.with_company(other)._customer_zone_menu())
            self.assertTrue(alpha._customer_zone_menu())
