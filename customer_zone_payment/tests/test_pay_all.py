import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.bulk import bulk_invoices

from .common import CustomerZonePaymentHttpCommon

SELECT_OVERDUE = "/my/outstanding/pay?select=all&filterby=overdue"
ROUTE = re.compile(r"/customer_zone/transaction/invoices/([0-9-]+)")


@tagged("post_install", "-at_install")
class TestPayAllOfAFilter(CustomerZonePaymentHttpCommon):
    """ "Pay all N" pays every invoice of the filter that may be paid online,
    on every page: the server decides which from the filter, with every rule
    of a choice of invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # 85 overdue invoices (1.00 to 85.00): with the excluded one, two
        # pages of the overdue filter
        cls.overdue = bulk_invoices(
            env, cls.alpha, range(1, 86), [-(index + 2) for index in range(85)]
        )
        cls.due_soon = bulk_invoices(env, cls.alpha, [100.0, 200.0], [5, 6])
        cls.excluded = bulk_invoices(
            env,
            cls.alpha,
            [40.0],
            [-3],
            customer_zone_allow_online_payment=False,
        )
        cls.credit_note = cls._invoice(
            cls.alpha, 30.0, fields.Date.today(), move_type="out_refund"
        )
        cls.foreign = cls._invoice(cls.beta, 999.0, "2026-01-10")

    def _transactions(self):
        return self.env["payment.transaction"].search_count([])

    def _route_ids(self, page):
        return {int(i) for i in ROUTE.search(page).group(1).split("-")}

    def test_pay_all_overdue_pays_exactly_them_across_pages(self):
        self.authenticate("cz_alpha", "cz_alpha")
        outstanding = self.url_open("/my/outstanding?filterby=overdue").text
        self.assertIn('href="/my/outstanding/page/2?', outstanding, "two pages")
        self.assertIn("(85 invoices)", outstanding)
        self.assertIn(
            'href="/my/outstanding/pay?select=all&amp;filterby=overdue"', outstanding
        )
        page = self.url_open(SELECT_OVERDUE)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self._route_ids(page.text), set(self.overdue.ids))
        self.assertIn("85 invoices", page.text)
        self.assertIn("3,655.00", page.text, "1.00 + ... + 85.00")

        tx = self._new_transaction(
            ROUTE.search(page.text).group(0),
            self._demo_payment_values(1.0, payment_reference="TAMPERED"),
        )
        self.assertEqual(tx.amount, 3655.0, "the server's amount")
        self.assertEqual(tx.invoice_ids, self.overdue)
        self._confirm(tx)
        # the books: one payment of their sum, reconciled with exactly them
        self.assertEqual(tx.payment_id.amount, 3655.0)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.overdue)
        paid = self.overdue[0]._get_invoice_in_payment_state()
        self.assertEqual(set(self.overdue.mapped("payment_state")), {paid})
        self.assertEqual(set(self.overdue.mapped("amount_residual")), {0.0})
        for other in (*self.due_soon, self.excluded, self.foreign):
            self.assertEqual(other.payment_state, "not_paid", other.name)
        # what is left overdue: the invoice excluded from online payment
        outstanding = self.url_open("/my/outstanding?filterby=overdue").text
        self.assertIn(self.excluded.name, outstanding)
        self.assertNotIn(self.overdue[0].name, outstanding)
        self.assertNotIn("o_customer_zone_pay_all", outstanding)

    def test_pay_all_of_all_and_the_old_link(self):
        self.authenticate("cz_alpha", "cz_alpha")
        payable = self.overdue | self.due_soon
        self.assertIn("(87 invoices)", self.url_open("/my/outstanding").text)
        for url in (
            "/my/outstanding/pay?select=all",
            "/my/outstanding/pay?select=all&filterby=all",
            "/my/outstanding/pay?invoice_ids=all",
        ):
            with self.subTest(url=url):
                page = self.url_open(url)
                self.assertEqual(self._route_ids(page.text), set(payable.ids))
                self.assertIn("3,955.00", page.text)
        due_soon = self.url_open("/my/outstanding/pay?select=all&filterby=due_30")
        self.assertEqual(self._route_ids(due_soon.text), set(self.due_soon.ids))

    def test_refusals_say_why_and_change_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._transactions()
        for query, code in (
            ("select=yes", "selection"),
            ("select=all&filterby=nope", "selection"),
            ("select=all&filterby=credits", "none"),  # nothing to pay there
        ):
            with self.subTest(query=query):
                response = self._get(f"/my/outstanding/pay?{query}")
                self._assert_redirect(response, f"/my/outstanding?error={code}")
        page = self.url_open("/my/outstanding?error=selection").text
        self.assertIn("This selection is not known. Choose the invoices to pay.", page)
        self.assertNotIn(
            "o_customer_zone_pay_all",
            self.url_open("/my/outstanding?filterby=credits").text,
        )
        # one overdue invoice in another currency: not paid together
        self._invoice(self.alpha, 60.0, "2026-01-05", currency=self.other_currency)
        response = self._get(SELECT_OVERDUE)
        self._assert_redirect(response, "/my/outstanding?error=currency")
        self.assertEqual(self._transactions(), before)

    def test_another_customer_pays_only_its_own(self):
        self.authenticate("cz_beta", "cz_beta")
        outstanding = self.url_open("/my/outstanding?filterby=overdue").text
        self.assertIn("(1 invoice)", outstanding)
        page = self.url_open(SELECT_OVERDUE).text
        self.assertEqual(self._route_ids(page), {self.foreign.id})
        self.assertNotIn(self.overdue[0].name, page)
        # tampered ids: Alpha's invoices beside or instead of Beta's own
        for ids in (
            [self.foreign.id, self.overdue[0].id],
            self.overdue[:3].ids,
        ):
            with self.subTest(ids=ids), mute_logger("odoo.http"):
                route = "/customer_zone/transaction/invoices/" + "-".join(map(str, ids))
                self._assert_refused(
                    route,
                    self._demo_payment_values(1.0),
                    "Some of the invoices chosen cannot be paid online.",
                )
        self.assertFalse(self.overdue.transaction_ids)
        self.authenticate(None, None)
        self._assert_redirect(self._get(SELECT_OVERDUE), "/web/login")


@tagged("post_install", "-at_install")
class TestPayAllOfAFilterInInstallments(CustomerZonePaymentHttpCommon):
    """An invoice is of a filter's "Pay all" only when every open item of it
    is in the filter: it is paid whole, so the amount paid is the sum of the
    filter's open items. An invoice in installments, one overdue and one not
    yet due, is not paid under "Overdue" (as Odoo's "Pay overdue")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        # 300 overdue (due 20 days ago), 700 due in 70 days
        cls.half_overdue = cls._installments(today - timedelta(days=20), 90)
        # 300 and 700, both overdue
        cls.all_overdue = cls._installments(today - timedelta(days=40), 10)
        cls.overdue = cls._invoice(
            cls.alpha, 250.0, today - timedelta(days=30), due=today - timedelta(days=5)
        )

    @classmethod
    def _installments(cls, date, days_of_second):
        """A posted invoice of 1,000.00 dated ``date``: 30% due that day, 70%
        ``days_of_second`` days later."""
        return cls._invoice_in_terms(
            date,
            f"30% now, 70% in {days_of_second} days",
            [("percent", 30, 0), ("percent", 70, days_of_second)],
        )

    @classmethod
    def _invoice_in_terms(cls, date, name, terms):
        """A posted invoice of 1,000.00 to alpha dated ``date``, on a payment
        term ``name`` of ``terms`` (``(value, value_amount, nb_days)``)."""
        term = cls.env["account.payment.term"].create(
            {
                "name": name,
                "line_ids": [
                    Command.create(
                        {"value": value, "value_amount": amount, "nb_days": days}
                    )
                    for value, amount, days in terms
                ],
            }
        )
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.alpha.id,
                "invoice_date": date,
                "invoice_payment_term_id": term.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _route_ids(self, page):
        return {int(i) for i in ROUTE.search(page).group(1).split("-")}

    @staticmethod
    def _open_items(invoices):
        return invoices.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
            and not line.reconciled
        )

    def test_pay_all_overdue_leaves_an_invoice_not_wholly_overdue(self):
        self.authenticate("cz_alpha", "cz_alpha")
        outstanding = self.url_open("/my/outstanding?filterby=overdue").text
        # its overdue installment is listed, but "Pay all" does not count it
        self.assertIn(self.half_overdue.name, outstanding)
        self.assertIn("(2 invoices)", outstanding)
        page = self.url_open(SELECT_OVERDUE)
        self.assertEqual(page.status_code, 200)
        paid = self.all_overdue | self.overdue
        self.assertEqual(self._route_ids(page.text), set(paid.ids))
        self.assertNotIn(self.half_overdue.name, page.text)
        self.assertIn("1,250.00", page.text)

        tx = self._new_transaction(
            ROUTE.search(page.text).group(0), self._demo_payment_values(1.0)
        )
        # the books: the sum of the filter's open items of those invoices
        today = fields.Date.today()
        overdue_items = self._open_items(paid).filtered(
            lambda line: line.date_maturity < today
        )
        self.assertEqual(overdue_items, self._open_items(paid))
        self.assertEqual(tx.amount, sum(overdue_items.mapped("amount_residual")))
        self.assertEqual(tx.amount, 1250.0)
        self.assertEqual(tx.invoice_ids, paid)
        self._confirm(tx)
        self.assertEqual(tx.payment_id.amount, 1250.0)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, paid)
        self.assertEqual(set(paid.mapped("amount_residual")), {0.0})
        self.assertEqual(self.half_overdue.payment_state, "not_paid")
        self.assertEqual(self.half_overdue.amount_residual, 1000.0)
        # left overdue: its installment, which "Pay all" still leaves out
        outstanding = self.url_open("/my/outstanding?filterby=overdue").text
        self.assertIn(self.half_overdue.name, outstanding)
        self.assertNotIn("o_customer_zone_pay_all", outstanding)
        self._assert_redirect(self._get(SELECT_OVERDUE), "/my/outstanding?error=none")

    def test_an_instalment_of_another_payer_keeps_the_invoice_out(self):
        """An accountant gave one instalment to another payer (a posted
        item's partner may be changed): the invoice's open items are not all
        the customer's, so no "Pay all" takes it; it would pay the other
        payer's instalment too."""
        instalment = self._open_items(self.all_overdue).sorted("date_maturity")[1]
        instalment.partner_id = self.beta
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(SELECT_OVERDUE)
        self.assertEqual(self._route_ids(page.text), set(self.overdue.ids))
        page = self.url_open("/my/outstanding/pay?select=all&filterby=all")
        taken = self.half_overdue | self.overdue
        self.assertEqual(self._route_ids(page.text), set(taken.ids))
        tx = self._new_transaction(
            ROUTE.search(page.text).group(0), self._demo_payment_values(1.0)
        )
        self.assertEqual(tx.amount, 1250.0)
        self.assertEqual(tx.invoice_ids, taken)
        self._confirm(tx)
        self.assertEqual(instalment.amount_residual, 700.0, "the other payer's")
        self.assertEqual(self.all_overdue.amount_residual, 1000.0)

    def _summary_buttons(self):
        """The amounts of "Pay overdue" and "Pay all due" on the account
        summary (None for a button not shown)."""
        page = self.url_open("/my/home").text
        amounts = []
        for css_class in ("o_customer_zone_pay_overdue", "o_customer_zone_pay_all_due"):
            found = re.search(rf"<a\b[^>]*\b{css_class}\b[^>]*>(.*?)</a>", page, re.S)
            amounts.append(
                found and re.search(r"[0-9][0-9,]*\.[0-9]{2}", found.group(1)).group(0)
            )
        return tuple(amounts)

    def test_the_summary_buttons_take_invoices_by_the_same_rule(self):
        """The summary's two buttons come from one pass over the open items
        (the overdue ones among them): an invoice counts where all its open
        items are, as on the pay page."""
        self.authenticate("cz_alpha", "cz_alpha")
        # overdue: wholly overdue invoices only; all due: the three
        self.assertEqual(self._summary_buttons(), ("1,250.00", "2,250.00"))
        # an instalment given to another payer takes its invoice out of both
        instalment = self._open_items(self.all_overdue).sorted("date_maturity")[1]
        instalment.partner_id = self.beta
        self.assertEqual(self._summary_buttons(), ("250.00", "1,250.00"))
        page = self.url_open(SELECT_OVERDUE)
        self.assertEqual(self._route_ids(page.text), set(self.overdue.ids))
        self.assertIn("250.00", page.text)

    def test_instalments_that_net_out_of_the_filter_keep_the_invoice_out(self):
        """Odoo's last instalment is the balance, which may be negative
        (1,000 fixed now, then 50% in 30 days: +1,000, +500, -500). The
        overdue item alone carries the invoice's open amount, but the items
        outside "Overdue" are open: the invoice is not wholly overdue."""
        move = self._invoice_in_terms(
            fields.Date.today() - timedelta(days=10),
            "1,000 now, 50% in 30 days, the balance in 60",
            [("fixed", 1000, 0), ("percent", 50, 30), ("percent", 50, 60)],
        )
        self.assertEqual(
            sorted(self._open_items(move).mapped("amount_residual")),
            [-500.0, 500.0, 1000.0],
        )
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._summary_buttons(), ("1,250.00", "3,250.00"))
        page = self.url_open(SELECT_OVERDUE)
        self.assertEqual(
            self._route_ids(page.text), set((self.all_overdue | self.overdue).ids)
        )
        page = self.url_open("/my/outstanding/pay?select=all&filterby=all")
        every = self.half_overdue | self.all_overdue | self.overdue | move
        self.assertEqual(self._route_ids(page.text), set(every.ids))
        self.assertIn("3,250.00", page.text)

    def test_an_invoice_in_another_currency_partly_paid_is_whole(self):
        """A partly paid invoice in another currency: its open item's
        residual in both currencies is the invoice's, so "select all" takes
        it (compared in the invoice's currency as in the company's)."""
        today = fields.Date.today()
        foreign = self._invoice(
            self.alpha,
            400.0,
            today - timedelta(days=30),
            currency=self.other_currency,
            due=today - timedelta(days=10),
        )
        self._register_payment(foreign, 150.0, today - timedelta(days=5))
        self.assertEqual(foreign.payment_state, "partial")
        self.authenticate("cz_alpha", "cz_alpha")
        outstanding = self.url_open("/my/outstanding?filterby=overdue").text
        # the two wholly overdue invoices and this one
        self.assertIn("(3 invoices)", outstanding)
        count = self.env["account.move"]._customer_zone_payable_count(
            self.alpha,
            self.company,
            self.alpha._customer_zone_open_items_domain(self.company),
        )
        self.assertEqual(count, 4, "the three of the fixture and this one")

    def test_pay_all_of_all_pays_it_whole(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertIn("(3 invoices)", self.url_open("/my/outstanding").text)
        page = self.url_open("/my/outstanding/pay?select=all&filterby=all")
        every = self.half_overdue | self.all_overdue | self.overdue
        self.assertEqual(self._route_ids(page.text), set(every.ids))
        self.assertIn("2,250.00", page.text)
        tx = self._new_transaction(
            ROUTE.search(page.text).group(0), self._demo_payment_values(1.0)
        )
        self.assertEqual(tx.amount, 2250.0)
        self._confirm(tx)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, every)
        self.assertEqual(set(every.mapped("amount_residual")), {0.0})
