import re

from odoo import Command
from odoo.tests import tagged

from .common import CustomerZoneCommon, CustomerZoneHttpCommon

# The pages of customer_zone each mode shows (the bridges add theirs).
MODE_PAGES = {
    "off": set(),
    "invoices": {"invoices", "details"},
    "account": {
        "invoices",
        "details",
        "credit_notes",
        "payments",
        "statement",
        "outstanding",
        "quotes",
        "orders",
    },
}
OUR_PAGES = MODE_PAGES["account"]
# the zone's own list pages, and the page each belongs to: 404 unless shown
LIST_ROUTES = {
    "/my/details": "details",
    "/my/credit_notes": "credit_notes",
    "/my/payments": "payments",
    "/my/statement": "statement",
    "/my/statement/pdf?date_from=2026-01-01&date_to=2026-12-31": "statement",
    "/my/outstanding": "outstanding",
    "/my/quotes": "quotes",
    "/my/orders": "orders",
}
# the home tiles of the zone, by the page they open
HOME_TILES = {
    "details": 'href="/my/details"',
    "statement": 'href="/my/statement"',
    "outstanding": 'href="/my/outstanding"',
    "credit_notes": 'href="/my/credit_notes"',
    "payments": 'href="/my/payments"',
}
# the home counters, by the page they count for
COUNTERS = {
    "invoice_count": "invoices",
    "credit_note_count": "credit_notes",
    "payment_count": "payments",
    "outstanding_count": "outstanding",
    "quotation_count": "quotes",
    "order_count": "orders",
}


def links_to(page, document):
    """Whether ``page`` links to ``document`` (by id: numbers may repeat
    between companies and between invoices and credit notes)."""
    return bool(re.search(rf"{re.escape(document.access_url)}(?![0-9])", page))


@tagged("post_install", "-at_install")
class TestPageGateUnit(CustomerZoneCommon):
    """The one gate for pages: which pages a company's zone shows, and what
    a customer's zone shows there."""

    def test_each_mode_shows_its_pages(self):
        Company = self.env["res.company"]
        for mode, expected in MODE_PAGES.items():
            with self.subTest(mode=mode):
                self.company.customer_zone_mode = mode
                pages = self.company._customer_zone_pages()
                self.assertEqual(pages & OUR_PAGES, expected)
                if mode == "off":
                    self.assertFalse(pages, "nor any page of a bridge")
                # the record domains ask the same table
                showing = Company._customer_zone_modes_showing("statement")
                self.assertEqual(mode in showing, "statement" in expected)

    def test_customer_switch_allowed_blocked_and_default(self):
        for default_access in (True, False):
            self.company.customer_zone_default_access = default_access
            for access, enabled in (
                ("allowed", True),
                ("blocked", False),
                ("default", default_access),
            ):
                with self.subTest(default=default_access, access=access):
                    self.alpha.customer_zone_access = access
                    zone = self.alpha_buyer._customer_zone_state(self.company)
                    self.assertEqual(zone.partner, self.alpha, "the company's zone")
                    self.assertEqual(zone.company, self.company)
                    self.assertEqual(zone.enabled, enabled)
                    self.assertEqual(zone.shows("statement"), enabled)
                    self.assertEqual(
                        zone.pages,
                        self.company._customer_zone_pages() if enabled else set(),
                    )

    def test_invoices_mode_state(self):
        self.company.customer_zone_mode = "invoices"
        zone = self.alpha._customer_zone_state(self.company)
        self.assertTrue(zone.enabled)
        self.assertTrue(zone.shows("invoices"))
        self.assertTrue(zone.shows("details"))
        for page in OUR_PAGES - MODE_PAGES["invoices"]:
            with self.subTest(page=page):
                self.assertFalse(zone.shows(page))

    def test_users_zone(self):
        zone = self.user_alpha_buyer._customer_zone_state()
        self.assertEqual(zone.partner, self.alpha)
        self.assertTrue(zone.shows("payments"))
        public = self.env.ref("base.public_user")
        self.assertFalse(public._customer_zone_state().enabled, "a visitor")


