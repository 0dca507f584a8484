from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZonePaymentHttpCommon

ON_ACCOUNT_TX = "/customer_zone/transaction/on_account"


@tagged("post_install", "-at_install")
class TestPayOnAccount(CustomerZonePaymentHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_on_account_max": 1000.0,
                "customer_zone_allocate_oldest_first": False,
            }
        )
        cls.old = cls._invoice(cls.alpha, 80.0, "2026-01-05", due="2026-01-05")
        cls.new = cls._invoice(cls.alpha, 90.0, "2026-02-05", due="2026-02-05")

    def _on_account_transaction(self, amount):
        """The transaction on account for ``amount``, under the reference a
        tampered browser sends (ignored)."""
        return self._new_transaction(
            ON_ACCOUNT_TX,
            self._demo_payment_values(amount, payment_reference="TAMPERED-REF"),
        )

    def _pay_on_account(self, amount):
        """Pay ``amount`` on account, confirmed by the provider."""
        return self._confirm(self._on_account_transaction(amount))

    def test_payment_on_account_stays_as_credit(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open("/my/outstanding/pay_on_account?amount=120")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Pay on account", page.text)
        self.assertIn("120.00", page.text)
        tx = self._pay_on_account("120")
        self.assertEqual(tx.amount, 120.0)
        self.assertEqual(tx.reference, "On account: Alpha Zone Test Co")
        self.assertFalse(tx.invoice_ids)
        self.assertEqual(tx.payment_id.state, "in_process")
        self.assertFalse(tx.payment_id.reconciled_invoice_ids)
        self.assertEqual(self.old.payment_state, "not_paid")
        statement = self.env["customer.zone.statement"]._get_statements(
            self.alpha, self._date("2026-01-01"), self._date("2026-12-31")
        )[0]
        self.assertAlmostEqual(statement["closing"], 80.0 + 90.0 - 120.0)
        self.assertEqual(statement["lines"][-1]["kind"], "Payment")

    def test_oldest_first_allocation(self):
        self.company.customer_zone_allocate_oldest_first = True
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._pay_on_account(120.0)
        self.assertEqual(
            self.old.payment_state, self.old._get_invoice_in_payment_state()
        )
        self.assertEqual(self.new.payment_state, "partial")
        self.assertAlmostEqual(self.new.amount_residual, 50.0)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.old | self.new)

    def test_bad_amounts_change_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for raw in ("0", "-5", "abc", "1e12", "nan", "inf", "1000.01", ""):
            with self.subTest(amount=raw):
                response = self.url_open(
                    f"/my/outstanding/pay_on_account?amount={raw}",
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 303)
                self.assertIn("error=amount", response.headers["Location"])
                with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
                    self._on_account_transaction(raw)
        page = self.url_open("/my/outstanding?error=amount").text
        self.assertIn("Enter an amount above zero", page)
        self.assertFalse(
            self.env["payment.transaction"].search([("partner_id", "=", self.alpha.id)])
        )

    def test_not_offered_when_no_maximum(self):
        self.company.customer_zone_on_account_max = 0
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertNotIn(
            "o_customer_zone_pay_on_account", self.url_open("/my/outstanding").text
        )
        response = self.url_open("/my/outstanding/pay_on_account?amount=10")
        self.assertEqual(response.status_code, 404)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._on_account_transaction(10)
