from odoo.tests import tagged

from .common import CashToOrderCommon


@tagged("post_install", "-at_install")
class TestCashToOrder(CashToOrderCommon):
    """A prepaid customer orders against its deposits: accepting a quotation
    its deposits do not cover asks to pay the shortfall online (core's
    prepayment flow), and the order is confirmed once that is paid."""

    def test_shortfall_is_paid_then_the_order_is_confirmed(self):
        self._payment_on_account(self.beta, 300.0, self.today)
        order = self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        page = self._get(f"/my/orders/{order.id}").text
        self.assertIn("Sign & Pay", page)
        self.assertIn("You pay before ordering", page)
        result = self._accept(order)
        self.assertIn("allow_payment=yes", result["redirect_url"])
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent", "signed, not confirmed before paying")
        self.assertEqual(order.signed_by, "Beta Boss")
        self.assertEqual(order._get_prepayment_required_amount(), 700.0)
        # the payment form asks for the shortfall, not the total
        page = self._get(f"/my/orders/{order.id}?message=sign_ok&allow_payment=yes")
        self.assertIn("700.00", page.text)
        self.assertIn("o_payment_form", page.text)
        tx = self._order_transaction(order, 700.0)
        self.assertEqual(tx.amount, 700.0)
        self.assertEqual(tx.sale_order_ids, order)
        self._confirm(tx)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id, "the payment is in the books")
        self.assertEqual(tx.payment_id.partner_id, self.beta)

    def test_deposits_cover_the_order(self):
        self._payment_on_account(self.beta, 1000.0, self.today)
        order = self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        page = self._get(f"/my/orders/{order.id}").text
        self.assertNotIn("customer_zone_credit_alert", page)
        self.assertNotIn("Sign & Pay", page)
        self.assertIn("redirect_url", self._accept(order))
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.transaction_ids)

    def test_a_smaller_payment_confirms_nothing(self):
        self._payment_on_account(self.beta, 300.0, self.today)
        order = self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        self._accept(order)
        tx = self._order_transaction(order, 1.0)  # a tampered amount
        self.assertEqual(tx.amount, 1.0)
        self._confirm(tx)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertTrue(order._has_to_be_paid())
        # what is left to pay: the shortfall less the 1.00 now deposited
        self.assertEqual(order._get_prepayment_required_amount(), 700.0)
        self.assertAlmostEqual(order.customer_zone_credit_shortfall, 699.0)
        # the backend refuses it as well: the block holds
        order.invalidate_recordset()
        self.assertTrue(order.customer_zone_credit_blocked)
        # the rest paid: confirmed
        self._confirm(self._order_transaction(order, 699.0))
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")

    def test_blocked_customer_paying_the_order_is_confirmed(self):
        """Not prepaid, over its limit and blocked, but the quotation asks for
        a payment: the payment confirms it, the block does not refuse it."""
        self.company.account_use_credit_limit = True
        self.alpha.with_company(self.company).credit_limit = 1000.0
        self._invoice(self.alpha, 600.0, self.today)
        order = self._order(500.0)
        order.write({"partner_id": self.alpha.id, "require_payment": True})
        self.assertTrue(order.customer_zone_credit_blocked)
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertIn("allow_payment=yes", self._accept(order)["redirect_url"])
        self._confirm(self._order_transaction(order, 500.0))
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")

    def test_more_than_the_total_is_refused(self):
        order = self._order(1000.0)
        self.authenticate("cz_beta", "cz_beta")
        self._accept(order)
        self._assert_refused(
            f"/my/orders/{order.id}/transaction",
            self._demo_payment_values(
                1000.01,
                access_token=order.access_token,
                landing_route=order.get_portal_url(),
            ),
            "up to what is left to pay",
        )
        self.assertFalse(order.transaction_ids)

    def test_refused_then_accepted_after_a_deposit_paid_online(self):
        """The issue's acceptance, end to end: a blocked customer's signature
        is refused with why and how to pay; it pays a deposit on account
        online from its outstanding items; the same signature is then
        accepted and the order confirmed."""
        self.company.write(
            {"account_use_credit_limit": True, "customer_zone_on_account_max": 5000.0}
        )
        self.alpha.with_company(self.company).credit_limit = 1000.0
        self._invoice(self.alpha, 800.0, self.today)
        order = self._order(500.0)
        order.partner_id = self.alpha
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get(f"/my/orders/{order.id}").text
        self.assertIn("This order cannot be accepted online yet", page)
        self.assertIn('href="/my/outstanding"', page)
        refused = self._accept(order)
        self.assertIn("300.00", refused["error"], "what is short: 800 + 500 - 1000")
        order.invalidate_recordset()
        self.assertFalse(order.signature)
        self.assertEqual(order.state, "sent")
        # a deposit of 300 paid online on account covers it
        deposit = self._confirm(
            self._new_transaction(
                "/customer_zone/transaction/on_account",
                self._demo_payment_values(300.0),
            )
        )
        self.assertEqual(deposit.state, "done")
        self.assertFalse(deposit.invoice_ids)
        figures = self.alpha._customer_zone_credit_figures(self.company)[self.alpha.id]
        self.assertAlmostEqual(figures.deposits, 300.0)
        self.assertAlmostEqual(figures.available, 1000.0 + 300.0 - 800.0)
        page = self._get(f"/my/orders/{order.id}").text
        self.assertNotIn("customer_zone_credit_alert", page)
        accepted = self._accept(order)
        self.assertNotIn("error", accepted)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Beta Boss")


