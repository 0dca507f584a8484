import logging

from odoo.tests import tagged

from .common import CustomerZonePurchaseCommon

_logger = logging.getLogger(__name__)
PAGES = ("/my/rfq", "/my/purchase")
# the most queries a visit may run (about half as much again as measured)
CEILING = 40


@tagged("post_install", "-at_install")
class TestPurchaseQueryCount(CustomerZonePurchaseCommon):
    """/my/rfq and /my/purchase run as many queries with 20 orders as with
    2, on the first visit (orders that never had a link) as on later ones,
    and a visit writes no access token."""

    TOKEN_TABLES = ("purchase_order",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_orders(1)

    @classmethod
    def _add_orders(cls, count):
        for _index in range(count):
            cls._purchase_order(cls.alpha, "sent")
            cls._purchase_order(cls.alpha, "purchase")

    def test_lists_run_a_constant_number_of_queries(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._first_and_later(PAGES)  # warm-up: caches and the session
        few = self._first_and_later(PAGES)
        self._add_orders(9)
        many = self._first_and_later(PAGES)
        page = self.url_open("/my/rfq").text
        self.assertEqual(page.count('href="/my/purchase/'), 10, "ten requests listed")
        for url in PAGES:
            _logger.info(
                "%s: queries (first, later) %s at 2 orders, %s at 20",
                url,
                few[url],
                many[url],
            )
            with self.subTest(url=url):
                self.assertEqual(few[url], many[url], "2 and 20 orders")
                self.assertEqual(many[url][0], many[url][1], "first visit and later")
                self.assertLessEqual(many[url][0], CEILING)

    def test_order_page_writes_no_token(self):
        warm_up, order = (self._purchase_order(self.alpha, "purchase") for _i in "12")
        self.authenticate("cz_alpha", "cz_alpha")
        self._page_query_count(f"/my/purchase/{warm_up.id}")  # the template
        self._forget_tokens()
        first = self._page_query_count(f"/my/purchase/{order.id}")
        self.assertEqual(self._tokens(), 0)
        later = self._page_query_count(f"/my/purchase/{order.id}")
        _logger.info(
            "order page: queries %s on the first visit, %s later", first, later
        )
        self.assertEqual(first, later)
