from odoo.tests import tagged

from odoo.addons.customer_zone.tests.test_empty_states import empty_state
from odoo.addons.customer_zone.tests.test_zone_menu import menu_of

from .common import CustomerZoneStockCommon


@tagged("post_install", "-at_install")
class TestZoneMenuDeliveries(CustomerZoneStockCommon):
    """The deliveries in the zone's section menu, and the empty list."""

    def test_deliveries_entry(self):
        self._delivery(self.alpha)
        self.authenticate("cz_alpha", "cz_alpha")
        keys, current = menu_of(self._get("/my/deliveries").text)
        self.assertEqual(current, ["deliveries"])
        self.assertLess(keys.index("orders"), keys.index("deliveries"))
        self.company.customer_zone_mode = "invoices"
        keys, _current = menu_of(self._get("/my/home").text)
        self.assertNotIn("deliveries", keys)

    def test_no_deliveries(self):
        self.authenticate("cz_beta", "cz_beta")
        page = self._get("/my/deliveries").text
        self.assertIn("You have no deliveries yet.", empty_state(page))
        self.assertIn('href="/my/orders"', page.split("o_cz_empty", 1)[1])
