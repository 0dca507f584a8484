from odoo.tests import tagged

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestBadInput(CustomerZoneHttpCommon):
    """Bad input gets a clear message or a 404/redirect: never a 500."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.invoice_b = cls._invoice(cls.beta, 200, "2026-01-10")
        cls.quote_a = cls._quotation(cls.alpha, "sent")

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")

    def test_unknown_filter_and_sort_keys(self):
        # core Odoo 19 answers the first one with a 500 (KeyError)
        for url in (
            "/my/invoices?filterby=nope",
            "/my/invoices?sortby=nope",
            "/my/credit_notes?filterby=nope&sortby=nope",
            "/my/payments?filterby=nope",
            "/my/quotes?filterby=nope&sortby=nope",
            "/my/orders?sortby=nope",
        ):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_customer_zone_message", response.text)
                self.assertIn("“nope” is not an option", response.text)
        self.assertIn(self.invoice_a.name, self._get("/my/invoices?filterby=x").text)

    def test_malformed_and_inverted_dates(self):
        response = self._get("/my/statement?date_from=2026-02-30&date_to=banana")
        self.assertEqual(response.status_code, 200)
        self.assertIn("not valid dates", response.text)
        response = self._get("/my/statement?date_from=2026-12-31&date_to=2026-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertIn("were swapped", response.text)
        self.assertIn(self.invoice_a.name, response.text)
        response = self._get("/my/statement?date_from=0001-01-01&date_to=2026-12-31")
        self.assertEqual(response.status_code, 200)
        self.assertIn("at most 20 years", response.text)
        response = self._get("/my/statement/pdf?date_from=x&date_to=y")
        self.assertEqual(response.status_code, 200)
        response = self._get("/my/invoices?date_begin=garbage&date_end=2026-01-01")
        self.assertEqual(response.status_code, 200)
        self.assertIn("dates given are not valid", response.text)

    def test_absurd_pages_and_search(self):
        for url in (
            "/my/invoices/page/1000000000",
            "/my/credit_notes/page/1000000000",
            "/my/payments/page/99999999999999999999",
            "/my/quotes/page/1000000000",
            "/my/invoices?search=" + "x" * 5000,
            "/my/payments?search=%27%3B%20DROP%20TABLE%20account_move%3B--",
        ):
            with self.subTest(url=url[:60]):
                self.assertEqual(self._get(url).status_code, 200)
        self.assertEqual(self._get("/my/credit_notes/page/abc").status_code, 404)

    def test_ids_of_other_customers_and_unknown_ids(self):
        for url in (
            f"/my/invoices/{self.invoice_b.id}",
            "/my/invoices/999999999",
            f"/my/invoices/{self.invoice_b.id}?access_token=abc",
            f"/my/invoices/{self.invoice_b.id}?report_type=pdf&download=1",
            "/my/orders/999999999",
        ):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertEqual(self._get("/my/invoices/abc").status_code, 404)

    def test_search_by_number(self):
        response = self._get(f"/my/invoices?search={self.invoice_a.name}")
        self.assertIn(self.invoice_a.name, response.text)
        response = self._get("/my/invoices?search=NO-SUCH-NUMBER")
        self.assertNotIn(self.invoice_a.name, response.text)
