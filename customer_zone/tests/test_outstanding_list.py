from lxml import html

from odoo import fields
from odoo.tests import tagged

from .bulk import bulk_invoices
from .common import CustomerZoneHttpCommon

# Alpha's open items: 40 overdue invoices (1..40, due 2..41 days ago), 28 due
# within 30 days (101..128, due in 2..29 days), 15 due later (201..215, in
# 40..54 days), and two credits: a credit note (50) and a payment on account
# (20). 85 items: two pages of 80.
OVERDUE = list(range(1, 41))
DUE_SOON = list(range(101, 129))
LATER = list(range(201, 216))
DUE = sum(OVERDUE) + sum(DUE_SOON) + sum(LATER)  # 7,146.00


@tagged("post_install", "-at_install")
class TestOutstandingList(CustomerZoneHttpCommon):
    """/my/outstanding: paged, sorted, filtered; the totals cover every open
    item whatever the page; only the customer's own items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.overdue = bulk_invoices(
            env, cls.alpha, OVERDUE, [-(index + 2) for index in range(40)]
        )
        cls.due_soon = bulk_invoices(
            env, cls.alpha, DUE_SOON, [index + 2 for index in range(28)]
        )
        cls.later = bulk_invoices(
            env, cls.alpha, LATER, [index + 40 for index in range(15)]
        )
        today = fields.Date.today()
        cls.credit_note = cls._invoice(cls.alpha, 50.0, today, move_type="out_refund")
        cls.on_account = cls._payment_on_account(cls.alpha, 20.0, today)
        cls.foreign = cls._invoice(cls.beta, 999.0, "2026-01-10")

    @staticmethod
    def _rows(page):
        """The document numbers of the table's rows, in order."""
        tree = html.fromstring(page)
        cells = tree.xpath(
            "//tr[contains(@class, 'o_customer_zone_outstanding_line')]"
            "/td[@name='document']"
        )
        return [cell.text_content().split()[0] for cell in cells]

    @staticmethod
    def _total_row(page):
        tree = html.fromstring(page)
        (row,) = tree.xpath(
            "//tr[contains(@class, 'o_customer_zone_outstanding_total')]"
        )
        return " ".join(row.text_content().split())

    def _open(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def test_pages_show_every_open_item_once_with_the_totals_of_all(self):
        self.authenticate("cz_alpha", "cz_alpha")
        first = self._open("/my/outstanding")
        second = self._open("/my/outstanding/page/2?sortby=date_due&filterby=all")
        rows = self._rows(first) + self._rows(second)
        expected = (
            self.overdue | self.due_soon | self.later | self.credit_note
        ).mapped("name") + [self.on_account.move_id.name]
        self.assertEqual(len(self._rows(first)), 80, "a page of 80")
        self.assertEqual(sorted(rows), sorted(expected), "each item once")
        # oldest due first: the invoice due 41 days ago
        self.assertEqual(rows[0], self.overdue[-1].name)
        self.assertIn('href="/my/outstanding/page/2?', first, "the pager")
        for page in (first, second):
            total = self._total_row(page)
            self.assertIn(f"{DUE - 70:,.2f}", total, "balance: due less credits")
            self.assertIn("Overdue:", total)
            self.assertIn(f"{sum(OVERDUE):,.2f}", total)
            self.assertIn("(all open items)", total)
            self.assertNotIn(self.foreign.name, page)

    def test_sortings(self):
        self.authenticate("cz_alpha", "cz_alpha")
        by_amount = self._rows(self._open("/my/outstanding?sortby=amount"))
        self.assertEqual(by_amount[0], self.later[-1].name, "215.00, the largest")
        by_name = self._rows(self._open("/my/outstanding?sortby=name"))
        self.assertEqual(by_name, sorted(by_name, reverse=True))
        by_date = self._rows(self._open("/my/outstanding?sortby=date"))
        # dated today: the later invoices, the credit note, the payment
        self.assertIn(self.credit_note.name, by_date[:17])

    def test_filters(self):
        self.authenticate("cz_alpha", "cz_alpha")
        expectations = {
            "overdue": self.overdue.mapped("name"),
            "due_30": self.due_soon.mapped("name"),
            "credits": [self.credit_note.name, self.on_account.move_id.name],
        }
        for key, names in expectations.items():
            with self.subTest(filterby=key):
                page = self._open(f"/my/outstanding?filterby={key}")
                self.assertEqual(sorted(self._rows(page)), sorted(names))
                # the account's totals, not the filter's
                self.assertIn(f"{DUE - 70:,.2f}", self._total_row(page))
        # a filter and a sort together, kept by the pager and the searchbar
        page = self._open("/my/outstanding?filterby=overdue&sortby=amount")
        self.assertEqual(self._rows(page)[0], self.overdue[-1].name, "40.00")
        self.assertIn("filterby=overdue", page)

    def test_unknown_keys_get_a_message(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._open("/my/outstanding?sortby=nope&filterby=%3Cb%3Ex")
        self.assertIn("“nope” is not an option here; it was ignored.", page)
        self.assertIn("“&lt;b&gt;x” is not an option here", page, "escaped")
        self.assertEqual(len(self._rows(page)), 80, "the defaults: all, due date")
        for url in (
            "/my/outstanding?page=abc",
            "/my/outstanding/page/999",
            "/my/outstanding?filterby=overdue&filterby=credits",
        ):
            with self.subTest(url=url):
                self.assertTrue(self._rows(self._open(url)))
        # no item matches: a message, and the account's totals stay
        self.credit_note.button_draft()
        self.on_account.action_draft()
        page = self._open("/my/outstanding?filterby=credits")
        self.assertIn("No open item matches this filter.", page)
        self.assertEqual(self._rows(page), [])

    def test_only_the_customers_own_items(self):
        self.authenticate("cz_beta", "cz_beta")
        for key in ("all", "overdue", "due_30", "credits"):
            with self.subTest(filterby=key):
                page = self._open(f"/my/outstanding?filterby={key}")
                # Beta's one invoice is overdue
                mine = [self.foreign.name] if key in ("all", "overdue") else []
                self.assertEqual(self._rows(page), mine)
                self.assertNotIn(self.overdue[0].name, page)
        self.authenticate(None, None)
        response = self._get("/my/outstanding?filterby=overdue")
        self._assert_redirect(response, "/web/login")
