from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneStockCommon


@tagged("post_install", "-at_install")
class TestDeliveriesAccess(CustomerZoneStockCommon):
    """Who sees which delivery and its slip: the owner and its contacts, in
    the page and over JSON-RPC; never another customer; a visitor only with
    the order's valid link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivery_a = cls._delivery(cls.alpha, tracking="ALPHA-TRK")
        cls.waiting_a = cls._delivery(cls.alpha, done=False)
        cls.delivery_b = cls._delivery(cls.beta, tracking="BETA-TRK")

    def _slip(self, picking, token=None):
        url = f"/my/picking/pdf/{picking.id}"
        if token is not None:
            url += f"?access_token={token}"
        with mute_logger("odoo.http"):
            return self._get(url)

    def _assert_pdf(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # tests render reports as HTML (core's test mode): the slip's content
        self.assertIn(b"Zone test chair", response.content)

    def test_owner_sees_its_deliveries_and_slips(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/deliveries")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.delivery_a.name, page.text)
        self.assertIn(self.waiting_a.name, page.text, "on its way: shown")
        self.assertNotIn(self.delivery_b.name, page.text)
        self.assertIn("https://track.example.com/?n=ALPHA-TRK", page.text)
        self.assertIn(self.delivery_a.sale_id.name, page.text)
        self.assertIn(f"/my/picking/pdf/{self.delivery_a.id}", page.text)
        self.assertIn("Zone test parcel", page.text)
        self._assert_pdf(self._slip(self.delivery_a))
        return_slip = self._get(f"/my/picking/return/pdf/{self.delivery_a.id}")
        self.assertEqual(return_slip.status_code, 200)
        self.assertEqual(return_slip.headers["Content-Type"], "application/pdf")

    def test_slip_views_are_recorded(self):
        Event = self.env["customer.zone.view.event"]
        domain = [
            ("res_model", "=", "stock.picking"),
            ("res_id", "=", self.delivery_a.id),
        ]
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self._get("/my/deliveries")
        self.assertFalse(Event.search(domain), "the list is no view of a slip")
        self._assert_pdf(self._slip(self.delivery_a))
        event = Event.search(domain)
        self.assertEqual(
            (event.target, event.kind, event.access, event.partner_id),
            ("delivery", "pdf", "session", self.alpha),
        )
        self.assertEqual(event.user_id, self.user_alpha_buyer)
        token = self.delivery_a.sale_id._portal_ensure_token()
        self.authenticate(None, None)
        self._assert_pdf(self._slip(self.delivery_a, token))
        self.assertEqual(
            Event.search(domain).mapped("access"), ["link", "session"], "by link"
        )
        self.assertEqual(self.delivery_a.customer_zone_view_count, 2)
        self.authenticate("cz_beta", "cz_beta")
        self._slip(self.delivery_a)
        self.assertEqual(len(Event.search(domain)), 2, "a refusal is no view")

    def test_contact_sees_its_customer_deliveries(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self._get("/my/deliveries").text
        self.assertIn(self.delivery_a.name, page)
        self.assertNotIn(self.delivery_b.name, page)
        self._assert_pdf(self._slip(self.delivery_a))

    def test_another_customer_sees_nothing_of_them(self):
        self.authenticate("cz_beta", "cz_beta")
        page = self._get("/my/deliveries").text
        self.assertNotIn(self.delivery_a.name, page)
        self.assertIn(self.delivery_b.name, page)
        self.assertEqual(self._slip(self.delivery_a).status_code, 404)
        self.assertEqual(self._slip(self.waiting_a).status_code, 404)
        # nor with a token of its own order
        own_token = self.delivery_b.sale_id._portal_ensure_token()
        self.assertEqual(self._slip(self.delivery_a, own_token).status_code, 404)

    def test_customer_of_another_company_sees_nothing(self):
        other_company = self.env["res.company"].create({"name": "Zone other company"})
        gamma = self.env["res.partner"].create({"name": "Gamma", "is_company": True})
        user = self._portal_user("cz_gamma", gamma)
        user.write(
            {"company_id": other_company.id, "company_ids": [(6, 0, other_company.ids)]}
        )
        self.authenticate("cz_gamma", "cz_gamma")
        page = self._get("/my/deliveries").text
        self.assertNotIn(self.delivery_a.name, page)
        self.assertEqual(self._slip(self.delivery_a).status_code, 404)

    def test_visitor_with_right_wrong_and_absent_token(self):
        token = self.delivery_a.sale_id._portal_ensure_token()
        self.authenticate(None, None)
        self._assert_pdf(self._slip(self.delivery_a, token))
        for wrong in ("", "wrong", token[:-1], "x" * 5000):
            with self.subTest(token=wrong[:10]):
                self.assertEqual(self._slip(self.delivery_a, wrong).status_code, 404)
        self.assertEqual(self._slip(self.delivery_a).status_code, 404)
        # the order's token opens its own deliveries only
        self.assertEqual(self._slip(self.delivery_b, token).status_code, 404)
        for path in ("/my/deliveries", f"/my/picking/return/pdf/{self.delivery_b.id}"):
            with self.subTest(path=path), mute_logger("odoo.http"):
                self.assertNotEqual(self._get(path).status_code, 200)

    def test_reading_the_order_is_no_token(self):
        """A contact who reads the order but not its delivery (shipped to
        another customer's address) opens the slip with the order's link
        only: a made-up token is no link (the attack review's finding)."""
        order = self._order(self.alpha, confirm=False)
        order.partner_shipping_id = self.beta
        order.action_confirm()
        elsewhere = self._outgoing(order)
        self.assertEqual(elsewhere.partner_id, self.beta)
        Event = self.env["customer.zone.view.event"]
        domain = [("res_model", "=", "stock.picking"), ("res_id", "=", elsewhere.id)]
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self.assertEqual(
            self._call_kw("sale.order", "search_count", [[("id", "=", order.id)]]), 1
        )
        self.assertEqual(self._slip(elsewhere).status_code, 404)
        for junk in ("junk", "", "é" * 10, "x" * 5000):
            with self.subTest(token=junk[:10]):
                self.assertEqual(self._slip(elsewhere, junk).status_code, 404)
        self.assertFalse(Event.search(domain), "a refusal is no view")
        self._assert_pdf(self._slip(elsewhere, order._portal_ensure_token()))
        self.assertEqual(Event.search(domain).access, "link")

    def test_links_obey_the_zone(self):
        order = self.delivery_a.sale_id
        token = order._portal_ensure_token()
        self.authenticate(None, None)
        self.alpha.action_customer_zone_revoke_links()
        self.assertEqual(self._slip(self.delivery_a, token).status_code, 404)
        token = order._portal_ensure_token()
        self._assert_pdf(self._slip(self.delivery_a, token))
        self.company.customer_zone_document_links = False
        self.assertEqual(self._slip(self.delivery_a, token).status_code, 404)
        self.company.customer_zone_document_links = True
        self.alpha.customer_zone_access = "blocked"
        self.assertEqual(self._slip(self.delivery_a, token).status_code, 404)

    def test_rpc_reads_what_the_page_shows_and_writes_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        found = self._call_kw(
            "stock.picking", "search_read", [[], ["name", "partner_id"]]
        )
        names = {row["name"] for row in found}
        self.assertIn(self.delivery_a.name, names)
        self.assertNotIn(self.delivery_b.name, names)
        with mute_logger("odoo.http"):
            with self.assertRaises(JsonRpcException):
                self._call_kw("stock.picking", "read", [self.delivery_b.ids, ["name"]])
            for values in (
                {"carrier_tracking_ref": "HACKED"},
                {"customer_zone_delivery_cost": 1.0},
            ):
                with self.subTest(values=values), self.assertRaises(JsonRpcException):
                    self._call_kw(
                        "stock.picking", "write", [self.delivery_a.ids, values]
                    )
            with self.assertRaises(JsonRpcException):
                self._call_kw(
                    "stock.picking",
                    "read",
                    [self.delivery_a.ids, ["customer_zone_delivery_cost"]],
                )
        self.assertEqual(self.delivery_a.carrier_tracking_ref, "ALPHA-TRK")

    def test_draft_and_cancelled_deliveries_stay_out(self):
        cancelled = self._delivery(self.alpha, done=False)
        cancelled.sale_id._action_cancel()
        self.assertEqual(cancelled.state, "cancel")
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertNotIn(cancelled.name, self._get("/my/deliveries").text)
        self.assertEqual(self._slip(cancelled).status_code, 404)

    def test_customer_returns_are_listed(self):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.delivery_a.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        returned = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self.assertEqual(returned.picking_type_code, "incoming")
        self.assertTrue(returned.customer_zone_governed)
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/deliveries?filterby=returns").text
        self.assertIn(returned.name, page)
        self.assertNotIn(self.delivery_a.name + "<", page)
        self.assertEqual(self._slip(returned).status_code, 200)


@tagged("post_install", "-at_install")
class TestDeliveriesOutsideTheZone(CustomerZoneStockCommon):
    """Where the zone does not show deliveries, no page, tile or slip."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.delivery_a = cls._delivery(cls.alpha)

    def _assert_no_deliveries(self):
        home = self._get("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn('href="/my/deliveries"', home.text)
        with mute_logger("odoo.http"):
            self.assertEqual(self._get("/my/deliveries").status_code, 404)
            slip = self._get(f"/my/picking/pdf/{self.delivery_a.id}")
        self.assertEqual(slip.status_code, 404)
        count = self._call_kw(
            "stock.picking", "search_count", [[("id", "=", self.delivery_a.id)]]
        )
        self.assertEqual(count, 0)

    def test_account_mode_shows_deliveries(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertIn('href="/my/deliveries"', self._get("/my/home").text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["delivery_count"]}
        )
        self.assertEqual(counters["delivery_count"], 1)

    def test_invoices_mode(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_no_deliveries()

    def test_off_mode(self):
        self.company.customer_zone_mode = "off"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_no_deliveries()

    def test_customer_switched_off(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_no_deliveries()

    def test_receipts_stay_as_core_has_them(self):
        """A supplier's receipt is no delivery of the zone: core's rule (its
        own contact) decides, whatever the zone."""
        receipt_type = self.warehouse.in_type_id
        receipt = self.env["stock.picking"].create(
            {
                "partner_id": self.alpha.id,
                "picking_type_id": receipt_type.id,
                "location_id": receipt_type.default_location_src_id.id,
                "location_dest_id": receipt_type.default_location_dest_id.id,
            }
        )
        self.assertFalse(receipt.customer_zone_governed)
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        found = self._call_kw("stock.picking", "search", [[]])
        self.assertEqual(found, receipt.ids)
