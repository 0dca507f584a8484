from odoo import Command
from odoo.tests import tagged

from odoo.addons.customer_zone.tests.common import CustomerZoneCommon

from ..tools import payment_input


@tagged("post_install", "-at_install")
class TestPaymentInput(CustomerZoneCommon):
    """What the payment routes read, without HTTP: one row per edge case
    (the routes' own tests send the same values over HTTP)."""

    def test_parse_ids(self):
        for raw, ids in (
            ("1,2,3", [1, 2, 3]),
            ("3-1-3", [3, 1]),  # the route's form, duplicates dropped
            ("7,", [7]),
        ):
            with self.subTest(raw=raw):
                self.assertEqual(payment_input.parse_ids(raw), ids)
        for raw in (
            "",
            None,
            "abc",
            "²",  # str.isdigit(), not int()
            "١٢",  # int() takes Arabic-Indic digits
            "1_0",  # int() takes underscores
            "0",
            "2147483648",  # above PostgreSQL's integer
            "9" * 5000,
            ",".join(["1"] * 501),  # more than may be chosen
        ):
            with self.subTest(raw=str(raw)[:20]), self.assertRaises(ValueError):
                payment_input.parse_ids(raw)

    def test_on_account_amount(self):
        self.company.customer_zone_on_account_max = 1000.0
        for raw, expected in (
            ("120", (120.0, None)),
            ("12,5", (12.5, None)),  # a decimal comma
            (" 1000 ", (1000.0, None)),
            ("1000.01", (None, "amount")),
            ("0.001", (None, "amount")),  # zero once rounded
            ("0", (None, "amount")),
            ("-5", (None, "amount")),
            ("nan", (None, "amount")),
            ("inf", (None, "amount")),
            ("abc", (None, "amount")),
            ("", (None, "amount")),
            (None, (None, "amount")),
        ):
            with self.subTest(raw=raw):
                self.assertEqual(
                    payment_input.on_account_amount(raw, self.company), expected
                )
        self.company.customer_zone_on_account_max = 0
        self.assertEqual(
            payment_input.on_account_amount("10", self.company), (None, "disabled")
        )

    def test_strict_amount(self):
        for value, expected in (
            (10.004, 10.0),
            ("10.5", 10.5),
            (7, 7.0),
            ("1e3", None),  # text must be plain decimals
            (0.004, None),  # zero once rounded
            (1e-320, None),
            (1e15, None),  # no payment is that large
            (10**400, None),  # float() overflows
            (float("nan"), None),
            (float("inf"), None),
            (-1, None),
            (True, None),
            ([1], None),
            (None, None),
        ):
            with self.subTest(value=str(value)[:20]):
                self.assertEqual(
                    payment_input.strict_amount(value, self.currency), expected
                )

    def test_strict_bool_and_positive_amount(self):
        for value, expected in (
            (True, True),
            (None, False),
            ("true", True),
            ("False", False),
            ("1", None),
            (1, None),
            ([True], None),
        ):
            with self.subTest(value=value):
                self.assertEqual(payment_input.strict_bool(value), expected)
        for value, expected in (
            (1.5, 1.5),
            (0.0, None),
            (-1.0, None),
            (float("nan"), None),
            (float("inf"), None),
            (None, None),
        ):
            with self.subTest(value=value):
                self.assertEqual(payment_input.positive_amount(value), expected)

    def test_linked_ids(self):
        values = {
            "invoice_ids": [Command.set([1, 2]), Command.link(3), "junk", (9,)],
            "sale_order_ids": None,
        }
        self.assertEqual(payment_input.linked_ids(values, "invoice_ids"), [1, 2, 3])
        self.assertEqual(payment_input.linked_ids(values, "sale_order_ids"), [])
        self.assertEqual(payment_input.linked_ids(None, "invoice_ids"), [])

    def test_error_message(self):
        self.assertEqual(
            payment_input.error_message(self.env, "currency"),
            "Invoices in different currencies cannot be paid together.",
        )
        for code in ("invalid", "no such code", ""):
            with self.subTest(code=code):
                self.assertEqual(
                    payment_input.error_message(self.env, code),
                    "Some of the invoices chosen cannot be paid online.",
                )

    def test_payable_invoices(self):
        """Open invoices of the customer, allowed online; a choice by id is
        all or nothing, searched with the caller's rights."""
        mine = self._invoice(self.alpha, 100.0, "2026-01-10")
        later = self._invoice(self.alpha_buyer, 50.0, "2026-01-11", due="2099-01-01")
        excluded = self._invoice(self.alpha, 40.0, "2026-01-12")
        excluded.customer_zone_allow_online_payment = False
        refund = self._invoice(self.alpha, 10.0, "2026-01-12", move_type="out_refund")
        paid = self._invoice(self.alpha, 30.0, "2026-01-12")
        self._register_payment(paid, 30.0, "2026-01-13")
        foreign = self._invoice(self.beta, 999.0, "2026-01-10")
        Move = self.env["account.move"].with_user(self.user_alpha)
        chosen = Move._customer_zone_chosen_payable
        self.assertEqual(chosen(self.alpha, self.company, "all"), mine | later)
        self.assertEqual(
            chosen(self.alpha, self.company, f"{mine.id}-{later.id}"), mine | later
        )
        for other in (excluded, refund, paid, foreign):
            with self.subTest(other=other.name), self.assertRaises(ValueError):
                chosen(self.alpha, self.company, f"{mine.id},{other.id}")
        self.assertEqual(
            Move._customer_zone_overdue_payable(self.alpha, self.company), mine
        )
