from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestNothingPrivateRidesAlong(CustomerZoneHttpCommon):
    """Pages show only what the user may read, and links carry no token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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
class TestNoServerErrorOnBadInput(CustomerZoneHttpCommon):
    """Inputs that gave HTTP 500 get a message or the default instead."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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

    def test_login_redirect_with_a_line_break_or_nul(self):
        """Core put a line break into a Location header, or a NUL byte into a
        query, and answered 500; the target is dropped instead."""
        for login in (None, "cz_alpha"):
            self.authenticate(login, login)
            for target in ("/my%0d%0aSet-Cookie:x=1", "/my%00"):
                with self.subTest(login=login, target=target):
                    response = self._get(f"/web/login?redirect={target}")
                    self.assertLess(response.status_code, 500)
                    self.assertNotIn("Set-Cookie:x", str(response.headers))
        response = self._get("/web/login?redirect=/my/invoices")
        self.assertEqual(
            response.headers.get("Location", "").split("?")[0][-12:], "/my/invoices"
        )

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


@tagged("post_install", "-at_install")
class TestLinksAfterReview(CustomerZoneHttpCommon):
    """Holes found by attacking the first version of these fixes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.invoice = cls._invoice(cls.alpha, 88.0, "2026-01-10")
        cls.employee = new_test_user(cls.env, login="cz_emp", groups="base.group_user")

    def _expire(self):
        token = self.invoice._portal_ensure_token()
        self.invoice.customer_zone_token_expires_on = "2026-01-01 00:00:00"
        return token

    def test_mail_view_does_not_renew_an_expired_link(self):
        token = self._expire()
        self.authenticate(None, None)
        response = self.url_open(
            f"/mail/view?model=account.move&res_id={self.invoice.id}"
            f"&access_token={token}",
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.invoice.access_token, token, "not renewed")
        follow = self._get(response.headers["Location"])
        self.assertEqual(follow.status_code, 303, "refused: off to log in")
        self.assertNotIn(self.invoice.name, follow.text)

    def test_an_employee_holding_only_the_link_gets_no_more(self):
        token = self._expire()
        self.authenticate("cz_emp", "cz_emp")
        response = self.url_open(
            f"/my/invoices/{self.invoice.id}?access_token={token}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.invoice.access_token, token, "not renewed")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/chatter_fetch",
                {"thread_model": "account.move", "thread_id": self.invoice.id,
                 "token": token},
            )  # fmt: skip

    def test_an_employee_cannot_detach_a_contact_in_one_write(self):
        invoice = self._invoice(self.alpha_buyer, 12.0, "2026-01-11")
        Partner = self.env["res.partner"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Partner.browse(self.alpha_buyer.id).write(
                {"customer_zone_walk_in": True, "customer_zone_cash_customer_id": False}
            )
        billing = new_test_user(
            self.env,
            login="cz_bill",
            groups="account.group_account_invoice,base.group_partner_manager",
        )
        self.env["res.partner"].with_user(billing).browse(self.alpha_buyer.id).write(
            {"customer_zone_walk_in": True, "customer_zone_cash_customer_id": False}
        )
        self.assertEqual(self.alpha_buyer.parent_id, self.alpha, "not detached")
        self.assertEqual(invoice.commercial_partner_id, self.alpha)

    def test_detail_rows_off_the_allow_list_are_not_shown(self):
        self.alpha.comment = "Internal: slow payer, do not extend credit"
        comment = self.env["ir.model.fields"]._get("res.partner", "comment")
        self.env.cr.execute(
            "INSERT INTO customer_zone_detail_field (company_id, field_id, sequence)"
            " VALUES (%s, %s, 1)",
            (self.company.id, comment.id),
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open("/my/details").text
        self.assertNotIn("slow payer", page)

    def test_a_draft_quotation_with_its_token_leads_to_login(self):
        # Odoo shows a draft quotation to whoever holds its token; the zone
        # keeps drafts hidden until sent or published (README: differences)
        draft = self._quotation(self.alpha, "draft")
        token = draft._portal_ensure_token()
        self.authenticate(None, None)
        response = self._get(f"/my/orders/{draft.id}?access_token={token}")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._get(f"/my/orders/{draft.id}")
        self.assertEqual(response.status_code, 303, "its customer neither")
        draft.customer_zone_published = True
        self.assertEqual(
            self._get(f"/my/orders/{draft.id}").status_code,
            200,
        )


@tagged("post_install", "-at_install")
class TestCoreSaleRoutesInput(CustomerZoneHttpCommon):
    """Core's quotation routes, reachable from the zone: no 500 on odd keys."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quote = cls._quotation(cls.alpha, "sent")

    def test_internal_argument_names_as_query_keys(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in (
            "/my/quotes?quotation_page=1",
            "/my/orders?quotation_page=0",
            f"/my/orders/{self.quote.id}?document=1&values=x&session_history=y"
            "&no_breadcrumbs=1",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                if not url.startswith("/my/orders?"):  # a quotation, no order
                    self.assertIn(self.quote.name, response.text)

    def test_option_line_ids_and_tokens_that_are_not_plain(self):
        token = self.quote._portal_ensure_token()
        lines_before = self.quote.order_line.mapped("product_uom_qty")
        self.authenticate(None, None)
        route = f"/my/orders/{self.quote.id}/update_line_dict"
        for params in (
            {"line_id": "²", "access_token": token},
            {"line_id": "9" * 5000, "access_token": token},
            {"line_id": [1, 2], "access_token": token},
            {"line_id": None, "access_token": token},
            {"line_id": self.quote.order_line[:1].id, "access_token": {"id": 1}},
            {"line_id": self.quote.order_line[:1].id, "access_token": [token]},
        ):
            with self.subTest(params=str(params)[:60]):
                try:
                    self.make_jsonrpc_request(route, params)
                except JsonRpcException as error:
                    self.assertNotIn("TypeError", str(error))
                    self.assertNotIn("ValueError", str(error))
        self.assertEqual(self.quote.order_line.mapped("product_uom_qty"), lines_before)
