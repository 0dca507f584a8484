from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZonePaymentHttpCommon


@tagged("post_install", "-at_install")
class TestPayOneInvoice(CustomerZonePaymentHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.alpha, 100.0, "2026-01-10")

    def _invoice_values(self, amount, access_token):
        """What the invoice page's payment form posts, with this token."""
        return self._demo_payment_values(
            amount, landing_route=self.invoice.access_url, access_token=access_token
        )

    def _invoice_transaction(self, amount):
        """The transaction for the invoice, with its right token."""
        return self._new_transaction(
            f"/invoice/transaction/{self.invoice.id}",
            self._invoice_values(amount, self.invoice._portal_ensure_token()),
        )

    def test_full_payment(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._confirm(self._invoice_transaction(100.0))
        self.assertEqual(
            self.invoice.payment_state, self.invoice._get_invoice_in_payment_state()
        )

    def test_partial_only_where_settings_allow(self):
        """Where Customer Zone differs from Odoo: core pays whatever amount the
        browser sends (account_payment's test_invoice_payment_flow pays an
        amount that is not the one due); here more than what is due is always
        refused, and less unless Settings allow partial payments."""
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_refused(
            f"/invoice/transaction/{self.invoice.id}",
            self._invoice_values(111.11, self.invoice._portal_ensure_token()),
            "Enter an amount above zero and up to what is due.",
        )
        self._assert_refused(
            f"/invoice/transaction/{self.invoice.id}",
            self._invoice_values(40.0, self.invoice._portal_ensure_token()),
            "This invoice can only be paid in full online.",
        )
        self.assertFalse(self.invoice.transaction_ids)
        self.company.customer_zone_allow_partial_payment = True
        tx = self._invoice_transaction(40.0)
        self.assertEqual(tx.amount, 40.0)
        self._confirm(tx)
        self.assertEqual(self.invoice.payment_state, "partial")
        self.assertAlmostEqual(self.invoice.amount_residual, 60.0)

    def test_tampered_amounts_are_refused(self):
        self.company.customer_zone_allow_partial_payment = True
        self.authenticate("cz_alpha", "cz_alpha")
        for amount in (100.01, 1e12, 0, -10, "abc", "nan", None):
            with self.subTest(amount=amount), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self._invoice_transaction(amount)
        self.assertFalse(self.invoice.transaction_ids)

    def test_failed_payment_leaves_the_books_unchanged(self):
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._invoice_transaction(100.0)
        tx._set_error("Card declined")
        tx._post_process()
        self.assertFalse(tx.payment_id)
        self.assertEqual(self.invoice.payment_state, "not_paid")
        # the customer can try again: the invoice still offers payment
        page = self.url_open(self.invoice.get_portal_url()).text
        self.assertIn("Pay Now", page)
        retry = self._invoice_transaction(100.0)
        self.assertNotEqual(retry, tx)

    def test_without_access_every_answer_is_the_same(self):
        """A wrong token tells nothing: whether the id exists, whether it may
        be paid online, what is due (no answer differs by amount)."""
        excluded = self._invoice(self.alpha, 40.0, "2026-01-11")
        excluded.customer_zone_allow_online_payment = False
        self.invoice._portal_ensure_token()
        excluded._portal_ensure_token()
        self.authenticate(None, None)
        cases = [
            (self.invoice.id, amount) for amount in (1.0, 100.0, 100.01, 1e12, "abc")
        ]
        cases += [(excluded.id, 40.0), (excluded.id, 1e12), (999999999, 1.0)]
        for invoice_id, amount in cases:
            with self.subTest(invoice_id=invoice_id, amount=amount):
                error = self._jsonrpc_error(
                    f"/invoice/transaction/{invoice_id}",
                    self._invoice_values(amount, "not-the-token"),
                )
                self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
                self.assertEqual(error["message"], "The access token is invalid.")
        for token in ([self.invoice.access_token], {"a": 1}, None, 5):
            with self.subTest(token=token):
                error = self._jsonrpc_error(
                    f"/invoice/transaction/{self.invoice.id}",
                    self._invoice_values(100.0, token),
                )
                self.assertEqual(error["message"], "The access token is invalid.")
        self.assertFalse(self.invoice.transaction_ids | excluded.transaction_ids)

    def test_with_the_token_a_visitor_pays(self):
        self.authenticate(None, None)
        token = self.invoice._portal_ensure_token()
        self._assert_refused(
            f"/invoice/transaction/{self.invoice.id}",
            self._invoice_values(100.01, token),
            "Enter an amount above zero and up to what is due.",
        )
        values = self._invoice_values(100.0, token)
        values["landing_route"] = "//evil.example/phish"
        tx = self._new_transaction(f"/invoice/transaction/{self.invoice.id}", values)
        self.assertEqual(
            tx.landing_route,
            f"{self.invoice.access_url}?access_token={token}",
            "back to the invoice after paying, not to another site",
        )
        self.assertEqual(tx.invoice_ids, self.invoice)
        self.assertEqual(tx.partner_id, self.alpha)
        self.assertEqual(tx.amount, 100.0)
