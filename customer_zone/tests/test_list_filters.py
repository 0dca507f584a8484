import re

from odoo.tests import tagged

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestListFilters(CustomerZoneHttpCommon):
    """Each filter of the zone's lists, asserted by what the page shows:
    Alpha's documents that match, none that do not, none of Beta's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_paid = cls._invoice(cls.alpha, 100, "2026-01-05")
        cls.payment_received = cls._register_payment(
            cls.invoice_paid, 100, "2026-01-10"
        )
        cls.invoice_partial = cls._invoice(cls.alpha, 200, "2026-01-06")
        cls._register_payment(cls.invoice_partial, 50, "2026-01-11")
        cls.invoice_unpaid = cls._invoice(cls.alpha, 300, "2026-01-07")
        cls.credit_note_used = cls._invoice(cls.alpha, 30, "2026-01-08", "out_refund")
        # paid back to the customer: a refund
        cls.payment_refund = cls._register_payment(
            cls.credit_note_used, 30, "2026-01-12"
        )
        cls.credit_note_open = cls._invoice(cls.alpha, 40, "2026-01-09", "out_refund")
        cls.payment_on_account = cls._payment_on_account(cls.alpha, 25, "2026-01-13")
        # Beta's of every kind, which no filter shows to Alpha
        cls.beta_invoice = cls._invoice(cls.beta, 900, "2026-01-05")
        cls.beta_payment = cls._register_payment(cls.beta_invoice, 900, "2026-01-10")
        cls.beta_credit_note = cls._invoice(cls.beta, 90, "2026-01-08", "out_refund")

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")

    def _shown(self, url, candidates):
        """Those of ``candidates`` the page at ``url`` shows."""
        response = self._get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertNotIn("o_customer_zone_message", response.text, "a known key")
        return candidates.filtered(
            lambda record: re.search(
                rf"(?<![\w/]){re.escape(record.name)}(?![0-9])", response.text
            )
        )

    def _assert_filters(self, url, candidates, expected):
        for filterby, shown in expected.items():
            with self.subTest(url=url, filterby=filterby):
                self.assertEqual(
                    self._shown(f"{url}?filterby={filterby}", candidates), shown
                )

    def test_invoices_paid_and_unpaid(self):
        invoices = self.invoice_paid | self.invoice_partial | self.invoice_unpaid
        self._assert_filters(
            "/my/invoices",
            invoices
            | self.credit_note_used
            | self.credit_note_open
            | self.beta_invoice,
            {
                "paid": self.invoice_paid,
                "unpaid": self.invoice_partial | self.invoice_unpaid,
            },
        )

    def test_credit_notes_open_and_used(self):
        self._assert_filters(
            "/my/credit_notes",
            self.credit_note_used | self.credit_note_open | self.beta_credit_note,
            {
                "all": self.credit_note_used | self.credit_note_open,
                "open": self.credit_note_open,
                "used": self.credit_note_used,
            },
        )

    def test_payments_received_and_refunds(self):
        received = self.payment_received | self.payment_on_account
        self._assert_filters(
            "/my/payments",
            received | self.payment_refund | self.beta_payment,
            {
                "all": received | self.payment_refund,
                "received": received,
                "refunds": self.payment_refund,
            },
        )
