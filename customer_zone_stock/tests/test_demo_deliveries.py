from odoo.tests import HttpCase, tagged

from odoo.addons.customer_zone.tests.common import NoWallClock


@tagged("post_install", "-at_install")
class TestDemoDeliveries(NoWallClock, HttpCase):
    """Acceptance on the demo data: Acme sees its deliveries with their
    slips; the report shows its free delivery that cost the business."""

    def test_acme_sees_its_deliveries_with_slips(self):
        acme = self.env.ref("customer_zone.partner_acme_demo")
        deliveries = self.env["stock.picking"].search(
            [("partner_id", "=", acme.id), ("carrier_tracking_ref", "like", "SWP-")]
        )
        self.assertTrue(deliveries, "the demo's deliveries to Acme")
        self.assertEqual(len(deliveries), 3)
        self.authenticate("acme", "acme")
        page = self.url_open("/my/deliveries")
        self.assertEqual(page.status_code, 200)
        for delivery in deliveries:
            self.assertIn(delivery.name, page.text)
            self.assertIn(delivery.carrier_tracking_ref, page.text)
        self.assertTrue(
            "Ready to ship" in page.text or "In preparation" in page.text,
            "the delivery on its way",
        )
        self.assertIn("tracking.swift-parcel.example.com/track?ref=SWP-", page.text)
        cedar = self.env.ref("customer_zone.partner_cedar_demo")
        other = self.env["stock.picking"].search([("partner_id", "=", cedar.id)])
        for delivery in other:
            self.assertNotIn(f"/my/picking/pdf/{delivery.id}", page.text)
        slip = self.url_open(f"/my/picking/pdf/{deliveries[0].id}")
        self.assertEqual(slip.status_code, 200)
        self.assertEqual(slip.headers["Content-Type"], "application/pdf")
        self.assertIn('href="/my/deliveries"', self.url_open("/my/home").text)

    def test_report_shows_the_free_delivery_cost(self):
        acme = self.env.ref("customer_zone.partner_acme_demo")
        free = self.env["stock.picking"].search(
            [("partner_id", "=", acme.id), ("carrier_tracking_ref", "=", "SWP-100584")]
        )
        self.assertTrue(free, "the demo's free delivery to Acme")
        self.assertEqual(free.customer_zone_delivery_charged, 0.0)
        self.assertEqual(free.customer_zone_delivery_cost, 18.5)
        rows = self.env["customer.zone.delivery.cost.report"].search(
            [("partner_id", "=", acme.id)]
        )
        self.assertGreaterEqual(sum(rows.mapped("free_count")), 1)
        self.assertAlmostEqual(sum(rows.mapped("cost")), 40.5)
