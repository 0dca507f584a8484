from odoo.tests import tagged

from .common import CustomerZonePaymentHttpCommon

RECEIPT_SUBJECT = "Payment received"


@tagged("post_install", "-at_install")
class TestReceipts(CustomerZonePaymentHttpCommon):
    """Our receipt goes out where Odoo itself writes nothing about the
    payment: for invoices and payments on account, not for quotations (sale
    sends its confirmation, and the invoice when it invoices on payment)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.alpha, 100.0, "2026-01-10")

    def _receipts(self, payment):
        return self.env["mail.message"].search(
            [
                ("model", "=", "account.payment"),
                ("res_id", "=", payment.id),
                ("subject", "=like", f"{RECEIPT_SUBJECT}%"),
            ]
        )

    def test_invoice_payment_sends_one_receipt(self):
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._new_transaction(
            f"/customer_zone/transaction/invoices/{self.invoice.id}",
            self._demo_payment_values(100.0),
        )
        self._confirm(tx)
        receipt = self._receipts(tx.payment_id)
        self.assertEqual(len(receipt), 1)
        self.assertIn(self.alpha, receipt.partner_ids)
        self.assertIn(self.invoice.name, receipt.body)

    def test_quotation_payment_sends_no_receipt_of_ours(self):
        order = self._quotation(self.alpha, state="sent", published=True)
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._new_transaction(
            f"/my/orders/{order.id}/transaction",
            self._demo_payment_values(
                order.amount_total,
                landing_route=order.access_url,
                access_token=order._portal_ensure_token(),
            ),
        )
        self.assertEqual(tx.sale_order_ids, order)
        self._confirm(tx)
        self.assertEqual(order.state, "sale", "sale confirmed the order (its email)")
        self.assertTrue(tx.payment_id, "the payment is booked")
        self.assertEqual(tx.payment_id.amount, order.amount_total)
        self.assertFalse(self._receipts(tx.payment_id))
