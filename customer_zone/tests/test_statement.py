import re

from odoo import Command
from odoo.tests import tagged

from .common import CustomerZoneCommon, CustomerZoneHttpCommon

# a whole period, as the page is asked for it
PERIOD = "date_from=2020-01-01&date_to=2026-12-31"


@tagged("post_install", "-at_install")
class TestStatement(CustomerZoneCommon):
    """The statement's figures equal the ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls._date
        cls.inv1 = cls._invoice(cls.alpha, 1000, d("2026-01-05"), due=d("2026-02-04"))
        cls.inv2 = cls._invoice(cls.alpha, 500, d("2026-02-10"), due=d("2026-03-12"))
        cls._register_payment(cls.inv1, 400, d("2026-02-20"))  # partial
        cls.refund = cls._invoice(cls.alpha, 120, d("2026-03-01"), "out_refund")
        cls._register_payment(cls.refund, 120, d("2026-03-05"))  # paid back: a refund
        cls.credit = cls._invoice(cls.alpha, 80, d("2026-03-10"), "out_refund")
        cls._payment_on_account(cls.alpha, 50, d("2026-03-15"))
        cls.inv_eur = cls._invoice(
            cls.alpha, 300, d("2026-02-01"), currency=cls.other_currency
        )
        cls._register_payment(cls.inv_eur, 100, d("2026-03-20"))
        cls.inv_beta = cls._invoice(cls.beta, 999, d("2026-02-01"))

    def _statements(self, date_from, date_to, partner=None):
        return {
            s["currency"]: s
            for s in self.env["customer.zone.statement"]._get_statements(
                partner or self.alpha, self._date(date_from), self._date(date_to)
            )
        }

    def _ledger(self, date_to, currency, partner=None):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", (partner or self.alpha).id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("date", "<=", date_to),
                ("currency_id", "=", currency.id),
            ]
        )
        return sum(lines.mapped("amount_currency"))

    def test_closing_balance_equals_ledger_per_currency(self):
        statements = self._statements("2026-01-01", "2026-03-31")
        self.assertEqual(set(statements), {self.currency, self.other_currency})
        main = statements[self.currency]
        # 1000 + 500 - 400 - 120 + 120 - 80 - 50
        self.assertAlmostEqual(main["closing"], 970.0)
        self.assertAlmostEqual(
            main["closing"], self._ledger("2026-03-31", self.currency)
        )
        self.assertAlmostEqual(main["opening"], 0.0)
        other = statements[self.other_currency]
        self.assertAlmostEqual(other["closing"], 200.0)
        self.assertAlmostEqual(
            other["closing"], self._ledger("2026-03-31", self.other_currency)
        )

    def test_running_balance_and_kinds(self):
        main = self._statements("2026-01-01", "2026-03-31")[self.currency]
        running = main["opening"]
        for line in main["lines"]:
            running += line["amount"]
            self.assertAlmostEqual(line["balance"], running)
        self.assertAlmostEqual(main["lines"][-1]["balance"], main["closing"])
        kinds = [line["kind"] for line in main["lines"]]
        self.assertEqual(
            kinds,
            [
                "Invoice",
                "Invoice",
                "Payment",
                "Credit note",
                "Refund",
                "Credit note",
                "Payment",
            ],
        )
        dates = [line["date"] for line in main["lines"]]
        self.assertEqual(dates, sorted(dates))

    def test_consecutive_periods_chain(self):
        first = self._statements("2026-01-01", "2026-02-14")[self.currency]
        second = self._statements("2026-02-15", "2026-03-31")[self.currency]
        self.assertAlmostEqual(first["closing"], 1500.0)
        self.assertAlmostEqual(second["opening"], first["closing"])
        self.assertAlmostEqual(second["closing"], 970.0)
        self.assertAlmostEqual(
            first["closing"], self._ledger("2026-02-14", self.currency)
        )

    def test_aging_adds_up_and_ignores_later_payments(self):
        # at 2026-02-14 nothing was paid yet: inv1 is 10 days overdue, inv2 current
        early = self._statements("2026-01-01", "2026-02-14")[self.currency]["aging"]
        self.assertAlmostEqual(early["1_30"], 1000.0)
        self.assertAlmostEqual(early["current"], 500.0)
        self.assertAlmostEqual(sum(early.values()), 1500.0)
        late = self._statements("2026-01-01", "2026-05-15")[self.currency]
        aging = late["aging"]
        self.assertAlmostEqual(sum(aging.values()), late["closing"])
        # inv1's 600 left is 100 days overdue; inv2's 500 is 64 days overdue
        self.assertAlmostEqual(aging["over_90"], 600.0)
        self.assertAlmostEqual(aging["61_90"], 500.0 - 80.0 - 50.0)

    def test_other_customer_lines_never_appear(self):
        statements = self._statements("2026-01-01", "2026-03-31")
        names = {line["move_name"] for s in statements.values() for line in s["lines"]}
        self.assertNotIn(self.inv_beta.name, names)
        beta = self._statements("2026-01-01", "2026-03-31", self.beta)[self.currency]
        self.assertAlmostEqual(beta["closing"], 999.0)

    def test_contact_invoices_count_for_the_company(self):
        self._invoice(self.alpha_buyer, 25, self._date("2026-03-30"))
        main = self._statements("2026-01-01", "2026-03-31")[self.currency]
        self.assertAlmostEqual(main["closing"], 995.0)

    def test_printed_report(self):
        # Odoo's test mode renders reports as HTML (wkhtmltopdf would call back
        # into the server, which the test's cursor blocks): assert that HTML.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_zone.action_report_statement",
                self.alpha.ids,
                data={"date_from": "2026-01-01", "date_to": "2026-03-31"},
            )[0]
            .decode()
        )
        self.assertIn("Statement of account", html)
        self.assertIn("970.00", html)
        self.assertIn("200.00", html, "the second currency's closing balance")
        self.assertNotIn(self.inv_beta.name, html)

    def test_internal_reference_of_a_miscellaneous_entry_stays_internal(self):
        receivable = self.inv1.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).account_id
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1
        )
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": "2026-03-25",
                "ref": "Write-off: customer is slow, do not chase",
                "line_ids": [
                    Command.create(
                        {"account_id": receivable.id, "partner_id": self.alpha.id,
                         "credit": 5.0}
                    ),
                    Command.create(
                        {"account_id": self.inv1.invoice_line_ids.account_id.id,
                         "debit": 5.0}
                    ),
                ],
            }
        )  # fmt: skip
        entry.action_post()
        main = self._statements("2026-03-01", "2026-03-31")[self.currency]
        line = next(line for line in main["lines"] if line["move_id"] == entry.id)
        self.assertFalse(line["ref"])
        self.assertAlmostEqual(line["amount"], -5.0)

    # ------------------------------------------------------------------
    # paging (the portal page): the same ledger, a page at a time
    # ------------------------------------------------------------------
    def _pages(self, date_from, date_to, limit):
        """Every page of the statement, ``limit`` lines a page."""
        Statement = self.env["customer.zone.statement"]
        first = Statement._get_statement_page(
            self.alpha, self._date(date_from), self._date(date_to), 1, limit
        )
        return [first] + [
            Statement._get_statement_page(
                self.alpha, self._date(date_from), self._date(date_to), page, limit
            )
            for page in range(2, first["page_count"] + 1)
        ]

    def test_pages_chain_exactly_to_the_whole_statement(self):
        whole = self._statements("2026-01-01", "2026-03-31")
        # 7 lines in the main currency, 2 in the other: page sizes that cut a
        # statement anywhere, one that cuts between currencies, one page
        for limit in (1, 2, 4, 7, 9, 100):
            pages = self._pages("2026-01-01", "2026-03-31", limit)
            with self.subTest(limit=limit):
                self.assertEqual(len(pages), -(-9 // limit))
                carried = {}  # currency: carried forward at the previous page
                lines = {currency: [] for currency in whole}
                for number, page in enumerate(pages, start=1):
                    self.assertEqual(page["page"], number)
                    self.assertEqual(page["total"], 9)
                    self.assertLessEqual(
                        sum(len(s["lines"]) for s in page["statements"]), limit
                    )
                    for statement in page["statements"]:
                        currency = statement["currency"]
                        if statement["starts"]:
                            self.assertNotIn(currency, carried)
                            self.assertEqual(
                                statement["brought_forward"], whole[currency]["opening"]
                            )
                        else:
                            self.assertEqual(
                                statement["brought_forward"], carried[currency]
                            )
                        carried[currency] = statement["carried_forward"]
                        lines[currency] += statement["lines"]
                        self.assertEqual(
                            statement["ends"],
                            lines[currency] == whole[currency]["lines"],
                        )
                for currency, statement in whole.items():
                    # the last page's closing is the ledger's
                    self.assertEqual(carried[currency], statement["closing"])
                    self.assertEqual(
                        carried[currency], self._ledger("2026-03-31", currency)
                    )
                    self.assertEqual(
                        [(line["id"], line["balance"]) for line in lines[currency]],
                        [(line["id"], line["balance"]) for line in statement["lines"]],
                    )  # fmt: skip

    def test_first_middle_last_and_out_of_range_page(self):
        Statement = self.env["customer.zone.statement"]

        def page(number):
            return Statement._get_statement_page(
                self.alpha,
                self._date("2026-01-01"),
                self._date("2026-03-31"),
                number,
                3,
            )

        # 9 lines, 3 a page: whichever currency comes first, the middle page
        # holds three main-currency lines, neither its first nor its last
        first, middle, last = page(1), page(2), page(3)
        self.assertEqual(first["page_count"], 3)
        self.assertTrue(all(s["starts"] for s in first["statements"]))
        self.assertFalse(all(s["ends"] for s in first["statements"]))
        [statement] = middle["statements"]
        self.assertEqual(statement["currency"], self.currency)
        self.assertEqual(len(statement["lines"]), 3)
        self.assertFalse(statement["starts"] or statement["ends"])
        previous = next(
            s for s in first["statements"] if s["currency"] == self.currency
        )
        self.assertEqual(statement["brought_forward"], previous["carried_forward"])
        self.assertTrue(all(s["ends"] for s in last["statements"]))
        self.assertFalse(all(s["starts"] for s in last["statements"]))
        # the summary is the same on every page: the ledger's
        for paged in (first, middle, last):
            summary = {s["currency"]: s for s in paged["summary"]}
            self.assertEqual(
                summary[self.currency]["closing"],
                self._ledger("2026-03-31", self.currency),
            )
            self.assertEqual(summary[self.other_currency]["count"], 2)
        # beyond the last page (or before the first): the nearest page
        for number, expected in ((4, last), (10**6, last), (0, first), (-3, first)):
            with self.subTest(page=number):
                clamped = page(number)
                self.assertEqual(clamped["page"], expected["page"])
                self.assertEqual(
                    [line["id"] for s in clamped["statements"] for line in s["lines"]],
                    [line["id"] for s in expected["statements"] for line in s["lines"]],
                )  # fmt: skip

    def test_a_currency_without_lines_in_the_period_is_on_the_last_page(self):
        # 2026-03-16..31: the other currency has its payment (03-20), the main
        # one only its opening balance
        pages = self._pages("2026-03-16", "2026-03-31", 1)
        self.assertEqual(len(pages), 1)
        statements = {s["currency"]: s for s in pages[0]["statements"]}
        self.assertEqual(set(statements), {self.currency, self.other_currency})
        main = statements[self.currency]
        self.assertFalse(main["lines"])
        self.assertTrue(main["starts"] and main["ends"])
        self.assertAlmostEqual(main["opening"], 970.0)
        self.assertAlmostEqual(main["closing"], 970.0)
        # nothing at all in the period: one (empty) page with both openings
        empty = self._pages("2026-03-21", "2026-03-31", 5)
        self.assertEqual((len(empty), empty[0]["total"]), (1, 0))
        self.assertEqual(len(empty[0]["statements"]), 2)


@tagged("post_install", "-at_install")
class TestStatementPages(CustomerZoneHttpCommon):
    """/my/statement a page at a time: 100 lines a page, each page bringing
    forward what the previous one carried forward, as many queries and a
    bounded size whatever the number of lines; the print view keeps the
    whole period. Beta has 10 lines, Alpha 2,005 (21 pages)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for partner in (cls.alpha, cls.beta):
            invoices = cls._bulk_invoices(partner, 8, "2026-01")
            cls._register_payment(invoices[0], 10, cls._date("2026-02-01"))
            cls._payment_on_account(partner, 5, cls._date("2026-02-02"))
        cls.beta_invoice = invoices[1]
        # about 2,000 lines more for Alpha: invoices of 2025, a few payments
        invoices = cls._bulk_invoices(cls.alpha, 1990, "2025-06")
        for invoice in invoices[:5]:
            cls._register_payment(invoice, 3, cls._date("2025-07-01"))

    @classmethod
    def _bulk_invoices(cls, partner, count, month):
        """``count`` posted invoices of one line each in ``month``
        ("YYYY-MM"), created and posted in one go."""
        line = {"product_id": cls.product.id, "quantity": 1}
        line["tax_ids"] = [Command.clear()]
        moves = cls.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": f"{month}-{1 + index % 28:02d}",
                    "invoice_line_ids": [
                        Command.create(dict(line, price_unit=10 + index % 7))
                    ],
                }
                for index in range(count)
            ]
        )
        moves.action_post()
        return moves

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")

    def _page(self, url):
        """The page's HTML, its white space collapsed (as a browser shows it)."""
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return " ".join(response.text.split())

    @staticmethod
    def _row_amount(html, row_class):
        """The balance cell of the row ``row_class`` (one currency shown)."""
        match = re.search(
            rf'<tr class="fw-bold {row_class}">.*?'
            r'<td class="text-end[^"]*"[^>]*>(.*?)</td>',
            html,
        )
        return match and match.group(1).strip()

    def test_one_page_is_the_whole_statement(self):
        self.authenticate("cz_beta", "cz_beta")
        html = self._page(f"/my/statement?{PERIOD}")
        self.assertIn("o_customer_zone_opening", html)
        self.assertIn("o_customer_zone_closing", html)
        self.assertIn("o_customer_zone_aging", html)
        self.assertNotIn("Brought forward", html)
        self.assertNotIn("o_portal_pager", html)
        self.assertEqual(html.count("<tr>"), 10 + 3, "lines, headers, aging")

    def test_pages_carry_the_balance_forward_to_the_ledger(self):
        first = self._page(f"/my/statement?{PERIOD}")
        self.assertIn("Transactions 1–100 of 2005, page 1 of 21", first)
        self.assertIn("o_customer_zone_opening", first)
        self.assertNotIn("o_customer_zone_closing", first)
        self.assertNotIn("o_customer_zone_aging", first, "aging: last page")
        self.assertIn(f"/my/statement/page/2?{PERIOD}".replace("&", "&amp;"), first)
        self.assertEqual(first.count("<tr>"), 100 + 1, "the lines and the header")
        previous = first
        for number in (2, 3, 20, 21):
            html = self._page(f"/my/statement/page/{number}?{PERIOD}")
            with self.subTest(page=number):
                if number != 20:  # follows the page read before
                    self.assertEqual(
                        self._row_amount(html, "o_customer_zone_brought_forward"),
                        self._row_amount(previous, "o_customer_zone_carried_forward"),
                    )  # fmt: skip
                self.assertNotIn("o_customer_zone_opening", html)
                self.assertIn(f"page {number} of 21", html)
            previous = html
        # the last page: 5 lines, the closing and the aging; the query
        # string's page is read too
        by_query = self._page(f"/my/statement?{PERIOD}&page=21")
        start = previous.index("o_customer_zone_period")  # after the CSRF token
        self.assertEqual(previous[start:], by_query[start:])
        self.assertIn("Transactions 2001–2005 of 2005", previous)
        self.assertIn("o_customer_zone_aging", previous)
        self.assertNotIn("o_customer_zone_carried_forward", previous)
        closing = self._row_amount(previous, "o_customer_zone_closing")
        summary = re.search(r'o_customer_zone_summary_closing"[^>]*>(.*?)</dd>', first)
        self.assertEqual(closing, summary.group(1), "summary = last page's closing")
        ledger = self.env["customer.zone.statement"]._get_statements(
            self.alpha, self._date("2020-01-01"), self._date("2026-12-31")
        )[0]["closing"]
        self.assertIn(f">{ledger:,.2f}<", closing)

    def test_out_of_range_and_malformed_pages(self):
        for page in ("22", "1000000000", "99999999999999999999"):
            with self.subTest(page=page):
                html = self._page(f"/my/statement/page/{page}?{PERIOD}")
                self.assertIn("showing its last page, page 21.", html)
                self.assertIn("page 21 of 21", html)
                self.assertIn("o_customer_zone_closing", html)
        for page in ("0", "-2", "abc", "1e3", "²", "1.5", "%00", "", "2%20", "22"):
            with self.subTest(page=page):
                html = self._page(f"/my/statement?{PERIOD}&page={page}")
                expected = "page 21 of 21" if page == "22" else "page 1 of 21"
                self.assertIn(expected, html)

    def test_print_view_shows_the_whole_period(self):
        html = self._page(f"/my/statement?{PERIOD}&print_view=1&page=3")
        self.assertIn("o_customer_zone_opening", html)
        self.assertIn("o_customer_zone_closing", html)
        self.assertNotIn("Brought forward", html)
        self.assertNotIn("o_portal_pager", html)
        self.assertEqual(html.count("<tr>"), 2005 + 3, "lines, headers, aging")

    def test_other_customer_and_public(self):
        self.authenticate("cz_beta", "cz_beta")
        html = self._page(f"/my/statement/page/2?{PERIOD}")
        self.assertIn(self.beta_invoice.name, html, "beta's single page")
        self.assertIn("The statement has no page 2", html)
        self.assertNotIn("INV/2025", html)
        self.authenticate(None, None)
        self._assert_redirect(self._get(f"/my/statement/page/2?{PERIOD}"), "/web/login")

    def test_query_count_and_size_do_not_grow_with_the_lines(self):
        """Beta's page (10 lines) and Alpha's first and middle pages (2,005
        lines) run the same queries; a page stays under 500 KB."""
        pages = [
            ("cz_beta", f"/my/statement?{PERIOD}"),
            ("cz_alpha", f"/my/statement?{PERIOD}"),
            ("cz_alpha", f"/my/statement/page/11?{PERIOD}"),
        ]
        counts = []
        for login, url in pages:
            self.authenticate(login, login)
            self.url_open(url)  # compile the templates, warm the user's caches
            counts.append(self._page_query_count(url))
            with self.assertQueryCount(counts[0]):
                response = self.url_open(url)
            self.assertLess(len(response.content), 500_000)
        self.assertEqual(counts, [counts[0]] * 3)
