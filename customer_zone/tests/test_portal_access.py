import re

from odoo import http
from odoo.tests import JsonRpcException, tagged

from .common import CustomerZoneHttpCommon

TOGGLE = re.compile(r"<a[^>]*o_customer_zone_show_expired[^>]*>(.*?)</a>", re.S)
LIST_ROUTES = (
    "/my/invoices",
    "/my/credit_notes",
    "/my/payments",
    "/my/statement?date_from=2026-01-01&date_to=2026-12-31",
    "/my/outstanding",
    "/my/quotes",
    "/my/orders",
)
# a 1x1 transparent PNG, as a signature
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAj"
    "CB0C8AAAAASUVORK5CYII="
)
# the pages of the full account: 404 unless the zone shows them
ACCOUNT_ROUTES = (
    "/my/credit_notes",
    "/my/payments",
    "/my/statement",
    "/my/statement/pdf",
    "/my/outstanding",
    "/my/quotes",
    "/my/orders",
)


@tagged("post_install", "-at_install")
class TestPortalAccess(CustomerZoneHttpCommon):
    """Every zone route as owner, contact, other customer and public."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls._invoice(cls.alpha, 111.11, "2026-01-10", due="2026-02-09")
        cls.refund_a = cls._invoice(cls.alpha, 22.22, "2026-01-20", "out_refund")
        cls.payment_a = cls._payment_on_account(cls.alpha, 33.33, "2026-01-25")
        cls.quote_a = cls._quotation(cls.alpha, "sent")
        cls.invoice_b = cls._invoice(cls.beta, 999.99, "2026-01-10")
        cls.refund_b = cls._invoice(cls.beta, 88.88, "2026-01-20", "out_refund")
        cls.payment_b = cls._payment_on_account(cls.beta, 77.77, "2026-01-25")
        cls.quote_b = cls._quotation(cls.beta, "sent")
        for document in (cls.invoice_a, cls.quote_a, cls.invoice_b):
            document._portal_ensure_token()

    # ------------------------------------------------------------------
    def test_owner_sees_own_documents_only(self):
        self.authenticate("cz_alpha", "cz_alpha")
        expected = {
            "/my/invoices": (self.invoice_a.name, self.invoice_b.name),
            "/my/credit_notes": (self.refund_a.name, self.refund_b.name),
            "/my/payments": (self.payment_a.name, self.payment_b.name),
            "/my/quotes": (self.quote_a.name, self.quote_b.name),
            "/my/outstanding": (self.invoice_a.name, self.invoice_b.name),
            "/my/statement?date_from=2026-01-01&date_to=2026-12-31": (
                self.invoice_a.name,
                self.invoice_b.name,
            ),
        }
        for url, (mine, theirs) in expected.items():
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(mine, response.text)
                self.assertNotIn(theirs, response.text)
        statement = self._get("/my/statement?date_from=2026-01-01&date_to=2026-12-31")
        self.assertIn("55.56", statement.text, "closing: 111.11 - 22.22 - 33.33")
        self.assertEqual(self._get(self.invoice_a.get_portal_url()).status_code, 200)
        self.assertEqual(self._get(f"/my/orders/{self.quote_a.id}").status_code, 200)

    def test_home_summary(self):
        self.alpha.write({"credit_limit": 500.0, "use_partner_credit_limit": True})
        self.company.account_use_credit_limit = True
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._get("/my/home")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("o_customer_zone_summary", page)
        self.assertIn(self.invoice_a.name, page, "last invoice")
        self.assertIn("33.33", page, "last payment")
        self.assertIn("55.56", page, "balance due")
        self.assertIn("111.11", page, "overdue")
        self.assertIn("500.00", page, "credit limit")
        self.assertIn("444.44", page, "available credit")
        self.assertNotIn("999.99", page)

    def test_contact_of_the_company_sees_company_documents(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self.assertIn(self.invoice_a.name, self._get("/my/invoices").text)
        self.assertEqual(self._get(self.invoice_a.get_portal_url()).status_code, 200)
        self.assertIn(self.payment_a.name, self._get("/my/payments").text)

    def test_other_customer_is_refused(self):
        self.authenticate("cz_beta", "cz_beta")
        refused = self._get(f"/my/invoices/{self.invoice_a.id}")
        self._assert_redirect(refused, "/my")
        self.assertTrue(refused.headers["Location"].endswith("/my"), "to the home")
        self._assert_redirect(self._get(f"/my/orders/{self.quote_a.id}"), "/my")
        self.assertNotIn(self.invoice_a.name, self._get("/my/invoices").text)
        foreign_token = self.invoice_b.access_token
        wrong = f"/my/invoices/{self.invoice_a.id}?access_token={foreign_token}"
        self._assert_redirect(self._get(wrong), "/my")

    def test_public_with_right_wrong_and_absent_token(self):
        self.authenticate(None, None)
        invoice_url = f"/my/invoices/{self.invoice_a.id}"
        right = self._get(f"{invoice_url}?access_token={self.invoice_a.access_token}")
        self.assertEqual(right.status_code, 200)
        self.assertIn(self.invoice_a.name, right.text)
        self._assert_redirect(self._get(f"{invoice_url}?access_token=tampered"), "/my")
        self._assert_redirect(self._get(invoice_url), "/my")
        quote_url = f"/my/orders/{self.quote_a.id}"
        right = self._get(f"{quote_url}?access_token={self.quote_a.access_token}")
        self.assertEqual(right.status_code, 200)
        self._assert_redirect(
            self._get(f"{quote_url}?access_token=x{self.quote_a.access_token}"), "/my"
        )
        for url in LIST_ROUTES:
            with self.subTest(url=url):
                self._assert_redirect(self._get(url), "/web/login")

    def test_core_quotation_flows_keep_working(self):
        self.quote_a.require_payment = False
        self.authenticate("cz_alpha", "cz_alpha")
        result = self.make_jsonrpc_request(
            f"/my/orders/{self.quote_a.id}/accept",
            {
                "name": "Alpha Boss",
                "signature": SIGNATURE,
                "access_token": self.quote_a.access_token,
            },
        )
        self.assertIn("redirect_url", result)
        self.quote_a.invalidate_recordset()
        self.assertEqual(self.quote_a.signed_by, "Alpha Boss")
        self.assertEqual(self.quote_a.state, "sale")
        declined = self._quotation(self.alpha, "sent")
        declined._portal_ensure_token()
        self.url_open(
            f"/my/orders/{declined.id}/decline",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "access_token": declined.access_token,
                "decline_message": "Too expensive",
            },
        )
        declined.invalidate_recordset()
        self.assertEqual(declined.state, "cancel")
        page = self._get("/my/quotes?filterby=declined").text
        self.assertIn(declined.name, page)
        self.assertNotIn(self.quote_a.name, page)
        page = self._get("/my/quotes?filterby=accepted").text
        self.assertIn(self.quote_a.name, page)
        self.assertNotIn(declined.name, page)

    def test_expired_quotations_toggle(self):
        self.quote_a.validity_date = "2020-01-01"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertNotIn(self.quote_a.name, self._get("/my/quotes").text)
        shown = self._get("/my/quotes?show_expired=1").text
        self.assertIn(self.quote_a.name, shown)

    def test_expired_toggle_is_a_link_that_keeps_the_list(self):
        """The toggle is a link saying what it does, pressed or not, that
        keeps the filter, the sort and the search (not a disabled checkbox)."""
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/quotes?filterby=accepted&sortby=name&search=S0").text
        toggle = re.search(
            r"<a[^>]*o_customer_zone_show_expired[^>]*>(.*?)</a>", page, re.S
        )
        self.assertIn("Show expired", toggle.group(1))
        self.assertIn('aria-pressed="false"', toggle.group(0))
        for part in ("filterby=accepted", "sortby=name", "search=S0", "show_expired=1"):
            self.assertIn(part, toggle.group(0))
        page = self._get("/my/quotes?show_expired=1").text
        toggle = re.search(
            r"<a[^>]*o_customer_zone_show_expired[^>]*>(.*?)</a>", page, re.S
        )
        self.assertIn("Hide expired", toggle.group(1))
        self.assertIn('aria-pressed="true"', toggle.group(0))
        self.assertNotIn("show_expired=", toggle.group(0))

    def test_zone_off_for_the_customer(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/details").status_code, 404)
        for url in ACCOUNT_ROUTES:
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        self.assertNotIn(self.invoice_a.name, self._get("/my/invoices").text)
        self._assert_redirect(self._get(self.invoice_a.get_portal_url()), "/my")
        home = self._get("/my/home").text
        self.assertIn("o_customer_zone_off", home)
        self.assertNotIn("o_customer_zone_summary", home)
        # even a valid link sent by email no longer opens the document
        self.authenticate(None, None)
        token = self.invoice_a.access_token
        link = f"/my/invoices/{self.invoice_a.id}?access_token={token}"
        self._assert_redirect(self._get(link), "/my")
        # nor its chatter, which portal opens to whoever holds the token
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "account.move",
                    "thread_id": self.invoice_a.id,
                    "post_data": {"body": "hello", "message_type": "comment"},
                    "token": token,
                },
            )
        self.assertFalse(
            self.invoice_a.message_ids.filtered(lambda m: "hello" in (m.body or ""))
        )

    def test_invoices_mode(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        for url in ACCOUNT_ROUTES:
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        page = self._get("/my/invoices").text
        self.assertIn(self.invoice_a.name, page)
        self.assertNotIn(self.refund_a.name, page)
        home = self._get("/my/home").text
        self.assertIn("o_customer_zone_summary", home)
        self.assertIn("Invoices to pay", home)
        self.assertNotIn("Available credit", home)
        self.assertEqual(self._get(self.invoice_a.get_portal_url()).status_code, 200)

    def test_off_mode(self):
        self.company.customer_zone_mode = "off"
        self.authenticate("cz_alpha", "cz_alpha")
        for url in ACCOUNT_ROUTES:
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)
        self.assertNotIn(self.invoice_a.name, self._get("/my/invoices").text)

    def test_json_rpc_reads_follow_the_zone(self):
        self.authenticate("cz_alpha", "cz_alpha")

        moves = self._call_kw("account.move", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual(
            {m["id"] for m in moves}, {self.invoice_a.id, self.refund_a.id}
        )
        payments = self._call_kw(
            "account.payment", "search_read", [[]], {"fields": ["amount"]}
        )
        self.assertEqual([p["id"] for p in payments], [self.payment_a.id])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "account.move", "read", [[self.invoice_b.id], ["amount_total"]]
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "account.payment", "write", [[self.payment_a.id], {"amount": 1}]
            )
        self.assertEqual(self.payment_a.amount, 33.33)
        self.alpha.customer_zone_access = "blocked"
        self.assertEqual(
            self._call_kw("account.move", "search_read", [[]], {"fields": ["name"]}), []
        )
        self.assertEqual(self._call_kw("sale.order", "search_count", [[]]), 0)
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "account.move", "read", [[self.invoice_a.id], ["amount_total"]]
            )
