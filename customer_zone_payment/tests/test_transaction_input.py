import json

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerZonePaymentHttpCommon

# what a hostile caller sends as an id: text, SQL, signs, exponents, huge
# numbers, Unicode digits, lists, booleans, NaN and infinity
BAD_IDS = (
    "x" * 10000,
    "1' OR '1'='1",
    -1,
    "-1",
    1e30,
    "9" * 5000,
    "nan",
    float("nan"),
    float("inf"),
    [1],
    True,
    "²",
    " 1 ",
    "",
)
BAD_AMOUNTS = (
    "x" * 10000,
    "1' OR '1'='1",
    [1],
    {"a": 1},
    1e309,  # infinity once parsed
    float("-inf"),
    float("nan"),
    "nan",
    "Infinity",
    "9" * 5000,
    1e300,
    -1,
    "-1",
    0,
    "",
    None,
    True,
    1e-320,
    0.004,
)


@tagged("post_install", "-at_install")
class TestTransactionBadInput(CustomerZonePaymentHttpCommon):
    """Whatever a transaction route is sent: a clear message, never a 500,
    never a transaction for an amount nobody owes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._invoice(cls.alpha, 931.5, "2026-01-10")
        cls.order = cls._quotation(cls.alpha, state="sent")

    def _rpc(self, route, params):
        """A JSON-RPC request whose body may hold NaN and Infinity, as a
        hostile caller writes it (``requests`` refuses to)."""
        body = json.dumps(
            {"id": 0, "jsonrpc": "2.0", "method": "call", "params": params}
        )
        with mute_logger("odoo.http"):
            return self.url_open(
                route, data=body, headers={"Content-Type": "application/json"}
            )

    def _assert_clear_refusal(self, route, params, message=None):
        response = self._rpc(route, params)
        self.assertLess(response.status_code, 500)
        self.assertEqual(response.status_code, 200)
        error = response.json().get("error")
        self.assertTrue(error, f"accepted {params}")
        self.assertEqual(error["data"]["name"], "odoo.exceptions.ValidationError")
        if message:
            self.assertIn(message, error["data"]["message"])

    def _count_transactions(self):
        return self.env["payment.transaction"].search_count([])

    # ------------------------------------------------------------------
    # finding 1: an amount above zero that rounds to zero
    # ------------------------------------------------------------------
    def test_invoice_amount_rounding_to_zero_is_refused(self):
        self.company.customer_zone_allow_partial_payment = True
        self.authenticate("cz_alpha", "cz_alpha")
        route = f"/invoice/transaction/{self.invoice.id}"
        for amount in (1e-320, "1e-320", 0.004, 5e-324):
            with self.subTest(amount=amount):
                self._assert_clear_refusal(
                    route,
                    self._demo_payment_values(
                        amount,
                        landing_route=self.invoice.access_url,
                        access_token=self.invoice._portal_ensure_token(),
                    ),
                    "Enter an amount above zero and up to what is due.",
                )
        self.assertFalse(self.invoice.transaction_ids)
        # a real partial amount is still paid, rounded to the currency
        tx = self._new_transaction(
            route,
            self._demo_payment_values(
                10.004,
                landing_route=self.invoice.access_url,
                access_token=self.invoice._portal_ensure_token(),
            ),
        )
        self.assertEqual(tx.amount, 10.0)

    # ------------------------------------------------------------------
    # finding 2: the payment methods page and its query string
    # ------------------------------------------------------------------
    def test_payment_method_page_ignores_the_query_string(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._count_transactions()
        for query in (
            f"partner_id={self.beta.id}",
            "amount=1",
            "amount=abc",
            "currency_id=" + "9" * 10000,
            "currency_id=1%27%20OR%20%271%27%3D%271",
            "currency_id=-1",
            "currency_id=nan",
            "company_id=abc",
            "is_validation=x",
        ):
            with self.subTest(query=query[:40]), mute_logger("odoo.http"):
                page = self.url_open(f"/my/payment_method?{query}")
                self.assertEqual(page.status_code, 200)
                self.assertIn("o_payment_form", page.text)
        self.assertEqual(self._count_transactions(), before)

    # ------------------------------------------------------------------
    # finding 3: core's quotation payment route
    # ------------------------------------------------------------------
    def _order_values(self, **overrides):
        values = self._demo_payment_values(
            self.order.amount_total,
            landing_route=self.order.access_url,
            access_token=self.order._portal_ensure_token(),
            is_validation=False,
        )
        return {**values, **overrides}  # the amount may be overridden too

    def test_order_transaction_refuses_bad_values(self):
        self.authenticate("cz_alpha", "cz_alpha")
        route = f"/my/orders/{self.order.id}/transaction"
        before = self._count_transactions()
        cases = [("provider_id", value) for value in BAD_IDS]
        cases += [("payment_method_id", value) for value in BAD_IDS]
        cases += [("payment_method_id", None), ("provider_id", None)]
        cases += [("amount", value) for value in BAD_AMOUNTS]
        cases += [
            ("flow", value) for value in ("", "x" * 10000, "1' OR '1'='1", None, [1])
        ]
        cases += [
            ("is_validation", value)
            for value in ("x" * 10000, "1' OR '1'='1", 1, [1], True, "true")
        ]
        cases += [("tokenization_requested", value) for value in ("x" * 10000, [1], 1)]
        # a token that does not exist, or is not one
        cases += [("token_id", value) for value in ("x" * 10000, -1, [1], 10**9, True)]
        for key, value in cases:
            with self.subTest(key=key, value=str(value)[:20]):
                self._assert_clear_refusal(route, self._order_values(**{key: value}))
        self.assertEqual(self._count_transactions(), before)
        self.assertFalse(self.order.transaction_ids)

    def test_order_transaction_is_capped_at_what_is_left_to_pay(self):
        self.authenticate("cz_alpha", "cz_alpha")
        route = f"/my/orders/{self.order.id}/transaction"
        total = self.order.amount_total
        message = "Enter an amount above zero and up to what is left to pay."
        self._assert_clear_refusal(
            route, self._order_values(amount=total + 0.01), message
        )
        self.assertFalse(self.order.transaction_ids)
        # what the payment form sends: a number, or its text
        half = self.order.currency_id.round(total / 2)
        tx = self._new_transaction(route, self._order_values(amount=str(half)))
        self.assertEqual(tx.amount, half)
        self.assertEqual(tx.sale_order_ids, self.order)
        tx._set_done()
        left = self.order.currency_id.round(total - half)
        self._assert_clear_refusal(
            route, self._order_values(amount=left + 0.01), message
        )
        tx = self._new_transaction(route, self._order_values(amount=left))
        self.assertEqual(tx.amount, left)
