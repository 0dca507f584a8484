import re
from urllib.parse import quote

from odoo.tests import tagged

from .common import CustomerZonePaymentHttpCommon


@tagged("post_install", "-at_install")
class TestPaymentBadInput(CustomerZonePaymentHttpCommon):
    """Whatever the query string holds: a page or a message, never a 500,
    never a changed record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv1 = cls._invoice(cls.alpha, 100.0, "2026-01-10")
        cls.inv2 = cls._invoice(cls.alpha, 250.0, "2026-01-20")
        cls.foreign = cls._invoice(cls.beta, 999.0, "2026-01-10")

    def _count_transactions(self):
        return self.env["payment.transaction"].search_count([])

    def test_extra_parameters_are_not_forwarded(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._count_transactions()
        extras = {
            "currency_id": "1",
            "amount": "1",
            "partner_id": str(self.beta.id),
            "company_id": "999",
            "report": "x",
            "provider_id": "abc",
            "invoice_id": str(self.foreign.id),
            "access_token": "x",
            "is_validation": "1",
            "force_tokenization": "1",
        }
        for key, value in extras.items():
            with self.subTest(key=key):
                page = self.url_open(
                    f"/my/outstanding/pay?invoice_ids=all&{key}={value}"
                )
                self.assertEqual(page.status_code, 200)
                self.assertIn("350.00", page.text)
                route = re.search(
                    r"/customer_zone/transaction/invoices/([0-9-]+)", page.text
                )
                self.assertEqual(
                    {int(i) for i in route.group(1).split("-")},
                    {self.inv1.id, self.inv2.id},
                )
        self.assertEqual(self._count_transactions(), before)

    def test_malformed_ids_are_refused_with_a_message(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for raw in (
            "²",  # str.isdigit() but not int()
            "١٢",  # Arabic-Indic digits: int() takes them
            f"{self.inv1.id}\x00",
            "9" * 5000,  # more digits than int() converts
            ",".join(["1"] * 600),  # more than may be chosen
            f"{self.inv1.id}_0",  # int() takes underscores
        ):
            with self.subTest(raw=raw[:20]):
                response = self.url_open(
                    f"/my/outstanding/pay?invoice_ids={quote(raw)}",
                    allow_redirects=False,
                )
                self.assertEqual(response.status_code, 303)
                self.assertTrue(
                    response.headers["Location"].endswith(
                        "/my/outstanding?error=invalid"
                    )
                )
        page = self.url_open("/my/outstanding?error=invalid")
        self.assertIn("Some of the invoices chosen cannot be paid online.", page.text)

    def test_repeated_keys_take_one_value(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(
            f"/my/outstanding/pay?invoice_ids={self.inv1.id}"
            f"&invoice_ids={self.foreign.id}"
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.inv1.name, page.text)
        self.assertNotIn(self.foreign.name, page.text)

    def test_a_page_view_writes_nothing(self):
        """core took a batch-payment number from a sequence on every view"""
        sequence = self.company.sudo().batch_payment_sequence_id
        number = sequence.number_next_actual
        self.authenticate("cz_alpha", "cz_alpha")
        for _view in range(2):
            page = self.url_open(
                f"/my/outstanding/pay?invoice_ids={self.inv1.id},{self.inv2.id}"
            )
            self.assertEqual(page.status_code, 200)
            self.assertIn(min(self.inv1.name, self.inv2.name) + "+1", page.text)
        sequence.invalidate_recordset()
        self.assertEqual(sequence.number_next_actual, number)

    def test_invoice_page_with_a_bad_custom_amount(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = self.inv1.get_portal_url()
        separator = "&" if "?" in url else "?"
        for query in (
            "amount=abc",
            "amount=nan",
            "amount=-5",
            "amount=1e999",
            "amount=abc&payment_token=x",
            "currency_id=1",
            "company_id=1",
            "partner_id=1",
            "report=1",
            "website_id=1",
            "invoice_id=1",
        ):
            with self.subTest(query=query):
                page = self.url_open(f"{url}{separator}{query}", allow_redirects=False)
                self.assertEqual(page.status_code, 200)
                self.assertIn(self.inv1.name, page.text)
                self.assertIn("Pay Now", page.text)
        self.assertFalse(self.inv1.transaction_ids)
