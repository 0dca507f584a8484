from odoo import Command
from odoo.tests import tagged

from .common import CustomerZonePaymentHttpCommon

NOT_AVAILABLE = "This payment method is not available for this payment."


@tagged("post_install", "-at_install")
class TestPaymentOptionCheckedOnServer(CustomerZonePaymentHttpCommon):
    """The provider, method or token posted to a transaction route must be one
    the payment form offers this customer for this company, currency and
    amount: core creates a transaction with any provider id it is sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_zone_on_account_max = 1000.0
        cls.invoice = cls._invoice(cls.alpha, 100.0, "2026-01-10")
        cls.token = cls._token(cls.alpha)

    @classmethod
    def _token(cls, partner):
        return cls.env["payment.token"].create(
            {
                "provider_id": cls.provider.id,
                "payment_method_id": cls.payment_method.id,
                "partner_id": partner.id,
                "payment_details": "4242",
                "provider_ref": f"demo-{partner.id}",
                "demo_simulated_state": "pending",
            }
        )

    def _routes(self):
        """Every route that pays invoices or on account, with its own params."""
        token = self.invoice._portal_ensure_token()
        return {
            "chosen": (f"/customer_zone/transaction/invoices/{self.invoice.id}", {}),
            "one": (f"/invoice/transaction/{self.invoice.id}", {"access_token": token}),
            "overdue": ("/invoice/transaction/overdue", {"payment_reference": "x"}),
            "on_account": ("/customer_zone/transaction/on_account", {}),
        }

    def _alpha_transactions(self):
        return self.env["payment.transaction"].search(
            [("partner_id", "child_of", self.alpha.id)]
        )

    def _assert_every_route_refuses(self, message=NOT_AVAILABLE, **changes):
        for name, (route, extra) in self._routes().items():
            with self.subTest(route=name, changes=changes):
                params = {**self._demo_payment_values(100.0), **extra, **changes}
                self._assert_refused(route, params, message)
        self.assertFalse(self._alpha_transactions(), "no transaction created")

    def test_offered_provider_is_accepted(self):
        self.alpha.customer_zone_payment_provider_ids = [Command.set(self.provider.ids)]
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        for name, (route, extra) in self._routes().items():
            with self.subTest(route=name):
                params = {**self._demo_payment_values(100.0), **extra}
                tx = self._new_transaction(route, params)
                self.assertEqual(tx.provider_id, self.provider)
                self.assertEqual(tx.amount, 100.0)
                tx._set_canceled()

    def test_provider_not_offered_to_this_customer(self):
        self.alpha.customer_zone_payment_provider_ids = [Command.set(self.transfer.ids)]
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self.url_open(f"/my/outstanding/pay?invoice_ids={self.invoice.id}")
        self.assertNotIn(f'data-provider-id="{self.provider.id}"', page.text)
        self._assert_every_route_refuses()

    def test_disabled_provider(self):
        self.provider.state = "disabled"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_every_route_refuses()

    def test_unpublished_provider(self):
        self.provider.is_published = False
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_every_route_refuses()

    def test_amount_above_the_provider_maximum(self):
        self.provider.maximum_amount = 50.0
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_every_route_refuses()

    def test_currency_the_provider_does_not_take(self):
        self.provider.available_currency_ids = [Command.set(self.other_currency.ids)]
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_every_route_refuses()

    def test_method_or_ids_that_do_not_match(self):
        other_method = self.env.ref("payment.payment_method_unknown")
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_every_route_refuses(payment_method_id=other_method.id)
        self._assert_every_route_refuses(provider_id=self.transfer.id)
        self._assert_every_route_refuses(provider_id="abc")
        self._assert_every_route_refuses(payment_method_id="abc")
        self._assert_every_route_refuses(
            message="This payment cannot be made.", flow="sideways"
        )
        self._assert_every_route_refuses(
            message="This payment cannot be made.", is_validation=True
        )

    def _token_values(self, token, provider=None):
        return {
            "provider_id": (provider or token.provider_id).id,
            "payment_method_id": None,
            "token_id": token.id,
            "flow": "token",
        }

    def test_saved_card_of_an_offered_provider(self):
        self.authenticate("cz_alpha", "cz_alpha")
        route, extra = self._routes()["chosen"]
        params = {**self._demo_payment_values(100.0), **extra}
        tx = self._new_transaction(route, {**params, **self._token_values(self.token)})
        self.assertEqual(tx.token_id, self.token)
        self.assertEqual(tx.provider_id, self.provider)
        self.assertEqual(tx.state, "pending")

    def test_saved_card_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        beta_token = self._token(self.beta)
        # another customer's card
        self._assert_every_route_refuses(**self._token_values(beta_token))
        # a card posted under another provider's id
        self._assert_every_route_refuses(
            **self._token_values(self.token, provider=self.transfer)
        )
        # a card of a provider no longer offered to this customer
        self.alpha.customer_zone_payment_provider_ids = [Command.set(self.transfer.ids)]
        self._assert_every_route_refuses(**self._token_values(self.token))

    def test_quotation_payment_obeys_the_customer_providers(self):
        """The customer's list holds on sale's route too (any transaction)."""
        order = self._quotation(self.alpha, state="sent", published=True)
        self.alpha.customer_zone_payment_provider_ids = [Command.set(self.transfer.ids)]
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_refused(
            f"/my/orders/{order.id}/transaction",
            self._demo_payment_values(
                order.amount_total,
                landing_route=order.access_url,
                access_token=order._portal_ensure_token(),
            ),
            NOT_AVAILABLE,
        )
        self.assertFalse(order.transaction_ids)
