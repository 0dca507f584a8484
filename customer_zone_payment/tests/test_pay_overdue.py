import re

from odoo.tests import tagged

from .common import CustomerZonePaymentHttpCommon

OVERDUE_TX = "/invoice/transaction/overdue"


@tagged("post_install", "-at_install")
class TestPayOverdueInvoices(CustomerZonePaymentHttpCommon):
    """Core's "Pay overdue invoices" obeys the zone's rules, like a choice of
    invoices on /my/outstanding does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.allowed = cls._invoice(cls.alpha, 100.0, "2026-01-10")
        cls.excluded = cls._invoice(cls.alpha, 40.0, "2026-01-12")
        cls.excluded.customer_zone_allow_online_payment = False
        cls.not_due = cls._invoice(cls.alpha, 70.0, "2026-01-15", due="2099-01-01")
        cls.beta_overdue = cls._invoice(cls.beta, 999.0, "2026-01-10")

    def _overdue_values(self, amount):
        """What core's overdue page posts, with a tampered reference."""
        return self._demo_payment_values(
            amount, landing_route="/my/invoices/", payment_reference="TAMPERED-REF"
        )

    def test_page_offers_only_what_may_be_paid_online(self):
        # a contact of Alpha: core only took invoices addressed to the contact
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        page = self.url_open("/my/invoices/overdue")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.allowed.name, page.text)
        self.assertNotIn(self.excluded.name, page.text)
        self.assertNotIn(self.not_due.name, page.text)
        self.assertIn("100.00", page.text)
        self.assertNotIn("140.00", page.text, "the excluded invoice rides along")
        route = re.search(r"/customer_zone/transaction/invoices/([0-9-]+)", page.text)
        self.assertEqual(route.group(1), str(self.allowed.id))

    def test_transaction_holds_only_the_allowed_invoice(self):
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._new_transaction(OVERDUE_TX, self._overdue_values(1.0))
        self.assertEqual(tx.invoice_ids, self.allowed)
        self.assertEqual(tx.amount, 100.0, "the browser's amount is ignored")
        self.assertEqual(tx.reference, self.allowed.name, "not the browser's")
        self._confirm(tx)
        self.assertEqual(
            self.allowed.payment_state, self.allowed._get_invoice_in_payment_state()
        )
        self.assertEqual(self.excluded.payment_state, "not_paid")
        self.assertEqual(self.not_due.payment_state, "not_paid")
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.allowed)

    def test_nothing_overdue_says_so(self):
        self.beta_overdue.customer_zone_allow_online_payment = False
        self.authenticate("cz_beta", "cz_beta")
        page = self.url_open("/my/invoices/overdue")
        self.assertEqual(page.status_code, 200)
        self.assertIn("You have no overdue invoice to pay online.", page.text)
        self.assertNotIn("999.00", page.text)
        # core answered this one with an IndexError
        self._assert_refused(
            OVERDUE_TX,
            self._overdue_values(999.0),
            "You have no overdue invoice to pay online.",
        )
        self.assertFalse(self.beta_overdue.transaction_ids)

    def test_only_in_a_full_account_zone(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open("/my/invoices/overdue")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Paying several invoices at once is not available", page.text)
        self._assert_refused(
            OVERDUE_TX, self._overdue_values(100.0), "Online payment is not available."
        )
        self.assertFalse(self.allowed.transaction_ids)

    def test_public_visitor_is_sent_to_log_in(self):
        self.authenticate(None, None)
        response = self.url_open("/my/invoices/overdue", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self._assert_refused(
            OVERDUE_TX, self._overdue_values(100.0), "Online payment is not available."
        )
