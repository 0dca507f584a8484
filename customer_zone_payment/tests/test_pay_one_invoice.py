from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import PaymentZoneFixtures


@tagged("post_install", "-at_install")
class TestPayOneInvoice(PaymentZoneFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_payment_fixtures()
        cls.invoice = cls._invoice(cls.alpha, 100.0, "2026-01-10")

    def _transaction(self, amount):
        return self.make_jsonrpc_request(
            f"/invoice/transaction/{self.invoice.id}",
            {
                "access_token": self.invoice._portal_ensure_token(),
                "provider_id": self.provider.id,
                "payment_method_id": self.method.id,
                "token_id": None,
                "amount": amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": self.invoice.access_url,
            },
        )

    def _tx(self, processing):
        return self.env["payment.transaction"].search(
            [("reference", "=", processing["reference"])]
        )

    def test_full_payment(self):
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._tx(self._transaction(100.0))
        tx._set_done()
        tx._post_process()
        self.assertEqual(
            self.invoice.payment_state, self.invoice._get_invoice_in_payment_state()
        )

    def test_partial_only_where_settings_allow(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._transaction(40.0)
        self.company.customer_zone_allow_partial_payment = True
        tx = self._tx(self._transaction(40.0))
        self.assertEqual(tx.amount, 40.0)
        tx._set_done()
        tx._post_process()
        self.assertEqual(self.invoice.payment_state, "partial")
        self.assertAlmostEqual(self.invoice.amount_residual, 60.0)

    def test_tampered_amounts_are_refused(self):
        self.company.customer_zone_allow_partial_payment = True
        self.authenticate("cz_alpha", "cz_alpha")
        for amount in (100.01, 1e12, 0, -10, "abc", "nan", None):
            with self.subTest(amount=amount), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self._transaction(amount)
        self.assertFalse(self.invoice.transaction_ids)

    def test_failed_payment_leaves_the_books_unchanged(self):
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._tx(self._transaction(100.0))
        tx._set_error("Card declined")
        tx._post_process()
        self.assertFalse(tx.payment_id)
        self.assertEqual(self.invoice.payment_state, "not_paid")
        # the customer can try again: the invoice still offers payment
        page = self.url_open(self.invoice.get_portal_url()).text
        self.assertIn("Pay Now", page)
        retry = self._tx(self._transaction(100.0))
        self.assertNotEqual(retry, tx)
