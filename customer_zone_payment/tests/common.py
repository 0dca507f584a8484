from odoo.addons.customer_zone.tests.common import CustomerZoneFixtures


class PaymentZoneFixtures(CustomerZoneFixtures):
    """The zone's fixtures, with Odoo's demo payment provider switched on."""

    @classmethod
    def _setup_payment_fixtures(cls):
        cls._setup_zone_fixtures()
        cls.provider = cls.env.ref("payment.payment_provider_demo")
        cls.provider.write({"state": "test", "is_published": True})
        cls.method = cls.env.ref("payment_demo.payment_method_demo")

    def _demo_payment_values(self, amount, landing_route="/my/outstanding"):
        """What Odoo's payment form posts to a transaction route."""
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.method.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": landing_route,
        }
