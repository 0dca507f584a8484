from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CustomerZoneFixtures

PAGES = (
    "/my/home",
    "/my/invoices",
    "/my/credit_notes",
    "/my/payments",
    "/my/statement?date_from=2020-01-01&date_to=2026-12-31",
    "/my/outstanding",
    "/my/quotes",
)


@tagged("post_install", "-at_install")
class TestPortalQueryCount(CustomerZoneFixtures, HttpCase):
    """Each zone page runs as many queries with 200 documents as with 10."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()
        cls._add_documents(10)

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

    def _queries(self, url):
        self.url_open(url)  # warm the caches (routing, assets, tokens)
        self.env.flush_all()
        before = self.cr.sql_log_count
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_documents(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with_ten = {url: self._queries(url) for url in PAGES}
        self._add_documents(190)
        for url in PAGES:
            with self.subTest(url=url):
                self.url_open(url)  # warm: tokens of the new documents
                with self.assertQueryCount(with_ten[url]):
                    response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
