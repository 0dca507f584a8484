import logging
import re

from odoo.tests import tagged

from odoo.addons.customer_zone.tests.bulk import bulk_invoices, installments_term

from ..const import MAX_SELECTED
from .common import CustomerZonePaymentHttpCommon

_logger = logging.getLogger(__name__)

# the list, sorted and filtered, the pay form and "Pay all" included
URLS = (
    "/my/outstanding",
    "/my/outstanding?filterby=overdue&sortby=amount",
    "/my/outstanding/page/2?sortby=date",
)
ROUTE = re.compile(r"/customer_zone/transaction/invoices/([0-9-]+)")


@tagged("post_install", "-at_install")
class TestOutstandingVolume(CustomerZonePaymentHttpCommon):
    """/my/outstanding runs as many queries at 10 open items as at 1,990,
    first visit or later, and writes no access token; "Pay all" takes up to
    MAX_SELECTED invoices and refuses more with a message."""

    TOKEN_TABLES = ("account_move",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 10 invoices: 5 overdue, 5 due within 30 days
        cls.first = bulk_invoices(
            cls.env, cls.alpha, [10.0] * 10, [-5, -4, -3, -2, -1, 5, 6, 7, 8, 9]
        )

    def _add_overdue(self):
        """Overdue invoices of 4 installments each, 1,980 open items: with
        the first 5, as many overdue invoices as may be paid at once."""
        count = MAX_SELECTED - 5
        return bulk_invoices(
            self.env,
            self.alpha,
            [10.0] * count,
            [-200 - index % 50 for index in range(count)],
            payment_term=installments_term(self.env, 4),
        )

    def test_queries_constant_from_10_to_1990_items_and_the_cap(self):
        self.authenticate("cz_alpha", "cz_alpha")
        transactions = self.env["payment.transaction"].search_count([])
        for url in URLS:
            self.url_open(url)  # compile the templates
        with_10 = self._first_and_later(URLS)
        overdue = self._add_overdue()
        lines = self.env["account.move.line"].search_count(
            [
                ("partner_id", "=", self.alpha.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
            ]
        )
        self.assertEqual(lines, 1990)
        with_2000 = self._first_and_later(URLS)
        for url in URLS:
            _logger.info(
                "queries on %s: %s at 10 open items, %s at 1,990",
                url, with_10[url], with_2000[url],
            )  # fmt: skip
            with self.subTest(url=url):
                self.assertEqual(with_2000[url], with_10[url])
                self.assertEqual(with_2000[url][0], with_2000[url][1])
        with self.assertQueryCount(with_10["/my/outstanding"][1]):
            self.url_open("/my/outstanding")

        # 505 payable invoices: more than one transaction pays
        page = self.url_open("/my/outstanding").text
        self.assertIn("505 invoices here may be paid online", " ".join(page.split()))
        self.assertNotIn('o_customer_zone_pay_all"', page)
        response = self._get("/my/outstanding/pay?select=all")
        self._assert_redirect(response, "/my/outstanding?error=too_many&filterby=all")
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("Too many invoices to pay at once (at most 500)", page)
        # the overdue ones: exactly as many as may be paid at once
        page = self.url_open("/my/outstanding?filterby=overdue").text
        self.assertIn("(500 invoices)", page)
        page = self.url_open("/my/outstanding/pay?select=all&filterby=overdue").text
        ids = {int(i) for i in ROUTE.search(page).group(1).split("-")}
        self.assertEqual(ids, set((overdue | self.first[:5]).ids))
        self.assertIn("5,000.00", page)
        self.assertEqual(self.env["payment.transaction"].search_count([]), transactions)
