import re
from datetime import timedelta

from odoo import Command, fields, http
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon


def _day(offset):
    return fields.Date.today() + timedelta(days=offset)


@tagged("post_install", "-at_install")
class TestDeposits(CustomerZoneHttpCommon):
    """Deposits and credits: the accountants' list and the customer form's
    button, the zone's unallocated payments, the note on quotations and
    orders, and the credits applied at invoicing when the customer chose so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Zone Deposits Co B"})
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_b, install_demo=False
        )
        cls.accountant = new_test_user(
            cls.env,
            login="cz_deposit_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company | cls.company_b).ids)],
        )
        # Alpha: a payment on account, an open credit note, a payment partly
        # used, a payment used in full, and a credit note in company B
        cls.deposit = cls._payment_on_account(cls.alpha, 300, _day(-20))
        cls.credit_note = cls._invoice(cls.alpha, 50, _day(-10), move_type="out_refund")
        cls.small_invoice = cls._invoice(cls.alpha, 100, _day(-30))
        cls.partly = cls._register_payment(cls.small_invoice, 150, _day(-25))
        cls.paid_invoice = cls._invoice(cls.alpha, 80, _day(-15))
        cls.paid = cls._register_payment(cls.paid_invoice, 80, _day(-14))
        cls.credit_note_b = cls._invoice(
            cls.alpha, 40, _day(-2), move_type="out_refund", company=cls.company_b
        )
        # Beta's own
        cls.beta_deposit = cls._payment_on_account(cls.beta, 70, _day(-3))

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _deposit_lines(self, user, partner=None, companies=None):
        """The journal items the "Deposits and credits" window lists for
        ``user`` (its server action, from the menu or a customer's form)."""
        action = self.env.ref("customer_zone.customer_zone_deposit_action").with_user(
            user
        )
        context = {"allowed_company_ids": (companies or self.company).ids}
        if partner:
            context.update(
                active_model="res.partner", active_id=partner.id, active_ids=partner.ids
            )
        window = action.with_context(**context).run()
        self.assertEqual(window["res_model"], "account.move.line")
        return (
            self.env["account.move.line"]
            .with_user(user)
            .with_context(allowed_company_ids=context["allowed_company_ids"])
            .search(window["domain"])
        )

    def _by_move(self, lines):
        """The lines of the test's customers (the database may hold others),
        by document: (original amount, residual)."""
        customers = self.alpha | self.alpha_buyer | self.beta
        return {
            line.move_id: (line.credit, line.amount_residual)
            for line in lines
            if line.partner_id in customers
        }

    def _new_customer(self, name, apply_credits=True):
        return self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "customer_zone_apply_credits": apply_credits,
            }
        )

    def _flag(self, partner):
        """The customer's choice as stored (after a request wrote it)."""
        self.env.invalidate_all()
        return partner.customer_zone_apply_credits

    def _post_form(self, url, data, csrf=True):
        if csrf:
            data = {"csrf_token": http.Request.csrf_token(self), **data}
        return self.url_open(url, data=data, allow_redirects=False)

    def _payment_rows(self, text):
        """``{payment name: unused as shown ('' when none)}`` of /my/payments."""
        rows = {}
        for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
            name = re.search(r'<td name="name"[^>]*>\s*([^<\s]+)', row)
            unused = re.search(r'o_customer_zone_unused"[^>]*>(.*?)</td>', row, re.S)
            if name and unused:
                shown = re.sub(r"<[^>]+>|\s", "", unused.group(1))
                rows[name.group(1)] = re.sub(r"[^\d.,-]", "", shown)
        return rows

    # ------------------------------------------------------------------
    # the accountants' list
    # ------------------------------------------------------------------
    def test_accountant_list_shows_open_credits_only(self):
        listed = self._by_move(self._deposit_lines(self.accountant))
        self.assertEqual(
            listed,
            {
                self.deposit.move_id: (300.0, -300.0),
                self.credit_note: (50.0, -50.0),
                # 150 received, 100 of it used
                self.partly.move_id: (150.0, -50.0),
                self.beta_deposit.move_id: (70.0, -70.0),
            },
            "no reconciled payment, no invoice, no other company's credit",
        )
        both = self._by_move(
            self._deposit_lines(
                self.accountant, companies=self.company | self.company_b
            )
        )
        self.assertEqual(both[self.credit_note_b], (40.0, -40.0), "when both selected")

    def test_window_opens_in_the_web_client(self):
        """The window's domain travels to the browser as JSON (the menu's
        server action, run as the web client runs it), and lists the same
        items."""
        action = self.env.ref("customer_zone.customer_zone_deposit_action")
        self.authenticate("cz_deposit_accountant", "cz_deposit_accountant")
        response = self.url_open(
            "/web/action/run",
            json={
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "action_id": action.id,
                    "context": {"allowed_company_ids": self.company.ids},
                },
            },
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertNotIn("error", body)
        lines = (
            self.env["account.move.line"]
            .with_user(self.accountant)
            .with_context(allowed_company_ids=self.company.ids)
            .search(body["result"]["domain"])
        )
        self.assertEqual(
            self._by_move(lines), self._by_move(self._deposit_lines(self.accountant))
        )

    def test_customer_form_button(self):
        alpha = self.alpha.with_user(self.accountant)
        self.assertEqual(alpha.customer_zone_credit_deposits, 400.0, "300 + 50 + 50")
        # from a contact's form: the whole customer, no other customer
        listed = self._by_move(self._deposit_lines(self.accountant, self.alpha_buyer))
        self.assertEqual(
            set(listed), {self.deposit.move_id, self.credit_note, self.partly.move_id}
        )
        self.assertEqual(-sum(r for _c, r in listed.values()), 400.0)
        views = (
            self.env["res.partner"]
            .with_user(self.accountant)
            .get_views([(False, "form")])
        )
        self.assertIn("customer_zone_credit_deposits", views["views"]["form"]["arch"])

    def test_portal_user_has_no_list(self):
        action = self.env.ref("customer_zone.customer_zone_deposit_action")
        with self.assertRaises(AccessError):
            action.with_user(self.user_alpha).with_context(
                active_model="res.partner", active_id=self.alpha.id
            ).run()
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self._call_kw("account.move", "_customer_zone_deposits_action", [], {})
        self.assertIn("odoo.exceptions", str(caught.exception))

    # ------------------------------------------------------------------
    # the zone: unallocated payments and their unused part
    # ------------------------------------------------------------------
    def test_zone_unused_column_and_filter(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/payments")
        self.assertEqual(page.status_code, 200)
        rows = self._payment_rows(page.text)
        self.assertEqual(
            rows,
            {
                self.deposit.name: "300.00",
                self.partly.name: "50.00",
                self.paid.name: "",
            },
        )
        page = self._get("/my/payments?filterby=unallocated")
        self.assertEqual(
            self._payment_rows(page.text),
            {self.deposit.name: "300.00", self.partly.name: "50.00"},
        )
        self.assertNotIn(self.beta_deposit.name, page.text)

    def test_zone_summary_links_to_unallocated(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/home")
        deposits = re.search(
            r'o_customer_zone_deposits".*?</div>', page.text, re.S
        ).group(0)
        self.assertIn("/my/payments?filterby=unallocated", deposits)

    def test_zone_payments_queries_do_not_grow(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in ("/my/payments", "/my/payments?filterby=unallocated"):
            self.url_open(url)  # compile templates, warm routing
        few = [
            self._page_query_count(url)
            for url in ("/my/payments", "/my/payments?filterby=unallocated")
        ]
        payments = self.env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.alpha.id,
                    "amount": 10 + index,
                    "date": _day(-index),
                    "journal_id": self.bank_journal.id,
                }
                for index in range(37)
            ]
        )
        payments.action_post()
        many = [
            self._page_query_count(url)
            for url in ("/my/payments", "/my/payments?filterby=unallocated")
        ]
        self.assertEqual(many, few, "3 or 40 payments, the same queries")

    # ------------------------------------------------------------------
    # the zone: the customer's choice
    # ------------------------------------------------------------------
    def test_apply_credits_owner(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/payments")
        self.assertIn('action="/my/payments/apply_credits"', page.text)
        self.assertNotIn('name="apply_credits" value="1" checked', page.text)
        response = self._post_form("/my/payments/apply_credits", {"apply_credits": "1"})
        self._assert_redirect(response, "/my/payments?apply_credits=on")
        self.assertTrue(self._flag(self.alpha))
        self.assertIn(
            "chosen by Alpha Zone Test Co",
            str(self.alpha.message_ids[0].body),
            "a note on the customer",
        )
        page = self._get("/my/payments?apply_credits=on")
        self.assertIn("will be applied to your new invoices", page.text)
        self.assertRegex(page.text, r'id="customer_zone_apply_credits"[^>]*checked')
        # an unticked switch sends nothing
        response = self._post_form("/my/payments/apply_credits", {})
        self._assert_redirect(response, "/my/payments?apply_credits=off")
        self.assertFalse(self._flag(self.alpha))
        self.assertFalse(self._flag(self.beta))

    def test_apply_credits_contact_and_other_customer(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self._post_form("/my/payments/apply_credits", {"apply_credits": "1"})
        self.assertTrue(self._flag(self.alpha), "the customer's flag")
        self.authenticate("cz_beta", "cz_beta")
        response = self._post_form("/my/payments/apply_credits", {})
        self._assert_redirect(response, "apply_credits=off")
        self.assertTrue(self._flag(self.alpha), "not Beta's to change")
        self._post_form(
            "/my/payments/apply_credits",
            {"apply_credits": "1", "partner_id": self.alpha.id},
        )
        self.assertTrue(self._flag(self.beta), "its own only")

    def test_apply_credits_bad_requests(self):
        route = "/my/payments/apply_credits"
        # the public: to the login page, nothing changed
        self.authenticate(None, None)
        response = self.url_open(
            route, data={"apply_credits": "1"}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.authenticate("cz_alpha", "cz_alpha")
        # GET changes nothing
        response = self._get(f"{route}?apply_credits=1")
        self.assertIn(response.status_code, (404, 405))
        # no CSRF token
        with mute_logger("odoo.http"):
            response = self._post_form(route, {"apply_credits": "1"}, csrf=False)
        self.assertEqual(response.status_code, 400)
        # values that are no choice
        for value in ("yes", "2", "1' OR 1=1", "x" * 5000):
            response = self._post_form(route, {"apply_credits": value})
            self._assert_redirect(response, "apply_credits=invalid")
        page = self._get("/my/payments?apply_credits=invalid")
        self.assertIn("nothing was changed", page.text)
        # an unknown notice shows nothing, and is not echoed
        page = self._get("/my/payments?apply_credits=%3Cscript%3E")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_customer_zone_apply_credits_notice", page.text)
        # a zone without payments has no such page
        self.company.customer_zone_mode = "invoices"
        response = self._post_form(route, {"apply_credits": "1"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self._flag(self.alpha))

    @mute_logger("odoo.http")
    def test_flag_not_writable_over_rpc(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.partner",
                "write",
                [[self.alpha.id], {"customer_zone_apply_credits": True}],
            )
        self.alpha.invalidate_recordset()
        self.assertFalse(self._flag(self.alpha))

    # ------------------------------------------------------------------
    # the quotation and order page
    # ------------------------------------------------------------------
    def test_order_page_note(self):
        order = self._quotation(self.alpha, state="sent")
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get(f"/my/orders/{order.id}")
        self.assertEqual(page.status_code, 200)
        note = re.search(
            r'o_customer_zone_deposits_note".*?</div>', page.text, re.S
        ).group(0)
        self.assertIn("400.00", note)
        self.assertIn("ask us to apply them", note)
        self.alpha.customer_zone_apply_credits = True
        page = self._get(f"/my/orders/{order.id}")
        self.assertIn("they will be applied to this order", page.text)
        # Beta has deposits of its own, but this is not its order; a link's
        # holder sees the order, not the account
        self.authenticate(None, None)
        order._portal_ensure_token()
        page = self._get(f"/my/orders/{order.id}?access_token={order.access_token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_customer_zone_deposits_note", page.text)
        # a customer without deposits: no note
        self.authenticate("cz_beta", "cz_beta")
        beta_order = self._quotation(self.beta, state="sent")
        self.beta_deposit.move_id.button_draft()
        self.beta_deposit.move_id.button_cancel()
        page = self._get(f"/my/orders/{beta_order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_customer_zone_deposits_note", page.text)

    # ------------------------------------------------------------------
    # applied at invoicing
    # ------------------------------------------------------------------
    def test_credits_applied_at_invoicing(self):
        gamma = self._new_customer("Gamma Deposits")
        deposit = self._payment_on_account(gamma, 300, _day(-20))
        refund = self._invoice(gamma, 50, _day(-10), move_type="out_refund")
        invoice = self._invoice(gamma, 1000, _day(0))
        self.assertEqual(invoice.amount_residual, 650.0)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertTrue(deposit.move_id.line_ids.filtered("reconciled"))
        self.assertEqual(refund.amount_residual, 0.0)
        self.assertEqual(refund.payment_state, "paid")
        self.assertFalse(self.beta_deposit.is_reconciled, "Beta's untouched")
        self.assertIn("applied automatically", str(invoice.message_ids[0].body))

    def test_oldest_first_and_rest_left_open(self):
        gamma = self._new_customer("Gamma Oldest")
        newer = self._payment_on_account(gamma, 50, _day(-5))
        older = self._payment_on_account(gamma, 300, _day(-20))
        invoice = self._invoice(gamma, 200, _day(0))
        self.assertEqual(invoice.payment_state, "paid")
        lines = (older | newer).move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(
            {line.payment_id: line.amount_residual for line in lines},
            {older: -100.0, newer: -50.0},
            "the older used first, its rest and the newer left open",
        )

    def test_not_flagged_untouched(self):
        gamma = self._new_customer("Gamma Unflagged", apply_credits=False)
        deposit = self._payment_on_account(gamma, 300, _day(-20))
        invoice = self._invoice(gamma, 1000, _day(0))
        self.assertEqual(invoice.amount_residual, 1000.0)
        self.assertFalse(deposit.is_reconciled)

    def test_never_others_credits(self):
        """Not another customer's, not another company's, not another
        currency's; a contact's invoice uses its company's credits."""
        gamma = self._new_customer("Gamma Strict")
        contact = self.env["res.partner"].create(
            {"name": "Gamma's buyer", "parent_id": gamma.id}
        )
        other_company = self._invoice(
            gamma, 40, _day(-9), move_type="out_refund", company=self.company_b
        )
        other_currency = self._payment_on_account(
            gamma, 30, _day(-8), currency=self.other_currency
        )
        own = self._payment_on_account(contact, 20, _day(-7))
        invoice = self._invoice(contact, 1000, _day(0))
        self.assertEqual(invoice.amount_residual, 980.0, "its own 20 only")
        self.assertTrue(own.is_reconciled)
        self.assertEqual(other_company.amount_residual, 40.0)
        self.assertFalse(other_currency.is_reconciled)
        self.assertFalse(self.beta_deposit.is_reconciled)
        self.assertFalse(self.deposit.is_reconciled, "Alpha's untouched")
