from odoo.tests import common


class CustomerZoneDemoCase(common.TransactionCase):
    """The demo customers of customer_zone, for tests that read the demo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.env.ref("customer_zone.partner_acme_demo")
        cls.acme_buyer = cls.env.ref("customer_zone.partner_acme_buyer_demo")
        cls.bluebird = cls.env.ref("customer_zone.partner_bluebird_demo")
        cls.cedar = cls.env.ref("customer_zone.partner_cedar_demo")
        cls.delta = cls.env.ref("customer_zone.partner_delta_demo")
        cls.zone_customers = cls.acme | cls.bluebird | cls.cedar
