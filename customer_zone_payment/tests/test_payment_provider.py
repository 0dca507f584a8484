from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestProvidersOfferedToCustomer(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.demo = cls.env.ref("payment.payment_provider_demo")
        cls.demo.write({"state": "test", "is_published": True})
        cls.transfer = cls.env.ref("payment.payment_provider_transfer")
        cls.acme = cls.env.ref("customer_zone.partner_acme_demo")
        cls.acme_buyer = cls.env.ref("customer_zone.partner_acme_buyer_demo")

    def _offered(self, partner, report=None):
        return self.env["payment.provider"]._get_compatible_providers(
            self.company.id, partner.id, 100.0, report=report
        )

    def test_every_enabled_provider_when_none_chosen(self):
        self.assertFalse(self.acme.customer_zone_payment_provider_ids)
        self.assertIn(self.demo, self._offered(self.acme))

    def test_only_the_chosen_providers(self):
        self.acme.customer_zone_payment_provider_ids = [Command.set(self.transfer.ids)]
        report = {}
        self.assertNotIn(self.demo, self._offered(self.acme, report))
        self.assertEqual(
            report["providers"][self.demo]["reason"], "not offered to this customer"
        )
        # a contact of the company follows its company's choice
        self.assertEqual(
            self.acme_buyer.customer_zone_payment_provider_ids, self.transfer
        )
        self.assertNotIn(self.demo, self._offered(self.acme_buyer))
        self.acme.customer_zone_payment_provider_ids = [Command.set(self.demo.ids)]
        self.assertIn(self.demo, self._offered(self.acme_buyer))