@tagged("post_install", "-at_install")
class TestOrderPaymentWithoutLink(CashToOrderCommon):
    """A quotation page served read-only (from a replica) mints no link: its
    payment form then posts no access token, and the logged-in customer's
    session is what lets it pay."""

    def test_the_owner_pays_without_a_token(self):
        order = self._order(500.0)
        order.access_token = False
        self.authenticate("cz_beta", "cz_beta")
        self._accept(order)
        params = self._demo_payment_values(
            500.0, landing_route=f"/my/orders/{order.id}"
        )
        tx = self._new_transaction(f"/my/orders/{order.id}/transaction", params)
        self.assertEqual(tx.sale_order_ids, order)
        self.assertEqual(tx.amount, 500.0)

    def test_another_customer_cannot_pay_without_a_token(self):
        order = self._order(500.0)
        order.access_token = False
        self.authenticate("cz_alpha", "cz_alpha")
        params = self._demo_payment_values(
            500.0, landing_route=f"/my/orders/{order.id}"
        )
        self._jsonrpc_error(f"/my/orders/{order.id}/transaction", params)
        self.assertFalse(order.transaction_ids)

    def test_the_landing_page_is_a_page_of_this_site(self):
        """Core stores the landing route the browser sends: another site's
        address, or a NUL byte PostgreSQL refuses, becomes the order's page."""
        order = self._order(500.0)
        self.authenticate("cz_beta", "cz_beta")
        self._accept(order)
        for landing in ("https://evil.test/x", "//evil.test", "/my\x00", ["/my"]):
            with self.subTest(landing=str(landing)):
                params = self._demo_payment_values(500.0, landing_route=landing)
                params["access_token"] = order.access_token
                tx = self._new_transaction(f"/my/orders/{order.id}/transaction", params)
                self.assertEqual(tx.landing_route, f"/my/orders/{order.id}")
                self.assertEqual(tx.sale_order_ids, order)
        # a visitor with the order's link lands back on it with the link
        self.authenticate(None, None)
        params = self._demo_payment_values(500.0, landing_route="//evil.test")
        params["access_token"] = order.access_token
        tx = self._new_transaction(f"/my/orders/{order.id}/transaction", params)
        self.assertEqual(
            tx.landing_route,
            f"/my/orders/{order.id}?access_token={order.access_token}",
        )
        # a wrong token: no transaction, whatever the landing route
        params["access_token"] = "wrong"
        self._jsonrpc_error(f"/my/orders/{order.id}/transaction", params)
        self.assertEqual(len(order.transaction_ids), 5)
