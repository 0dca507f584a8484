import logging

from odoo import Command
from odoo.tests import tagged

from .common import CustomerZoneHttpCommon

_logger = logging.getLogger(__name__)

# Each page, and the most queries a visit may run. Generous ceilings (about
# half as much again as the zone and its bridges ran when they were set):
# the relative assertions prove the count is constant, these catch a change
# that adds a fixed batch of queries to every visit.
PAGES = {
    "/my/home": 60,
    "/my/invoices": 40,
    "/my/credit_notes": 25,
    "/my/payments": 35,
    "/my/statement?date_from=2020-01-01&date_to=2026-12-31": 15,
    "/my/outstanding": 20,
    "/my/quotes": 30,
    "/my/orders": 30,
}


@tagged("post_install", "-at_install")
class TestPortalQueryCount(CustomerZoneHttpCommon):
    """Each zone page runs as many queries with 60 documents as with 3, on the
    first visit (documents that never had a link) as on later ones, no more
    than its ceiling, and a visit writes no access token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_documents(3)

    @classmethod
    def _add_documents(cls, count):
        line = {"product_id": cls.product.id, "quantity": 1, "price_unit": 10}
        line["tax_ids"] = [Command.clear()]
        moves = cls.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": cls.alpha.id,
                    "invoice_date": f"2026-01-{1 + index % 28:02d}",
                    "invoice_line_ids": [Command.create(dict(line))],
                }
                for index in range(count)
                for move_type in ("out_invoice", "out_refund")
            ]
        )
        moves.action_post()
        invoices = moves.filtered(lambda move: move.move_type == "out_invoice")
        # half of the invoices paid, one payment each: /my/payments links them
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices[: count // 2 + 1].ids
        ).create(
            {"journal_id": cls.bank_journal.id, "group_payment": False}
        )._create_payments()
        payments = cls.env["account.payment"].create(
            [
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": cls.alpha.id,
                    "amount": 5,
                    "date": "2026-02-01",
                    "journal_id": cls.bank_journal.id,
                }
                for _index in range(count)
            ]
        )
        payments.action_post()
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": cls.alpha.id,
                    "order_line": [
                        Command.create({"product_id": cls.product.id, "price_unit": 9})
                    ],
                }
                for _index in range(count)
            ]
        )
        orders.action_quotation_sent()
        orders[: count // 2 + 1].action_confirm()

    def test_first_visit_costs_the_same_at_3_and_60_documents(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in PAGES:
            self.url_open(url)  # compile templates, warm routing and assets
        with_3 = self._first_and_later(PAGES)
        self._add_documents(57)
        with_60 = self._first_and_later(PAGES)
        for url in PAGES:
            _logger.info(
                "queries on %s: first visit %s (3 documents) %s (60 documents); "
                "later visit %s / %s",
                url, with_3[url][0], with_60[url][0], with_3[url][1], with_60[url][1],
            )  # fmt: skip
        for url in PAGES:
            with self.subTest(url=url):
                first_3, later_3 = with_3[url]
                first_60, later_60 = with_60[url]
                self.assertEqual(
                    first_3,
                    later_3 + self._first_visit_extra(url),
                    "first visit = later visit (the home: + its summary kept)",
                )
                self.assertEqual(first_60, first_3, "60 documents = 3 documents")
                self.assertEqual(later_60, later_3)
                self.assertLessEqual(first_60, PAGES[url], "the page's ceiling")
        with self.assertQueryCount(with_3["/my/invoices"][1]):
            self.url_open("/my/invoices")

    def test_pages_show_the_documents(self):
        self.authenticate("cz_alpha", "cz_alpha")
        invoice = self.env["account.move"].search(
            [("partner_id", "=", self.alpha.id), ("move_type", "=", "out_invoice")],
            limit=1,
        )
        page = self.url_open("/my/invoices").text
        self.assertIn(invoice.name, page)
        self.assertIn(f'href="/my/invoices/{invoice.id}"', page)
        self.assertNotIn("access_token", page, "the session opens them")
