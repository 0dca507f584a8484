from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerZoneFixtures


@tagged("post_install", "-at_install")
class TestNothingPrivateRidesAlong(CustomerZoneFixtures, HttpCase):
    """Pages show only what the user may read, and links carry no token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()
        cls.invoice_a = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.invoice_b = cls._invoice(cls.beta, 60, "2026-01-12")
        # Alpha's payment settles Alpha's invoice and, for a group, Beta's
        cls.payment = cls._payment_on_account(cls.alpha, 160, "2026-01-20")
        receivable = cls.payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        open_items = (cls.invoice_a | cls.invoice_b).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        (receivable | open_items).reconcile()

    def test_payments_page_hides_another_customers_invoice(self):
        self.assertEqual(
            self.payment.reconciled_invoice_ids, self.invoice_a | self.invoice_b
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open("/my/payments").text
        self.assertIn(self.payment.name, page)
        self.assertIn(self.invoice_a.name, page)
        self.assertIn(f'href="/my/invoices/{self.invoice_a.id}"', page)
        self.assertNotIn(self.invoice_b.name, page)
        self.assertNotIn("access_token", page)
        self.assertFalse(self.invoice_b.access_token, "no token minted for it")

    def test_statement_report_route_refuses_portal_users_and_employees(self):
        url = f"/report/html/customer_zone.report_statement/{self.beta.id}"
        self.authenticate("cz_alpha", "cz_alpha")
        for target in (self.beta, self.alpha):
            with self.subTest(partner=target.name):
                response = self.url_open(
                    f"/report/html/customer_zone.report_statement/{target.id}"
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(self.invoice_b.name, response.text)
        new_test_user(self.env, login="cz_clerk", groups="base.group_user")
        self.authenticate("cz_clerk", "cz_clerk")
        response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.invoice_b.name, response.text)
        # an invoicing user who may read the partner prints it
        new_test_user(
            self.env, login="cz_billing", groups="account.group_account_invoice"
        )
        self.authenticate("cz_billing", "cz_billing")
        response = self.url_open(url + "?date_from=2026-01-01&date_to=2026-12-31")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice_b.name, response.text)
        # and bad dates do not break it
        response = self.url_open(url + "?date_from=x&date_to=0001-13-45")
        self.assertEqual(response.status_code, 200)

    def test_portal_pdf_of_own_statement_still_works(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self.url_open("/my/statement/pdf?date_from=2026-01-01")
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestNoServerErrorOnBadInput(CustomerZoneFixtures, HttpCase):
    """Inputs that gave HTTP 500 get a message or the default instead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()
        cls.invoice_a = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.quote_a = cls._quotation(cls.alpha, "sent")

    def test_far_dates_on_the_statement(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for query in (
            "date_from=0005-01-01&date_to=0010-01-01",
            "date_from=0001-01-01&date_to=0001-01-02",
            "date_from=9999-12-01&date_to=9999-12-31",
            "date_from=%00&date_to=2026-01-01",
        ):
            for route in ("/my/statement", "/my/statement/pdf"):
                with self.subTest(route=route, query=query):
                    response = self.url_open(f"{route}?{query}")
                    self.assertEqual(response.status_code, 200)
            page = self.url_open(f"/my/statement?{query}").text
            self.assertIn("o_customer_zone_message", page)

    def test_pages_and_searches_that_are_not_numbers_or_text(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in (
            "/my/invoices?page=²",
            "/my/invoices?page=abc",
            "/my/invoices?page=-5",
            "/my/invoices?page=1e309",
            "/my/credit_notes?page=²",
            "/my/payments?page=%00",
            "/my/quotes?page=²",
            "/my/orders?page=²",
            "/my/invoices?search=%00",
            "/my/credit_notes?search=a%00b",
            "/my/quotes?search=%00",
            "/my/invoices?date_begin=0001-01-01&date_end=9999-12-31",
            "/my/invoices?date_begin=%00&date_end=%00",
            "/my/invoices?page=1&page=2&sortby=date&sortby=nope",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice_a.name, self.url_open("/my/invoices?page=²").text)
        self.assertIn(self.quote_a.name, self.url_open("/my/quotes?page=x").text)

    def test_numbers_too_long_for_any_record_or_page(self):
        self.authenticate("cz_alpha", "cz_alpha")
        huge = "9" * 5000
        for url in (
            f"/my/invoices/{huge}",
            f"/my/invoices/page/{huge}",
            f"/my/credit_notes/page/{huge}",
            f"/my/orders/{huge}",
            f"/my/preview/{huge}",
        ):
            with self.subTest(url=url[:40]):
                self.assertEqual(self.url_open(url).status_code, 404)
        response = self.url_open("/my/payments/page/99999999999999999999")
        self.assertEqual(response.status_code, 200, "long but sane: last page")
