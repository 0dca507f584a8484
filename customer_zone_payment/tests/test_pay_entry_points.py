import html
import re
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

from odoo import Command, fields
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.bulk import bulk_invoices

from .common import CustomerZonePaymentHttpCommon

ROUTE = re.compile(r"/customer_zone/transaction/invoices/([0-9-]+)")


def tag_of(page, css_class, tag="a"):
    """The opening tag of the first ``tag`` element of ``page`` carrying
    ``css_class``, or None."""
    found = re.search(rf"<{tag}\b[^>]*\b{css_class}\b[^>]*>", page)
    return found and found.group(0)


def link_of(page, css_class):
    """The href of the first link carrying ``css_class``, as a browser
    follows it, or None."""
    tag = tag_of(page, css_class)
    href = tag and re.search(r'href="([^"]*)"', tag)
    return href and html.unescape(href.group(1))


def element_text(page, css_class, tag="a"):
    """The text of the first ``tag`` element carrying ``css_class``."""
    found = re.search(rf"<{tag}\b[^>]*\b{css_class}\b[^>]*>(.*?)</{tag}>", page, re.S)
    return found and re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


class PayEntryPointsCommon(CustomerZonePaymentHttpCommon):
    """Alpha owes: two overdue invoices payable online (100, and 300 of which
    120 is paid), one not yet due (its buyer's, 50), one overdue but
    excluded from online payment (40), an open credit note (30) and a paid
    invoice (70). Beta owes 999."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.today = fields.Date.today()

        def day(offset):
            return today + timedelta(days=offset)

        cls.overdue_1 = cls._invoice(cls.alpha, 100.0, day(-60), due=day(-30))
        cls.overdue_2 = cls._invoice(cls.alpha, 300.0, day(-40), due=day(-10))
        cls._register_payment(cls.overdue_2, 120.0, day(-5))
        cls.not_due = cls._invoice(cls.alpha_buyer, 50.0, day(-3), due=day(27))
        cls.excluded = cls._invoice(cls.alpha, 40.0, day(-50), due=day(-20))
        cls.excluded.customer_zone_allow_online_payment = False
        cls.credit_note = cls._invoice(
            cls.alpha, 30.0, day(-15), move_type="out_refund"
        )
        cls.paid = cls._invoice(cls.alpha, 70.0, day(-45), due=day(-15))
        cls._register_payment(cls.paid, 70.0, day(-14))
        cls.foreign = cls._invoice(cls.beta, 999.0, day(-20), due=day(-10))
        cls.overdue = cls.overdue_1 | cls.overdue_2
        cls.payable = cls.overdue | cls.not_due

    def _follow_to_transaction(self, url, expected):
        """Open the confirmation page ``url`` as the browser does, then pay
        through the transaction route it names, with a tampered amount:
        the transaction is ``expected``'s, for the server's amount."""
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200, url)
        route = ROUTE.search(page.text)
        self.assertTrue(route, f"{url} is no confirmation page")
        self.assertEqual({int(i) for i in route.group(1).split("-")}, set(expected.ids))
        total = sum(expected.mapped("amount_residual"))
        self.assertIn(f"{total:,.2f}", page.text)
        tx = self._new_transaction(
            route.group(0),
            self._demo_payment_values(1.0, payment_reference="TAMPERED"),
        )
        self.assertEqual(tx.amount, total, "the server's sum")
        self.assertEqual(tx.invoice_ids, expected, "exactly the payable ones")
        return tx


@tagged("post_install", "-at_install")
class TestPayFromTheSummary(PayEntryPointsCommon):
    """ "Pay overdue" and "Pay all due" on the account summary of /my/home."""

    def _summary(self):
        page = self._get("/my/home")
        self.assertEqual(page.status_code, 200)
        return re.search(
            r'<section class="o_customer_zone_summary.*?</section>', page.text, re.S
        ).group(0)

    def test_pay_overdue_pays_what_the_button_says(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        section = self._summary()
        # the summary's overdue figure counts the excluded invoice; the
        # button only what may be paid online
        self.assertIn("320.00", element_text(section, "o_customer_zone_overdue", "div"))
        self.assertIn("280.00", element_text(section, "o_customer_zone_pay_overdue"))
        self.assertIn("330.00", element_text(section, "o_customer_zone_pay_all_due"))
        self.assertNotIn("o_customer_zone_unpaid_link", section)
        url = link_of(section, "o_customer_zone_pay_overdue")
        self.assertEqual(url, "/my/outstanding/pay?select=all&filterby=overdue")
        tx = self._follow_to_transaction(url, self.overdue)
        self._confirm(tx)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.overdue)
        for other in (self.not_due, self.excluded, self.foreign):
            self.assertEqual(other.payment_state, "not_paid", other.name)
        # nothing payable overdue any more: "Pay all due" is what is left
        section = self._summary()
        self.assertNotIn("o_customer_zone_pay_overdue", section)
        self.assertIn("50.00", element_text(section, "o_customer_zone_pay_all_due"))

    def test_pay_all_due_pays_every_payable_invoice(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = link_of(self._summary(), "o_customer_zone_pay_all_due")
        self.assertEqual(url, "/my/outstanding/pay?select=all&filterby=all")
        tx = self._follow_to_transaction(url, self.payable)
        self.assertNotIn(self.credit_note, tx.invoice_ids)
        self.assertNotIn(self.paid, tx.invoice_ids)

    def test_one_button_when_all_due_is_overdue(self):
        self.not_due.customer_zone_allow_online_payment = False
        self.authenticate("cz_alpha", "cz_alpha")
        section = self._summary()
        self.assertIn("280.00", element_text(section, "o_customer_zone_pay_overdue"))
        self.assertNotIn("o_customer_zone_pay_all_due", section, "the same invoices")

    def test_two_currencies_choose_on_the_outstanding_items(self):
        """The pay page refuses invoices of two currencies together: no
        amount that it would not charge, a link to choose instead."""
        self._invoice(
            self.alpha,
            60.0,
            self.today - timedelta(days=40),
            currency=self.other_currency,
            due=self.today - timedelta(days=20),
        )
        self.authenticate("cz_alpha", "cz_alpha")
        section = self._summary()
        self.assertNotIn("o_customer_zone_pay_overdue", section)
        self.assertNotIn("o_customer_zone_pay_all_due", section)
        self.assertEqual(
            link_of(section, "o_customer_zone_pay_choose"), "/my/outstanding"
        )

    def test_no_button_where_the_zone_does_not_pay(self):
        self.authenticate("cz_beta", "cz_beta")
        self.foreign.customer_zone_allow_online_payment = False
        section = self._summary()
        self.assertNotIn("o_customer_zone_pay_", section, "nothing payable online")
        # invoices only: the unpaid invoices list instead
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        section = self._summary()
        self.assertNotIn("o_customer_zone_pay_overdue", section)
        self.assertNotIn("o_customer_zone_pay_all_due", section)
        self.assertEqual(
            link_of(section, "o_customer_zone_unpaid_link"),
            "/my/invoices?filterby=unpaid",
        )
        self.assertEqual(self._get("/my/invoices?filterby=unpaid").status_code, 200)
        # the zone off for the company: no summary at all
        self.company.customer_zone_mode = "off"
        page = self._get("/my/home").text
        self.assertNotIn("o_customer_zone_pay_", page)
        self.assertNotIn("o_customer_zone_summary", page)

    def test_nothing_in_the_preview(self):
        self.authenticate("admin", "admin")
        page = self._get(f"/my/preview/{self.alpha.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.overdue_1.name, page.text, "its statement")
        self.assertIn("o_customer_zone_summary", page.text)
        self.assertNotIn("o_customer_zone_pay_", page.text)
        self.assertNotIn("/my/outstanding/pay", page.text)


@tagged("post_install", "-at_install")
class TestPayFromTheStatement(PayEntryPointsCommon):
    """ "Pay the balance" and ticked lines on the statement page."""

    def _statement(self, date_from=-90, date_to=0, **extra):
        query = {
            "date_from": fields.Date.to_string(self.today + timedelta(days=date_from)),
            "date_to": fields.Date.to_string(self.today + timedelta(days=date_to)),
            **extra,
        }
        page = self._get("/my/statement?" + urlencode(query))
        self.assertEqual(page.status_code, 200)
        return page.text

    @staticmethod
    def _ticked(page):
        return {int(i) for i in re.findall(r'<input\b[^>]*\bname="pay_(\d+)"', page)}

    def test_checkboxes_only_on_invoices_payable_online(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._statement()
        self.assertEqual(self._ticked(page), set(self.payable.ids))
        # each labelled for screen readers
        for invoice in self.payable:
            box = re.search(
                rf'<input\b[^>]*\bname="pay_{invoice.id}"[^>]*>', page
            ).group(0)
            box_id = re.search(r'id="([^"]+)"', box).group(1)
            label = rf'<label[^>]*for="{box_id}"[^>]*>\s*Pay {re.escape(invoice.name)}'
            self.assertRegex(page, label)

    def test_pay_chosen_lines_through_the_form(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._statement()
        form = tag_of(page, "o_customer_zone_statement_pay", "form")
        self.assertIn('method="get"', form)
        action = re.search(r'action="([^"]+)"', form).group(1)
        form_id = re.search(r'id="([^"]+)"', form).group(1)
        boxes = re.findall(rf'<input\b[^>]*\bform="{form_id}"[^>]*>', page)
        chosen = self.overdue_1 | self.not_due
        # tick two boxes, as the customer does, and submit
        params = []
        for box in boxes:
            name = re.search(r'name="([^"]+)"', box).group(1)
            if name in {f"pay_{i}" for i in chosen.ids}:
                params.append((name, re.search(r'value="([^"]+)"', box).group(1)))
        self.assertEqual(len(params), 2)
        tx = self._follow_to_transaction(f"{action}?{urlencode(params)}", chosen)
        self._confirm(tx)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, chosen)
        self.assertEqual(self.overdue_2.payment_state, "partial", "not chosen")

    def test_pay_the_balance_is_the_summarys_pay_all_due(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._statement()
        self.assertIn("330.00", element_text(page, "o_customer_zone_pay_balance"))
        url = link_of(page, "o_customer_zone_pay_balance")
        home = self._get("/my/home").text
        self.assertEqual(url, link_of(home, "o_customer_zone_pay_all_due"))
        self._follow_to_transaction(url, self.payable)

    def test_a_past_period_has_no_pay_the_balance(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._statement(date_from=-90, date_to=-35)
        self.assertNotIn("o_customer_zone_pay_balance", page)
        # invoices of the period, still open
        self.assertEqual(self._ticked(page), set(self.overdue.ids))
        # a period ending later than today offers it
        page = self._statement(date_from=-90, date_to=30)
        self.assertIn("o_customer_zone_pay_balance", page)

    def test_not_in_the_print_view_nor_elsewhere(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._statement(print_view=1)
        self.assertIn(self.overdue_1.name, page)
        self.assertFalse(self._ticked(page))
        self.assertNotIn("o_customer_zone_statement_pay", page)
        self.assertNotIn("o_customer_zone_pay_balance", page)
        # beta sees its own only
        self.authenticate("cz_beta", "cz_beta")
        page = self._statement()
        self.assertEqual(self._ticked(page), {self.foreign.id})
        self.assertNotIn(self.overdue_1.name, page)
        # invoices only: no statement at all
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/statement").status_code, 404)
        self.authenticate(None, None)
        response = self._get("/my/statement")
        self._assert_redirect(response, "/web/login")

    def test_tampered_choices_are_refused(self):
        """Another customer's invoice, or an excluded one, added to the form's
        choice: refused whole, as on the outstanding items."""
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._statement()
        action = re.search(
            r'action="([^"]+)"', tag_of(page, "o_customer_zone_statement_pay", "form")
        ).group(1)
        for intruder in (self.foreign, self.excluded, self.credit_note, self.paid):
            with self.subTest(intruder=intruder.name):
                query = urlencode(
                    {f"pay_{self.overdue_1.id}": 1, f"pay_{intruder.id}": 1}
                )
                response = self._get(f"{action}?{query}")
                self._assert_redirect(response, "/my/outstanding?error=invalid")
        for raw in ("abc", "-5", "1e9", "99999999999"):
            with self.subTest(raw=raw):
                response = self._get(f"{action}?pay_{raw}=1")
                self._assert_redirect(response, "/my/outstanding?error=")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._new_transaction(
                f"/customer_zone/transaction/invoices/{self.overdue_1.id}-{self.foreign.id}",
                self._demo_payment_values(100.0),
            )
        self.assertFalse(
            self.env["payment.transaction"].search_count(
                [("partner_id", "child_of", self.alpha.id)]
            )
        )
        # the helpers behind the buttons are private: not callable over
        # JSON-RPC (they search in sudo)
        for method, args in (
            ("_customer_zone_payable_ids_query", [self.beta.id, 1, [1]]),
            ("_customer_zone_own_payable_domain", [self.beta.id, 1]),
        ):
            with self.subTest(method=method), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self._call_kw("account.move", method, args)


@tagged("post_install", "-at_install")
class TestPayFromAnOrder(PayEntryPointsCommon):
    """ "Pay open invoices" on a confirmed order of the customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._quotation(cls.alpha, state="sale")
        cls.order_invoice = cls.order._create_invoices()
        cls.order_invoice.action_post()
        # a second invoice of the order, excluded from online payment
        cls.order.order_line.product_uom_qty = 2
        cls.order_excluded = cls.order._create_invoices()
        cls.order_excluded.action_post()
        cls.order_excluded.customer_zone_allow_online_payment = False
        cls.beta_order = cls._quotation(cls.beta, state="sale")
        cls.beta_invoice = cls.beta_order._create_invoices()
        cls.beta_invoice.action_post()

    def _order_page(self, order, **query):
        url = f"/my/orders/{order.id}"
        if query:
            url += "?" + urlencode(query)
        return self._get(url)

    def test_pay_open_invoices_pays_the_orders_payable_ones(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self._order_page(self.order)
        self.assertEqual(page.status_code, 200)
        residual = f"{self.order_invoice.amount_residual:,.2f}"
        self.assertIn(residual, element_text(page.text, "o_customer_zone_pay_order"))
        url = link_of(page.text, "o_customer_zone_pay_order")
        self.assertEqual(
            dict(parse_qsl(urlsplit(url).query)),
            {"invoice_ids": str(self.order_invoice.id)},
        )
        tx = self._follow_to_transaction(url, self.order_invoice)
        self._confirm(tx)
        self.assertEqual(self.order_excluded.payment_state, "not_paid")
        # paid: nothing left to pay online on this order
        page = self._order_page(self.order)
        self.assertNotIn("o_customer_zone_pay_order", page.text)

    def test_a_quotation_or_an_order_without_invoices_has_none(self):
        self.authenticate("cz_alpha", "cz_alpha")
        quotation = self._quotation(self.alpha, state="sent")
        order = self._quotation(self.alpha, state="sale")
        for document in (quotation, order):
            page = self._order_page(document)
            self.assertEqual(page.status_code, 200)
            self.assertNotIn("o_customer_zone_pay_order", page.text)

    def test_not_for_others(self):
        # another customer's order: refused as before, no button
        self.authenticate("cz_beta", "cz_beta")
        response = self._order_page(self.order)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("o_customer_zone_pay_order", response.text)
        # a visitor holding the order's link sees the order, not the account
        self.authenticate(None, None)
        token = self.order._portal_ensure_token()
        page = self._order_page(self.order, access_token=token)
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order.name, page.text)
        self.assertNotIn("o_customer_zone_pay_order", page.text)
        self.assertNotIn("/my/outstanding/pay", page.text)
        # and the confirmation page asks to log in
        response = self._get(f"/my/outstanding/pay?invoice_ids={self.order_invoice.id}")
        self._assert_redirect(response, "/web/login")
        # the link's holder logged in as another customer: no button either
        self.authenticate("cz_beta", "cz_beta")
        page = self._order_page(self.order, access_token=token)
        self.assertNotIn("o_customer_zone_pay_order", page.text)

    def test_no_button_where_the_zone_does_not_pay(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.company.customer_zone_mode = "invoices"
        response = self._order_page(self.order)
        self.assertNotIn("o_customer_zone_pay_order", response.text)
        self.company.customer_zone_mode = "off"
        response = self._order_page(self.order)
        self.assertNotIn("o_customer_zone_pay_order", response.text)
        self.company.customer_zone_mode = "account"
        self.alpha.customer_zone_access = "blocked"
        response = self._order_page(self.order)
        self.assertNotIn("o_customer_zone_pay_order", response.text)

    def test_order_page_queries_do_not_grow_with_its_invoices(self):
        """The button's invoices come from a fixed number of queries, on the
        first visit as on later ones, whatever the order's invoices."""

        def invoiced_order(count):
            order = self._quotation(self.alpha, state="sale")
            for quantity in range(1, count + 1):
                order.order_line.product_uom_qty = quantity
                order._create_invoices().action_post()
            return order

        warm_up, few, many = invoiced_order(1), invoiced_order(1), invoiced_order(6)
        self.authenticate("cz_alpha", "cz_alpha")
        self._page_query_count(f"/my/orders/{warm_up.id}")
        counts = {}
        for name, order in (("few", few), ("many", many)):
            self._forget_tokens()
            counts[name] = [
                self._page_query_count(f"/my/orders/{order.id}") for _visit in (1, 2)
            ]
            self.assertEqual(self._tokens(), 0, "the page mints no token")
        self.assertEqual(counts["few"], counts["many"])
        self.assertEqual(counts["few"][0], counts["few"][1], "first = later visit")
        page = self._order_page(many).text
        url = link_of(page, "o_customer_zone_pay_order")
        self.assertEqual(
            len(dict(parse_qsl(urlsplit(url).query))["invoice_ids"].split(",")), 6
        )

    def test_tampered_invoice_ids_are_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = link_of(self._order_page(self.order).text, "o_customer_zone_pay_order")
        for intruder in (self.beta_invoice, self.order_excluded, self.credit_note):
            with self.subTest(intruder=intruder.name):
                response = self._get(f"{url},{intruder.id}")
                self._assert_redirect(response, "/my/outstanding?error=invalid")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._new_transaction(
                f"/customer_zone/transaction/invoices/{self.beta_invoice.id}",
                self._demo_payment_values(1.0),
            )
        self.assertFalse(self.beta_invoice.transaction_ids)


@tagged("post_install", "-at_install")
class TestPayEntryPointsQueries(CustomerZonePaymentHttpCommon):
    """/my/home and /my/statement run as many queries with 2 payable
    invoices as with 20, on the first visit as on later ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        bulk_invoices(cls.env, cls.alpha, [10.0, 20.0], [-5, 5])

    def test_constant_queries(self):
        today = fields.Date.today()
        statement = "/my/statement?" + urlencode(
            {
                "date_from": fields.Date.to_string(today - timedelta(days=90)),
                "date_to": fields.Date.to_string(today),
            }
        )
        urls = ("/my/home", statement)
        self.authenticate("cz_alpha", "cz_alpha")
        for url in urls:
            self.url_open(url)  # compile templates, warm routing
        few = self._first_and_later(urls)
        home = self.url_open("/my/home").text
        self.assertIn("30.00", element_text(home, "o_customer_zone_pay_all_due"))
        amounts = [1.0 + i for i in range(18)]
        bulk_invoices(self.env, self.alpha, amounts, [i - 9 for i in range(18)])
        many = self._first_and_later(urls)
        page = self.url_open(statement).text
        self.assertEqual(len(re.findall(r'name="pay_\d+"', page)), 20)
        self.assertIn(
            "201.00",  # 30 + 1 + ... + 18
            element_text(self.url_open("/my/home").text, "o_customer_zone_pay_all_due"),
        )
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(
                    few[url][0],
                    few[url][1] + self._first_visit_extra(url),
                    "first visit = later (the home: + its summary kept)",
                )
                self.assertEqual(many[url], few[url], "20 invoices = 2")


@tagged("post_install", "-at_install")
class TestPayEntryPointsReview(CustomerZonePaymentHttpCommon):
    """Regressions of the attack review of issue 15: credits that cover the
    invoices, a contact moved to another customer, instalments, another
    company's order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()

    def _day(self, offset):
        return self.today + timedelta(days=offset)

    def _statement_today(self):
        page = self._get(
            "/my/statement?"
            + urlencode(
                {
                    "date_from": fields.Date.to_string(self._day(-90)),
                    "date_to": fields.Date.to_string(self.today),
                }
            )
        )
        self.assertEqual(page.status_code, 200)
        return page.text

    def test_credits_that_cover_the_invoices_offer_no_second_payment(self):
        """100 overdue, 100 paid on account: the balance is 0.00, so no
        "Pay" button anywhere; the credits are said, with their link."""
        invoice = self._invoice(self.alpha, 100.0, self._day(-40), due=self._day(-10))
        self._payment_on_account(self.alpha, 100.0, self._day(-5))
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn("0.00", element_text(home, "o_customer_zone_balance", "div"))
        for button in (
            "o_customer_zone_pay_overdue",
            "o_customer_zone_pay_all_due",
            "o_customer_zone_pay_choose",
            "o_customer_zone_overdue_items",
        ):
            self.assertNotIn(button, home)
        notice = element_text(home, "o_customer_zone_open_credits", "p")
        self.assertIn("100.00", notice)
        self.assertIn("in open credits not yet applied to invoices", notice)
        self.assertIn('href="/my/outstanding?filterby=credits"', home)
        self.assertEqual(self._get("/my/outstanding?filterby=credits").status_code, 200)
        statement = self._statement_today()
        self.assertNotIn("o_customer_zone_pay_balance", statement)
        self.assertIn(
            "100.00", element_text(statement, "o_customer_zone_open_credits", "p")
        )
        # the invoice may still be chosen (a checkbox), not offered as a whole
        self.assertIn(f'name="pay_{invoice.id}"', statement)
        # more due than the credits: the buttons are back, with the notice
        self._invoice(self.alpha, 50.0, self._day(-30), due=self._day(-3))
        home = self._get("/my/home").text
        self.assertIn("50.00", element_text(home, "o_customer_zone_balance", "div"))
        self.assertIn("150.00", element_text(home, "o_customer_zone_pay_overdue"))
        self.assertIn("100.00", element_text(home, "o_customer_zone_open_credits", "p"))
        statement = self._statement_today()
        self.assertIn("150.00", element_text(statement, "o_customer_zone_pay_balance"))

    def test_no_credits_no_notice(self):
        self._invoice(self.alpha, 100.0, self._day(-40), due=self._day(-10))
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn("100.00", element_text(home, "o_customer_zone_pay_overdue"))
        self.assertNotIn("o_customer_zone_open_credits", home)
        self.assertNotIn("o_customer_zone_open_credits", self._statement_today())

    def test_a_moved_contacts_invoice_is_neither_in_the_buttons_nor_the_page(self):
        """Carl, Alpha's contact with an open invoice, moves to Beta: its
        journal items stay Alpha's, its invoice is Beta's. The button's
        amount and the statement's checkboxes are what the pay page takes."""
        carl = self.env["res.partner"].create(
            {"name": "Carl", "parent_id": self.alpha.id, "email": "carl@alpha.test"}
        )
        mine = self._invoice(self.alpha, 100.0, self._day(-40), due=self._day(-10))
        carls = self._invoice(carl, 200.0, self._day(-40), due=self._day(-10))
        carl.parent_id = self.beta
        self.env.flush_all()
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn("100.00", element_text(home, "o_customer_zone_pay_overdue"))
        page = self._get(link_of(home, "o_customer_zone_pay_overdue"))
        self.assertEqual(page.status_code, 200)
        route = ROUTE.search(page.text)
        self.assertEqual({int(i) for i in route.group(1).split("-")}, set(mine.ids))
        statement = self._statement_today()
        ticked = {
            int(i) for i in re.findall(r'<input\b[^>]*\bname="pay_(\d+)"', statement)
        }
        self.assertEqual(ticked, set(mine.ids))
        response = self._get(f"/my/outstanding/pay?pay_{carls.id}=1")
        self._assert_redirect(response, "/my/outstanding?error=invalid")

    def test_an_archived_contacts_invoice_is_the_customers(self):
        dora = self.env["res.partner"].create(
            {"name": "Dora", "parent_id": self.alpha.id, "email": "dora@alpha.test"}
        )
        mine = self._invoice(self.alpha, 100.0, self._day(-40), due=self._day(-10))
        doras = self._invoice(dora, 200.0, self._day(-40), due=self._day(-10))
        dora.active = False
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn("300.00", element_text(home, "o_customer_zone_pay_overdue"))
        page = self._get(link_of(home, "o_customer_zone_pay_overdue"))
        route = ROUTE.search(page.text)
        self.assertEqual(
            {int(i) for i in route.group(1).split("-")}, set((mine | doras).ids)
        )

    def test_an_overdue_instalment_links_the_overdue_items(self):
        """An invoice in two instalments, the first overdue: "Pay overdue"
        pays whole invoices all of whose items are overdue, so it is not
        offered for this one (it would charge the instalment not yet due);
        the summary links the overdue items, where the invoice is ticked."""
        term = self.env["account.payment.term"].create(
            {
                "name": "Review 50/50",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 10}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50.0, "nb_days": 70}
                    ),
                ],
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.alpha.id,
                "invoice_date": self._day(-40),
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": 200.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn("100.00", element_text(home, "o_customer_zone_overdue", "div"))
        self.assertNotIn("o_customer_zone_pay_overdue", home)
        self.assertIn("200.00", element_text(home, "o_customer_zone_pay_all_due"))
        url = link_of(home, "o_customer_zone_overdue_items")
        self.assertEqual(url, "/my/outstanding?filterby=overdue")
        page = self._get(url).text
        self.assertIn(invoice.name, page)
        self.assertIn(f'name="pay_{invoice.id}"', page)
        # a second, wholly overdue invoice: "Pay overdue" pays it, and the
        # link stays for the instalment
        other = self._invoice(self.alpha, 30.0, self._day(-40), due=self._day(-10))
        home = self._get("/my/home").text
        self.assertIn("130.00", element_text(home, "o_customer_zone_overdue", "div"))
        self.assertIn("30.00", element_text(home, "o_customer_zone_pay_overdue"))
        self.assertTrue(link_of(home, "o_customer_zone_overdue_items"))
        # only wholly overdue invoices: no link
        invoice.button_draft()
        home = self._get("/my/home").text
        self.assertIn("30.00", element_text(home, "o_customer_zone_pay_overdue"))
        self.assertNotIn("o_customer_zone_overdue_items", home)
        self.assertTrue(other)


@tagged("post_install", "-at_install")
class TestPayEntryPointsOtherCompany(CustomerZonePaymentHttpCommon):
    """An order of a branch whose zone shows invoices only (no "pay"),
    seen from the main company's zone, which pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_branch()
        cls.branch.customer_zone_mode = "invoices"
        cls.order = cls._quotation(cls.alpha, state="sale", company=cls.branch)
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()

    def test_a_branch_invoice_is_not_paid_from_the_main_zone(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get(f"/my/orders/{self.order.id}")
        self.assertNotIn("o_customer_zone_pay_order", page.text)
        for url in (
            f"/my/outstanding/pay?invoice_ids={self.invoice.id}",
            f"/my/outstanding/pay?pay_{self.invoice.id}=1",
        ):
            with self.subTest(url=url):
                self._assert_redirect(self._get(url), "/my/outstanding?error=invalid")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._new_transaction(
                f"/customer_zone/transaction/invoices/{self.invoice.id}",
                self._demo_payment_values(1.0),
            )
        self.assertFalse(self.invoice.transaction_ids)
