"""Regression tests of the attack review of cash to order and of payments on
blocked quotations (issue 13): what the order's state and the books say after
each attack the review proved."""

from odoo.tests import tagged

from .common import CashToOrderCommon


@tagged("post_install", "-at_install")
class TestCashToOrderAttacks(CashToOrderCommon):
    """Beta pays before ordering (prepaid) and has 300 deposited by each
    test that needs it; the company blocks orders over the balance."""

    def _figures(self, partner):
        return partner._customer_zone_credit_figures(self.company)[partner.id]

    def test_another_customers_payment_confirms_nothing(self):
        """Alpha pays 700 on Beta's prepaid quotation: the money is Alpha's
        (booked on Alpha's account), Beta's order stays a quotation."""
        self._payment_on_account(self.beta, 300.0, self.today)
        order = self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        self.assertIn("allow_payment=yes", self._accept(order)["redirect_url"])
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._confirm(self._order_transaction(order, 700.0))
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.partner_id, self.alpha)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertEqual(tx.payment_id.partner_id, self.alpha)
        self.assertAlmostEqual(self._figures(self.alpha).deposits, 700.0)
        self.assertAlmostEqual(self._figures(self.beta).available, 300.0)
        self.assertAlmostEqual(order.customer_zone_credit_shortfall, 700.0)

    def test_an_authorization_confirms_nothing(self):
        """An authorized payment may still be voided: the order waits for the
        money; voided, it stays a quotation."""
        self._payment_on_account(self.beta, 300.0, self.today)
        order = self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        self._accept(order)
        tx = self._order_transaction(order, 700.0)
        tx._set_authorized()
        tx._post_process()
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertAlmostEqual(order.customer_zone_credit_shortfall, 700.0)
        tx._set_canceled()
        tx._post_process()
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertFalse(tx.payment_id)
        self.assertAlmostEqual(self._figures(self.beta).available, 300.0)

    def test_a_small_payment_on_a_blocked_quotation_is_booked(self):
        """Alpha (not prepaid) is blocked 100 over its balance on a quotation
        that asks no payment; 1.00 paid on it through the order's payment
        route is booked as Alpha's deposit (no error in the payment's
        processing), and the order waits for the shortfall."""
        self.company.account_use_credit_limit = True
        self.alpha.with_company(self.company).credit_limit = 1000.0
        self._invoice(self.alpha, 600.0, self.today)
        order = self._order(500.0, partner=self.alpha)
        self.assertTrue(order.customer_zone_credit_blocked)
        self.assertEqual(order._get_prepayment_required_amount(), 100.0)
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._confirm(self._order_transaction(order, 1.0))
        self.assertTrue(tx.is_post_processed)
        self.assertTrue(tx.payment_id, "the 1.00 is in the books")
        self.assertEqual(tx.payment_id.amount, 1.0)
        self.assertEqual(tx.payment_id.partner_id, self.alpha)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertAlmostEqual(self._figures(self.alpha).deposits, 1.0)
        self.assertAlmostEqual(order.customer_zone_credit_shortfall, 99.0)
        self.assertTrue(order.customer_zone_credit_blocked)
        # what is left to pay for it: the 1.00 paid and the 99.00 short
        self.assertEqual(order._get_prepayment_required_amount(), 100.0)

    def test_two_quotations_paid_for_one_shortfall(self):
        """Two quotations of 1,000 with 300 deposited: each asks 700 when
        accepted; the first paid takes the deposits, the second is then 300
        short after its 700 and stays a quotation."""
        self._payment_on_account(self.beta, 300.0, self.today)
        first, second = self._order(1000.0), self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        self._accept(first)
        self._accept(second)
        first_tx = self._order_transaction(first, 700.0)
        second_tx = self._order_transaction(second, 700.0)
        self._confirm(first_tx)
        self._confirm(second_tx)
        (first | second).invalidate_recordset()
        self.assertEqual(first.state, "sale")
        self.assertEqual(second.state, "sent")
        self.assertTrue(second_tx.payment_id, "the second 700 is booked all the same")
        self.assertAlmostEqual(second.customer_zone_credit_shortfall, 300.0)
