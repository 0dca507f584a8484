from odoo.tests import HttpCase, tagged

from .common import NoWallClock


@tagged("post_install", "-at_install")
class TestPortalSmoke(NoWallClock, HttpCase):
    """The portal pages answer a demo customer over real HTTP."""

    def test_portal_pages_answer(self):
        acme = self.env.ref("customer_zone.partner_acme_demo")
        invoice = self.env["account.move"].search(
            [
                ("partner_id", "=", acme.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            order="invoice_date desc, id desc",
            limit=1,
        )
        self.authenticate("acme", "acme")
        for url in ("/my", "/my/home", "/my/invoices", "/my/quotes", "/my/orders"):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
        response = self.url_open("/my/invoices")
        self.assertIn(invoice.name, response.text)
        response = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(invoice.name, response.text)

    def test_tour_home_to_invoices(self):
        # generous: a slow machine must not fail the tour (nothing here is timed)
        self.start_tour(
            "/my/home", "customer_zone_portal_tour", login="acme", timeout=600
        )
