from odoo.tests import tagged

from odoo.addons.customer_zone.tests.test_empty_states import empty_state
from odoo.addons.customer_zone.tests.test_zone_menu import menu_of

from .common import CustomerZonePurchaseCommon


@tagged("post_install", "-at_install")
class TestZoneMenuPurchases(CustomerZonePurchaseCommon):
    """A supplier's requests for quotation and purchase orders in the zone's
    section menu, and the empty lists."""

    def test_entries_of_a_supplier(self):
        rfq = self._purchase_order(self.alpha, state="sent")
        order = self._purchase_order(self.alpha, state="purchase")
        self.authenticate("cz_alpha", "cz_alpha")
        for url, key in (
            ("/my/rfq", "rfq"),
            ("/my/purchase", "purchases"),
            (f"/my/purchase/{rfq.id}", "rfq"),
            (f"/my/purchase/{order.id}", "purchases"),
        ):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                keys, current = menu_of(response.text)
                self.assertIn("rfq", keys)
                self.assertIn("purchases", keys)
                self.assertEqual(current, [key])

    def test_no_entries_where_the_supplier_zone_is_closed(self):
        self._purchase_order(self.alpha, state="sent")
        self.alpha.customer_zone_supplier_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        keys, _current = menu_of(self._get("/my/home").text)
        self.assertNotIn("rfq", keys)
        self.assertNotIn("purchases", keys)
        self.authenticate("cz_beta", "cz_beta")
        keys, _current = menu_of(self._get("/my/home").text)
        self.assertNotIn("rfq", keys, "a customer the company never bought from")

    def test_empty_lists_of_an_allowed_supplier(self):
        self.beta.customer_zone_supplier_access = "allowed"
        self.authenticate("cz_beta", "cz_beta")
        for url, sentence in (
            ("/my/rfq", "We have no request for quotation waiting for you."),
            ("/my/purchase", "You have no purchase orders from us yet."),
        ):
            with self.subTest(url=url):
                page = self._get(url).text
                self.assertIn(sentence, empty_state(page))
                self.assertNotIn("There are currently no", page)
