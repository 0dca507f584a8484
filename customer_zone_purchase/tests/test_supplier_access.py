from odoo import Command
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZonePurchaseCommon


@tagged("post_install", "-at_install")
class TestSupplierAccess(CustomerZonePurchaseCommon):
    """Who sees which order, through the pages and JSON-RPC alike: the
    supplier's users their own (sent, confirmed, cancelled, never a draft),
    a link's holder the one order, nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rfq_a = cls._purchase_order(cls.alpha, "sent")
        cls.po_a = cls._purchase_order(cls.alpha, "purchase")
        cls.cancelled_a = cls._purchase_order(cls.alpha, "cancel")
        cls.draft_a = cls._purchase_order(cls.alpha, "draft")
        cls.rfq_b = cls._purchase_order(cls.beta, "sent")
        cls.token_a = cls.rfq_a._portal_ensure_token()

    def test_owner_sees_its_orders(self):
        self.authenticate("cz_alpha", "cz_alpha")
        rfqs = self._get("/my/rfq")
        self.assertEqual(rfqs.status_code, 200)
        self.assertIn(self.rfq_a.name, rfqs.text)
        self.assertNotIn(self.rfq_b.name, rfqs.text)
        self.assertNotIn(self.draft_a.name, rfqs.text)
        orders = self._get("/my/purchase").text
        self.assertIn(self.po_a.name, orders)
        self.assertIn(self.cancelled_a.name, orders)
        for order in (self.rfq_a, self.po_a, self.cancelled_a):
            page = self._get(f"/my/purchase/{order.id}")
            self.assertEqual(page.status_code, 200, order.state)
            self.assertIn(order.name, page.text)

    def test_a_contact_sees_its_companys_orders(self):
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self.assertIn(self.rfq_a.name, self._get("/my/rfq").text)

    def test_draft_is_never_shown(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get(f"/my/purchase/{self.draft_a.id}")
        self.assertEqual(page.status_code, 303)
        self.assertNotIn(self.draft_a.name, page.text)
        found = self._call_kw(
            "purchase.order", "search", [[("id", "=", self.draft_a.id)]]
        )
        self.assertEqual(found, [])

    def test_another_supplier_sees_nothing(self):
        self.authenticate("cz_beta", "cz_beta")
        self.assertNotIn(self.rfq_a.name, self._get("/my/rfq").text)
        page = self._get(f"/my/purchase/{self.rfq_a.id}")
        self.assertEqual(page.status_code, 303)
        self.assertTrue(page.headers["Location"].endswith("/my"))
        for url in (
            f"/my/purchase/{self.rfq_a.id}?report_type=pdf",
            f"/my/purchase/{self.rfq_a.id}/download_edi",
        ):
            self.assertNotEqual(self._status(url), 200, url)

    def test_public_with_right_wrong_and_absent_token(self):
        self.authenticate(None, None)
        url = f"/my/purchase/{self.rfq_a.id}"
        page = self._get(f"{url}?access_token={self.token_a}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.rfq_a.name, page.text)
        for query in ("", "?access_token=wrong", f"?access_token={self.token_a}x"):
            page = self._get(url + query)
            self.assertEqual(page.status_code, 303, query)
            self.assertNotIn(self.rfq_a.name, page.text)
        # the token of one order opens no other
        page = self._get(f"/my/purchase/{self.rfq_b.id}?access_token={self.token_a}")
        self.assertEqual(page.status_code, 303)

    def test_link_obeys_the_suppliers_zone(self):
        self.alpha.customer_zone_supplier_access = "blocked"
        self.authenticate(None, None)
        page = self._get(f"/my/purchase/{self.rfq_a.id}?access_token={self.token_a}")
        self.assertEqual(page.status_code, 303)

    def test_json_rpc_reads_only_the_suppliers_orders(self):
        self.authenticate("cz_alpha", "cz_alpha")
        rows = self._call_kw(
            "purchase.order",
            "search_read",
            [[], ["name", "state", "customer_zone_acknowledged_on"]],
        )
        self.assertEqual(
            {row["id"] for row in rows},
            {self.rfq_a.id, self.po_a.id, self.cancelled_a.id},
        )
        for order in (self.rfq_b, self.draft_a):
            with self.subTest(order=order.name), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as refused:
                    self._call_kw("purchase.order", "read", [order.ids, ["name"]])
                self.assertIn("odoo.exceptions.", str(refused.exception))

    def test_json_rpc_writes_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        attempts = (
            ("write", [self.rfq_a.ids, {"customer_zone_supplier_note": "forged"}]),
            (
                "write",
                [self.rfq_a.ids, {"customer_zone_acknowledged_on": "2026-01-01"}],
            ),
            ("write", [self.rfq_a.ids, {"acknowledged": True}]),
            ("action_acknowledge", [self.rfq_a.ids]),
            ("button_confirm", [self.rfq_a.ids]),
            ("_customer_zone_acknowledge", [self.rfq_a.ids]),
            ("write", [self.rfq_b.ids, {"partner_ref": "forged"}]),
        )
        for method, args in attempts:
            with self.subTest(method=method), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException) as refused:
                    self._call_kw("purchase.order", method, args)
                self.assertIn("odoo.exceptions.", str(refused.exception))
        self.rfq_a.invalidate_recordset()
        self.assertFalse(self.rfq_a.acknowledged)
        self.assertFalse(self.rfq_a.customer_zone_acknowledged_on)
        self.assertFalse(self.rfq_a.customer_zone_supplier_note)
        self.assertEqual(self.rfq_a.state, "sent")

    def test_switch_blocked_default_allowed(self):
        self.authenticate("cz_alpha", "cz_alpha")
        cases = (
            # (supplier's switch, company default, shown)
            ("default", True, True),
            ("default", False, False),
            ("allowed", False, True),
            ("blocked", True, False),
        )
        for access, default, shown in cases:
            with self.subTest(access=access, default=default):
                self.alpha.customer_zone_supplier_access = access
                self.company.customer_zone_supplier_default_access = default
                self.assertEqual(self._status("/my/rfq"), 200 if shown else 404)
                self.assertEqual(self._status("/my/purchase"), 200 if shown else 404)
                count = self._call_kw("purchase.order", "search_count", [[]])
                self.assertEqual(count, 3 if shown else 0)
                self.assertEqual(self.alpha_buyer.customer_zone_supplier_enabled, shown)

    def test_blocked_supplier_reaches_nothing_of_its_order(self):
        """Blocked: its order's page, PDF, EDI file, core's report and
        message links, the acknowledgement, the date update, and over
        JSON-RPC the order, its lines and its messages: nothing."""
        self.alpha.customer_zone_supplier_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        order = self.po_a
        for url in (
            f"/my/purchase/{order.id}",
            f"/my/purchase/{order.id}?report_type=pdf",
            f"/my/purchase/{order.id}/download_edi",
            f"/report/pdf/purchase.report_purchaseorder/{order.id}",
            f"/mail/view?model=purchase.order&res_id={order.id}",
        ):
            with self.subTest(url=url):
                with mute_logger("odoo.http", "odoo.addons.web.controllers.report"):
                    response = self._get(url)
                self.assertIn(response.status_code, (303, 403, 404), url)
                self.assertNotIn(order.name, response.text)
        self.assertEqual(self._acknowledge(order).status_code, 404)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                f"/my/purchase/{order.id}/update",
                {str(order.order_line.id): "2030-01-01"},
            )
        for model, domain in (
            ("purchase.order", []),
            ("purchase.order.line", []),
            ("mail.message", [("model", "=", "purchase.order")]),
        ):
            with self.subTest(model=model):
                self.assertEqual(self._call_kw(model, "search_read", [domain, []]), [])
        order.invalidate_recordset()
        self.assertFalse(order.acknowledged)

    def test_supplier_zone_off(self):
        self.company.customer_zone_supplier_zone = False
        self.alpha.customer_zone_supplier_access = "allowed"
        self.authenticate("cz_alpha", "cz_alpha")
        for url in ("/my/rfq", "/my/purchase", f"/my/purchase/{self.rfq_a.id}"):
            self.assertEqual(self._status(url), 404, url)
        self.assertEqual(self._call_kw("purchase.order", "search_count", [[]]), 0)
        home = self._get("/my/home").text
        self.assertNotIn('href="/my/rfq"', home)
        self.assertNotIn('href="/my/purchase"', home)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["rfq_count", "purchase_count"]}
        )
        self.assertEqual(counters, {"rfq_count": 0, "purchase_count": 0})
        # the customer's zone is untouched
        self.assertEqual(self._status("/my/statement"), 200)

    def test_supplier_zone_does_not_need_the_customer_zone(self):
        self.company.customer_zone_mode = "off"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._status("/my/rfq"), 200)
        self.assertEqual(self._status("/my/statement"), 404)

    def test_supplier_only_home(self):
        """A supplier that is no customer: its tiles, no account summary, no
        customer tile, no "zone not available" message."""
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/rfq"', home.text)
        self.assertIn('href="/my/purchase"', home.text)
        for absent in (
            "o_customer_zone_summary",
            "o_customer_zone_off",
            'href="/my/statement"',
            'href="/my/outstanding"',
            'href="/my/details"',
            'href="/my/orders"',
            'href="/my/invoices?filterby=invoices"',
        ):
            self.assertNotIn(absent, home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["rfq_count", "purchase_count"]}
        )
        self.assertEqual(counters, {"rfq_count": 1, "purchase_count": 2})
        self.assertEqual(self._status("/my/statement"), 404)
        self.assertEqual(self._status("/my/rfq"), 200)

    def test_customer_only_sees_no_purchase_tile_when_blocked(self):
        self.alpha.customer_zone_supplier_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn("o_customer_zone_summary", home)
        self.assertIn('href="/my/orders"', home)
        self.assertIn('href="/my/invoices?filterby=invoices"', home)
        self.assertNotIn('href="/my/rfq"', home)

    def test_revoking_links_voids_purchase_links(self):
        self.alpha.action_customer_zone_revoke_links()
        self.assertFalse(self.rfq_a.access_token)
        self.authenticate(None, None)
        page = self._get(f"/my/purchase/{self.rfq_a.id}?access_token={self.token_a}")
        self.assertEqual(page.status_code, 303)

    def test_expired_link_is_refused(self):
        self.rfq_a.customer_zone_token_expires_on = "2000-01-01 00:00:00"
        self.authenticate(None, None)
        page = self._get(f"/my/purchase/{self.rfq_a.id}?access_token={self.token_a}")
        self.assertEqual(page.status_code, 303)
        self.assertNotIn(self.rfq_a.name, page.text)

    def test_order_page_is_a_view(self):
        Event = self.env["customer.zone.view.event"]
        Event.search([]).unlink()
        self.authenticate("cz_alpha", "cz_alpha")
        self._get(f"/my/purchase/{self.rfq_a.id}")
        self._get(f"/my/purchase/{self.po_a.id}")
        self._get("/my/rfq")
        events = Event.search([("res_model", "=", "purchase.order")])
        self.assertEqual(
            sorted(events.mapped("target")),
            ["purchase_order", "rfq"],
            "lists are no views",
        )
        self.assertEqual(events.partner_id, self.alpha)
        self.assertTrue(self.rfq_a.customer_zone_viewed)

    def test_bad_list_input_never_fails(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for query in (
            "?sortby=zz",
            "?filterby=zz",
            "?date_begin=2026-13-45&date_end=x",
            "?date_begin=2026-01-01",
            "?page=%C2%B2",
            "?page=-4",
            "?sortby=name%00",
        ):
            for url in ("/my/rfq", "/my/purchase"):
                with self.subTest(url=url + query):
                    page = self._get(url + query)
                    self.assertEqual(page.status_code, 200)
        page = self._get("/my/purchase?sortby=zz").text
        self.assertIn("o_customer_zone_message", page)
        for query in ("?order=1", "?values=1", "?report_type=zz", "?update=True"):
            with self.subTest(query=query):
                page = self._get(f"/my/purchase/{self.po_a.id}{query}")
                self.assertEqual(page.status_code, 200)

    def test_extreme_list_dates_get_a_message(self):
        """A period PostgreSQL and Python cannot both take (year 1, 9999
        and the day after it) is refused with a message, the list shown."""
        self.authenticate("cz_alpha", "cz_alpha")
        for period in (
            "date_begin=0001-01-01&date_end=2030-01-01",
            "date_begin=0005-01-01&date_end=0006-01-01",
            "date_begin=1899-12-31&date_end=2030-01-01",
            "date_begin=2020-01-01&date_end=9999-12-31",
            "date_begin=9999-12-31&date_end=9999-12-31",
        ):
            for url in ("/my/rfq", "/my/purchase"):
                with self.subTest(url=f"{url}?{period}"):
                    page = self._get(f"{url}?{period}")
                    self.assertEqual(page.status_code, 200)
                    self.assertIn("The dates given are not valid", page.text)
        page = self._get("/my/rfq?date_begin=1900-01-01&date_end=9998-12-31")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("The dates given are not valid", page.text)
        self.assertIn(self.rfq_a.name, page.text)

    def test_a_customer_the_company_never_bought_from_gets_no_page(self):
        gamma = self.env["res.partner"].create(
            {"name": "Gamma Zone Test Co", "is_company": True}
        )
        self._portal_user("cz_gamma", gamma)
        zone = gamma._customer_zone_state(self.company)
        self.assertFalse(zone.shows("purchases"), "no order: no page")
        self.assertTrue(zone.shows("statement"), "its customer zone as before")
        gamma.customer_zone_access = "blocked"
        self.assertFalse(gamma._customer_zone_state(self.company).enabled)
        self.authenticate("cz_gamma", "cz_gamma")
        self.assertEqual(self._status("/my/rfq"), 404)
        self.assertIn("o_customer_zone_off", self._get("/my/home").text)
        gamma.customer_zone_supplier_access = "allowed"
        self.assertEqual(self._status("/my/rfq"), 200)
        gamma.customer_zone_supplier_access = "default"
        self._purchase_order(gamma, "draft")
        self.assertEqual(self._status("/my/rfq"), 404, "a draft is no order yet")
        self._purchase_order(gamma, "sent")
        self.assertEqual(self._status("/my/rfq"), 200)

    def test_each_company_opens_its_own_supplier_zone(self):
        other = self.env["res.company"].create({"name": "Zone Other Buyer Co"})
        self.assertFalse(other.customer_zone_supplier_zone, "off by default")
        self.user_alpha.write({"company_ids": [Command.link(other.id)]})
        order_other = self._purchase_order(self.alpha, "sent", company=other)
        self.authenticate("cz_alpha", "cz_alpha")
        both = {"context": {"allowed_company_ids": [self.company.id, other.id]}}
        found = self._call_kw("purchase.order", "search", [[]], both)
        self.assertIn(self.rfq_a.id, found)
        self.assertNotIn(order_other.id, found)
        other.customer_zone_supplier_zone = True
        found = self._call_kw("purchase.order", "search", [[]], both)
        self.assertIn(order_other.id, found)
