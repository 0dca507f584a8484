from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneStockCommon


@tagged("post_install", "-at_install")
class TestOrderTransfers(CustomerZoneStockCommon):
    """In a warehouse that picks and packs before shipping, an order's
    internal transfers carry the customer and the order: the zone hides them
    from portal users (only the delivery itself shows, as on core's order
    page), whatever core's portal rule says; transfers of no order stay as
    Odoo has them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse.delivery_steps = "pick_pack_ship"
        cls.order = cls._order(cls.alpha)
        # each step's transfer appears once the one before is done
        for _step in ("pick", "pack"):
            cls._ship(cls._internal().filtered(lambda p: p.state != "done"))
        cls.internal = cls._internal()
        cls.delivery = cls._outgoing(cls.order)

    @classmethod
    def _internal(cls):
        return cls.order.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "internal"
        )

    def _slip(self, picking, token=None):
        url = f"/my/picking/pdf/{picking.id}"
        if token is not None:
            url += f"?access_token={token}"
        with mute_logger("odoo.http"):
            return self._get(url)

    def _names_read(self):
        found = self._call_kw("stock.picking", "search_read", [[], ["name"]])
        return {row["name"] for row in found}

    def test_three_steps(self):
        self.assertEqual(len(self.internal), 2, "pick and pack")
        self.assertEqual(self.internal.partner_id, self.alpha)
        self.assertEqual(self.internal.sale_id, self.order)
        self.assertEqual(len(self.delivery), 1)

    def test_customer_sees_the_delivery_only(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._names_read(), {self.delivery.name})
        page = self._get("/my/deliveries").text
        self.assertIn(self.delivery.name, page)
        for picking in self.internal:
            with self.subTest(picking=picking.name):
                self.assertNotIn(picking.name, page)
                self.assertEqual(self._slip(picking).status_code, 404)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._call_kw("stock.picking", "read", [self.internal.ids, ["name"]])
        self.assertEqual(self._slip(self.delivery).status_code, 200)

    def test_order_link_opens_the_delivery_only(self):
        token = self.order._portal_ensure_token()
        self.authenticate(None, None)
        self.assertEqual(self._slip(self.delivery, token).status_code, 200)
        for picking in self.internal:
            with self.subTest(picking=picking.name):
                self.assertEqual(self._slip(picking, token).status_code, 404)

    def test_contact_with_a_made_up_token(self):
        """The attack review's probe: the contact reads the order, not its
        pick, and a junk token opens nothing."""
        pick = self.internal[:1]
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self.assertEqual(
            self._call_kw("sale.order", "search_count", [[("id", "=", self.order.id)]]),
            1,
        )
        self.assertEqual(
            self._call_kw("stock.picking", "search_count", [[("id", "=", pick.id)]]),
            0,
        )
        self.assertEqual(self._slip(pick).status_code, 404)
        self.assertEqual(self._slip(pick, "junk").status_code, 404)

    def test_blocked_customer(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._names_read(), set())
        for picking in self.internal | self.delivery:
            with self.subTest(picking=picking.name):
                self.assertEqual(self._slip(picking).status_code, 404)

    def test_invoices_mode(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._names_read(), set())
        self.assertEqual(self._slip(self.internal[:1]).status_code, 404)

    def test_transfers_of_no_order_stay_as_core_has_them(self):
        """An internal transfer for the customer, of no order: core's rule
        (its own contact) decides, whatever the zone."""
        internal_type = self.warehouse.int_type_id
        transfer = self.env["stock.picking"].create(
            {
                "partner_id": self.alpha.id,
                "picking_type_id": internal_type.id,
                "location_id": internal_type.default_location_src_id.id,
                "location_dest_id": internal_type.default_location_dest_id.id,
            }
        )
        self.assertFalse(transfer.sale_id)
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._names_read(), {transfer.name})
