import logging
from datetime import datetime

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerZoneStockCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestDeliveryListInput(CustomerZoneStockCommon):
    """Filters, sorts, periods, search and pages: bad input gets a message or
    is ignored, never a server error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.march = cls._delivery(
            cls.alpha, tracking="M-1", date=datetime(2026, 3, 15, 10, 0)
        )
        cls.april = cls._delivery(
            cls.alpha, tracking="A-1", date=datetime(2026, 4, 2, 10, 0)
        )
        cls.waiting = cls._delivery(cls.alpha, done=False)

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")

    def _names(self, url):
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        return {
            picking.name
            for picking in self.march | self.april | self.waiting
            if picking.name in response.text
        }, response.text

    def test_filters(self):
        every = {self.march.name, self.april.name, self.waiting.name}
        self.assertEqual(self._names("/my/deliveries")[0], every)
        done, _page = self._names("/my/deliveries?filterby=done")
        self.assertEqual(done, {self.march.name, self.april.name})
        waiting, _page = self._names("/my/deliveries?filterby=in_progress")
        self.assertEqual(waiting, {self.waiting.name})
        self.assertEqual(self._names("/my/deliveries?filterby=returns")[0], set())

    def test_period(self):
        shown, _page = self._names(
            "/my/deliveries?filterby=done&date_begin=2026-03-01&date_end=2026-03-31"
        )
        self.assertEqual(shown, {self.march.name})
        shown, _page = self._names(
            "/my/deliveries?date_begin=2026-04-02&date_end=2026-04-02"
        )
        self.assertEqual(shown, {self.april.name}, "the last day counts whole")

    def test_far_dates(self):
        """Years outside 1900-9998 are no period (the day after 9999-12-31
        is none): the message, and every delivery (the attack review's
        500)."""
        every = {self.march.name, self.april.name, self.waiting.name}
        for begin, end in (
            ("2020-01-01", "9999-12-31"),
            ("9999-12-31", "9999-12-31"),
            ("0001-01-01", "2026-12-31"),
            ("1899-12-31", "2026-12-31"),
        ):
            with self.subTest(begin=begin, end=end):
                shown, page = self._names(
                    f"/my/deliveries?date_begin={begin}&date_end={end}"
                )
                self.assertEqual(shown, every)
                self.assertIn("The dates given are not valid", page)
        shown, page = self._names(
            "/my/deliveries?date_begin=1900-01-01&date_end=9998-12-31"
        )
        self.assertEqual(shown, every)
        self.assertNotIn("not valid", page)

    def test_search_by_reference(self):
        shown, _page = self._names(f"/my/deliveries?search={self.april.name}")
        self.assertEqual(shown, {self.april.name})

    def test_sortings(self):
        for sortby in ("date", "name", "state"):
            with self.subTest(sortby=sortby):
                self.assertEqual(
                    len(self._names(f"/my/deliveries?sortby={sortby}")[0]), 3
                )

    def test_bad_input_never_fails(self):
        every = {self.march.name, self.april.name, self.waiting.name}
        for query in (
            "sortby=nope",
            "filterby=nope",
            "sortby=name%20desc;DROP",
            "filterby[]=done",
            "date_begin=2026-13-45&date_end=2026-01-01",
            "date_begin=yesterday&date_end=today",
            "date_begin=2026-01-01",
            "date_begin=9999999-01-01&date_end=2026-01-01",
            "search=%00",
            "search=" + "x" * 5000,
            "search=' OR 1=1--",
        ):
            with self.subTest(query=query[:40]):
                shown, _page = self._names(f"/my/deliveries?{query}")
                if "search" not in query:
                    self.assertEqual(shown, every)
        _shown, page = self._names("/my/deliveries?sortby=nope")
        self.assertIn("is not an option", page)
        _shown, page = self._names("/my/deliveries?date_begin=2026-13-45&date_end=x")
        self.assertIn("not valid", page)
        with mute_logger("odoo.http"):
            for path in (
                "/my/deliveries/page/0",
                "/my/deliveries/page/99999",
                "/my/deliveries/page/-1",
                "/my/deliveries/page/abc",
                "/my/deliveries/page/" + "9" * 40,
                "/my/picking/pdf/abc",
                "/my/picking/pdf/-1",
                "/my/picking/pdf/" + "9" * 40,
                "/my/picking/pdf/2147483647",
            ):
                with self.subTest(path=path[:40]):
                    self.assertIn(self._get(path).status_code, (200, 404))


@tagged("post_install", "-at_install")
class TestDeliveryListQueries(CustomerZoneStockCommon):
    """/my/deliveries runs the same queries at 2 and 20 deliveries, on a
    first visit as on later ones, and writes nothing."""

    def _deliveries_up_to(self, total):
        Picking = self.env["stock.picking"]
        count = Picking.search_count([("partner_id", "=", self.alpha.id)])
        for index in range(total - count):
            self._delivery(
                self.alpha, charged=10.0 * (index % 2), tracking=f"Q-{index}"
            )

    def _snapshot(self):
        self.env.flush_all()
        self.env.cr.execute("SELECT id, xmin::text FROM stock_picking ORDER BY id")
        return self.env.cr.fetchall()

    def _first_and_later(self):
        before = self._snapshot()
        first = self._page_query_count("/my/deliveries")
        self.assertEqual(self._snapshot(), before, "the page wrote on deliveries")
        return first, self._page_query_count("/my/deliveries")

    def test_constant_queries(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._deliveries_up_to(2)
        self.url_open("/my/deliveries")  # compile the templates
        counts = {}
        for total in (2, 20):
            self._deliveries_up_to(total)
            counts[total] = self._first_and_later()
        _logger.info("/my/deliveries queries (first, later) by deliveries: %s", counts)
        self.assertEqual(counts[2][1], counts[20][1], "later visits")
        self.assertEqual(counts[2][0], counts[20][0], "first visits")
        with self.assertQueryCount(counts[20][1]):
            self.url_open("/my/deliveries")
        page = self.url_open("/my/deliveries").text
        self.assertEqual(page.count("o_customer_zone_slip"), 20)
