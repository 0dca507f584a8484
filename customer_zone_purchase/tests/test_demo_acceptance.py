from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_zone.tests.common import NoWallClock


@tagged("post_install", "-at_install")
class TestDemoAcceptance(NoWallClock, HttpCase):
    """The demo supplier ``falcon`` acknowledges a demo request for quotation
    through HTTP; the buyer sees the status the company chose."""

    def test_falcon_acknowledges_and_the_buyer_sees_the_status(self):
        rfq = self.env.ref("customer_zone_purchase.purchase_order_falcon_rfq_1_demo")
        other = self.env.ref("customer_zone_purchase.purchase_order_falcon_rfq_2_demo")
        confirmed = self.env.ref(
            "customer_zone_purchase.purchase_order_falcon_confirmed_demo"
        )
        company = rfq.company_id
        company.customer_zone_supplier_ack_status = "confirm"
        self.assertEqual(rfq.state, "sent")
        self.authenticate("falcon", "falcon")
        home = self.url_open("/my/home").text
        self.assertIn('href="/my/rfq"', home)
        self.assertNotIn("o_customer_zone_summary", home, "a supplier, no customer")
        rfqs = self.url_open("/my/rfq").text
        self.assertIn(rfq.name, rfqs)
        self.assertIn(other.name, rfqs)
        self.assertIn(confirmed.name, self.url_open("/my/purchase").text)
        page = self.url_open(f"/my/purchase/{rfq.id}").text
        self.assertIn("o_customer_zone_ack_form", page)
        response = self.url_open(
            f"/my/purchase/{rfq.id}/acknowledge",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "customer_zone_note": "Confirmed, shipping Thursday.",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_customer_zone_ack_done", response.text)
        # the buyer, in the backend
        buyer = self.env.ref("base.user_admin")
        order = self.env["purchase.order"].with_user(buyer).browse(rfq.id)
        self.assertEqual(order.state, "purchase")
        self.assertTrue(order.acknowledged)
        self.assertEqual(
            order.customer_zone_acknowledged_user_id,
            self.env.ref("customer_zone_purchase.user_falcon_demo"),
        )
        self.assertEqual(
            order.customer_zone_supplier_note, "Confirmed, shipping Thursday."
        )
        acknowledged = (
            self.env["purchase.order"]
            .with_user(buyer)
            .search([("customer_zone_acknowledged_on", "!=", False)])
        )
        self.assertIn(order, acknowledged)
