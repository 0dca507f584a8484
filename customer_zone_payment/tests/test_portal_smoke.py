from odoo.tests import HttpCase, tagged

from odoo.addons.customer_zone.tests.common import NoWallClock


@tagged("post_install", "-at_install")
class TestPaymentPortalSmoke(NoWallClock, HttpCase):
    """With customer_zone_payment installed the portal still answers."""

    def test_open_invoice_offers_payment(self):
        self.env.ref("payment.payment_provider_demo").write(
            {"state": "test", "is_published": True}
        )
        acme = self.env.ref("customer_zone.partner_acme_demo")
        invoice = self.env["account.move"].search(
            [
                ("partner_id", "=", acme.id),
                ("move_type", "=", "out_invoice"),
                ("payment_state", "=", "not_paid"),
                ("customer_zone_allow_online_payment", "=", True),
            ],
            limit=1,
        )
        self.authenticate("acme", "acme")
        self.assertEqual(self.url_open("/my/payment_method").status_code, 200)
        response = self.url_open(f"/my/invoices/{invoice.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Pay Now", response.text)