@tagged("post_install", "-at_install")
class TestPageGate(CustomerZoneHttpCommon):
    """Every page of the zone, its home tiles and its counters answer as the
    gate says, in each mode."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.alpha, 100, "2026-01-10", due="2026-01-20")
        cls.refund = cls._invoice(cls.alpha, 10, "2026-01-12", "out_refund")
        cls.payment = cls._payment_on_account(cls.alpha, 30, "2026-01-15")
        cls.quote = cls._quotation(cls.alpha, "sent")
        cls.order = cls._quotation(cls.alpha, "sale")
        # a document page of each kind, and the page it belongs to
        cls.documents = {
            cls.invoice: "invoices",
            cls.refund: "credit_notes",
            cls.quote: "quotes",
            cls.order: "orders",
        }

    def _pages(self, mode):
        self.company.customer_zone_mode = mode
        pages = self.company._customer_zone_pages() & OUR_PAGES
        self.assertEqual(pages, MODE_PAGES[mode])
        return pages

    def test_pages_answer_as_the_gate_says(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for mode in MODE_PAGES:
            pages = self._pages(mode)
            for url, page in LIST_ROUTES.items():
                with self.subTest(mode=mode, url=url):
                    status = self._get(url).status_code
                    self.assertEqual(status, 200 if page in pages else 404)
            for document, page in self.documents.items():
                with self.subTest(mode=mode, document=document.display_name):
                    response = self._get(document.access_url)
                    if page in pages:
                        self.assertEqual(response.status_code, 200)
                    else:  # core's answer to a document one may not read
                        self._assert_redirect(response, "/my")

    def test_invoice_list_shows_what_the_gate_says(self):
        # core's list, which also holds a supplier's bills: it answers in
        # every mode, and lists the zone's documents only where they show
        self.authenticate("cz_alpha", "cz_alpha")
        for mode in MODE_PAGES:
            pages = self._pages(mode)
            with self.subTest(mode=mode):
                response = self._get("/my/invoices")
                self.assertEqual(response.status_code, 200)
                page = response.text
                self.assertEqual(links_to(page, self.invoice), "invoices" in pages)
                self.assertEqual(links_to(page, self.refund), "credit_notes" in pages)

    def test_home_tiles_summary_and_counters(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for mode in MODE_PAGES:
            pages = self._pages(mode)
            home = self._get("/my/home").text
            for page, tile in HOME_TILES.items():
                with self.subTest(mode=mode, tile=page):
                    self.assertEqual(tile in home, page in pages)
            with self.subTest(mode=mode, part="summary"):
                self.assertEqual("o_customer_zone_summary" in home, bool(pages))
                self.assertEqual("o_customer_zone_off" in home, not pages)
                self.assertEqual('name="last_payment"' in home, "payments" in pages)
            counters = self.make_jsonrpc_request(
                "/my/counters", {"counters": list(COUNTERS)}
            )
            for counter, page in COUNTERS.items():
                with self.subTest(mode=mode, counter=counter):
                    self.assertEqual(bool(counters.get(counter)), page in pages)


@tagged("post_install", "-at_install")
class TestPageGateCompanies(CustomerZoneHttpCommon):
    """Two companies, two modes: the pages follow the user's current company,
    the records the mode of their own company, and the customer's switch
    applies per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls._create_company(
            name="Zone Company Two", currency_id=cls.currency.id
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_2, install_demo=False
        )
        cls.company_2.write(
            {"customer_zone_mode": "invoices", "customer_zone_default_access": True}
        )
        cls.user_alpha.company_ids = [Command.link(cls.company_2.id)]
        cls.invoice_1 = cls._invoice(cls.alpha, 101, "2026-01-10")
        cls.refund_1 = cls._invoice(cls.alpha, 11, "2026-01-11", "out_refund")
        cls.invoice_2 = cls._invoice(
            cls.alpha, 202, "2026-01-12", company=cls.company_2
        )
        cls.refund_2 = cls._invoice(
            cls.alpha, 22, "2026-01-13", "out_refund", company=cls.company_2
        )
        cls.quote_2 = cls._quotation(cls.alpha, "sent", company=cls.company_2)

    def _work_in(self, company):
        """Make ``company`` the portal user's current company, and log in."""
        self.user_alpha.company_id = company
        self.authenticate("cz_alpha", "cz_alpha")

    def test_pages_follow_the_current_company(self):
        self._work_in(self.company)
        for url in ("/my/credit_notes", "/my/statement", "/my/orders", "/my/details"):
            with self.subTest(company=1, url=url):
                self.assertEqual(self._get(url).status_code, 200)
        home = self._get("/my/home").text
        self.assertTrue(links_to(home, self.invoice_1), "the last invoice here")
        self.assertFalse(links_to(home, self.invoice_2), "another company's")
        self.assertIn('name="last_payment"', home)

        self._work_in(self.company_2)
        for url in ("/my/credit_notes", "/my/statement", "/my/orders", "/my/quotes"):
            with self.subTest(company=2, url=url):
                self.assertEqual(self._get(url).status_code, 404)
        self.assertEqual(self._get("/my/details").status_code, 200)
        home = self._get("/my/home").text
        self.assertTrue(links_to(home, self.invoice_2), "the last invoice here")
        self.assertFalse(links_to(home, self.invoice_1))
        self.assertNotIn('name="last_payment"', home)

    def test_records_follow_the_mode_of_their_company(self):
        self._work_in(self.company)
        page = self._get("/my/credit_notes").text
        self.assertTrue(links_to(page, self.refund_1))
        self.assertFalse(
            links_to(page, self.refund_2), "company 2 shows no credit note"
        )
        page = self._get("/my/invoices").text
        self.assertTrue(links_to(page, self.invoice_1))
        self.assertTrue(links_to(page, self.invoice_2), "company 2 shows invoices")
        self._assert_redirect(self._get(self.quote_2.access_url), "/my")
        self.assertEqual(
            self.env["account.move"].with_user(self.user_alpha).search([]),
            self.invoice_1 | self.refund_1 | self.invoice_2,
        )

    def test_the_customer_switch_applies_per_company(self):
        self.company_2.customer_zone_default_access = False
        self.assertTrue(self.alpha._customer_zone_state(self.company).enabled)
        self.assertFalse(self.alpha._customer_zone_state(self.company_2).enabled)
        self.assertEqual(
            self.env["account.move"].with_user(self.user_alpha).search([]),
            self.invoice_1 | self.refund_1,
        )
        self._work_in(self.company_2)
        self.assertEqual(self._get("/my/details").status_code, 404)
        self.assertIn("o_customer_zone_off", self._get("/my/home").text)
        self.assertFalse(links_to(self._get("/my/invoices").text, self.invoice_2))
        self._work_in(self.company)
        self.assertEqual(self._get("/my/credit_notes").status_code, 200)
        # allowed on the customer: whatever each company's default
        self.alpha.customer_zone_access = "allowed"
        self.assertTrue(self.alpha._customer_zone_state(self.company_2).enabled)
        self._work_in(self.company_2)
        self.assertEqual(self._get("/my/details").status_code, 200)
