import re

from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZonePaymentHttpCommon


@tagged("post_install", "-at_install")
class TestPaySelectedInvoices(CustomerZonePaymentHttpCommon):
    """Choose open invoices in /my/outstanding and pay them in one go."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv1 = cls._invoice(cls.alpha, 100.0, "2026-01-10")
        cls.inv2 = cls._invoice(cls.alpha, 250.0, "2026-01-20")
        cls.inv3 = cls._invoice(cls.alpha, 75.0, "2026-01-25")
        cls.excluded = cls._invoice(cls.alpha, 40.0, "2026-01-26")
        cls.excluded.customer_zone_allow_online_payment = False
        cls.eur = cls._invoice(
            cls.alpha, 60.0, "2026-01-27", currency=cls.other_currency
        )
        cls.foreign = cls._invoice(cls.beta, 999.0, "2026-01-10")
        cls.watcher = cls.env.ref("base.user_admin")
        cls.company.customer_zone_payment_notify_user_id = cls.watcher

    def _pay_selected(self, ids, amount=1.0):
        """The transaction for the invoices ``ids``, with the ``amount`` and
        reference a tampered browser sends (both ignored)."""
        route = "/customer_zone/transaction/invoices/" + "-".join(map(str, ids))
        return self._new_transaction(
            route,
            self._demo_payment_values(amount, payment_reference="TAMPERED-REF"),
        )

    def test_two_chosen_invoices_are_paid_and_reconciled(self):
        self.authenticate("cz_alpha", "cz_alpha")
        outstanding = self.url_open("/my/outstanding").text
        self.assertIn(f'name="pay_{self.inv1.id}"', outstanding)
        self.assertNotIn(f'name="pay_{self.excluded.id}"', outstanding)
        page = self.url_open(
            f"/my/outstanding/pay?pay_{self.inv1.id}=1&pay_{self.inv2.id}=1"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("350.00", page.text)
        route = re.search(r"/customer_zone/transaction/invoices/([0-9-]+)", page.text)
        self.assertEqual(
            {int(i) for i in route.group(1).split("-")}, {self.inv1.id, self.inv2.id}
        )

        tx = self._pay_selected([self.inv1.id, self.inv2.id], amount=1.0)
        self.assertEqual(tx.amount, 350.0, "the server recomputed the amount")
        reference = min(self.inv1.name, self.inv2.name) + "+1"
        self.assertEqual(tx.reference, reference, "built on the server")
        self.assertIn(reference, page.text, "the reference the page showed")
        self.assertEqual(tx.invoice_ids, self.inv1 | self.inv2)
        self._confirm(tx)
        self.assertTrue(tx.payment_id)
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertEqual(
            tx.payment_id.reconciled_invoice_ids, self.inv1 | self.inv2, "exactly those"
        )
        paid_state = self.inv1._get_invoice_in_payment_state()
        self.assertEqual(self.inv1.payment_state, paid_state)
        self.assertEqual(self.inv2.payment_state, paid_state)
        self.assertEqual(self.inv3.payment_state, "not_paid")
        receipt = tx.payment_id.message_ids.filtered(
            lambda m: "Payment received" in (m.subject or "")
        )
        self.assertIn(self.alpha, receipt.partner_ids)
        self.assertIn("/my/payments", receipt.body)
        self.assertIn(self.inv1.name, receipt.body)
        notice = self.env["mail.message"].search(
            [
                ("model", "=", "account.payment"),
                ("res_id", "=", tx.payment_id.id),
                ("subject", "=", "Online payment received"),
            ]
        )
        self.assertIn(self.watcher.partner_id, notice.partner_ids)
        # the provider's notice arriving again changes nothing
        payment = tx.payment_id
        self._confirm(tx)
        self.assertEqual(tx.payment_id, payment)
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )

    def test_refused_selections_change_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for ids in (
            [self.inv1.id, self.foreign.id],  # another customer's invoice
            [self.inv1.id, self.excluded.id],  # excluded from online payment
            [self.inv1.id, self.eur.id],  # two currencies
            [999999999],
        ):
            with self.subTest(ids=ids), mute_logger("odoo.http"):
                with self.assertRaises(JsonRpcException):
                    self._pay_selected(ids)
        for raw in ("abc", "-1", "1e9", "", "0", "99999999999"):
            with self.subTest(raw=raw):
                response = self.url_open(
                    f"/my/outstanding/pay?invoice_ids={raw}", allow_redirects=False
                )
                self.assertEqual(response.status_code, 303)
                self.assertIn("/my/outstanding?error=", response.headers["Location"])
        page = self.url_open(
            f"/my/outstanding/pay?invoice_ids={self.inv1.id},{self.eur.id}"
        )
        self.assertIn("different currencies", page.text)
        self.assertFalse(
            self.env["payment.transaction"].search([("partner_id", "=", self.alpha.id)])
        )

    def test_excluded_invoice_has_no_pay_now(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(self.excluded.get_portal_url()).text
        self.assertNotIn("Pay Now", page)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                f"/invoice/transaction/{self.excluded.id}",
                self._demo_payment_values(
                    40.0,
                    access_token=self.excluded._portal_ensure_token(),
                    landing_route="/my/invoices",
                ),
            )

    def test_public_and_other_customers_cannot_pay_these(self):
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/outstanding/pay?invoice_ids={self.inv1.id}", allow_redirects=False
        )
        self.assertIn("/web/login", response.headers["Location"])
        self.authenticate("cz_beta", "cz_beta")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self._pay_selected([self.inv1.id])
