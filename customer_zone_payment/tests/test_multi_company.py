from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import CustomerZonePaymentHttpCommon


@tagged("post_install", "-at_install")
class TestPaymentsAcrossCompanies(CustomerZonePaymentHttpCommon):
    """One transaction, one company; payments on account stay in theirs;
    accountants see the online payments of their companies only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_branch()
        cls.company.write(
            {
                "customer_zone_on_account_max": 1000.0,
                "customer_zone_allocate_oldest_first": True,
            }
        )
        cls.branch_invoice = cls._invoice(
            cls.alpha, 60.0, "2025-12-01", company=cls.branch
        )
        cls.invoice = cls._invoice(cls.alpha, 100.0, "2026-01-10")

    def test_each_company_shows_by_its_own_settings(self):
        """A branch whose zone shows invoices only, and then no document to
        customers by default: its documents follow its settings, the
        company's its own, in searches as in each document's answer."""
        refund = self._invoice(self.alpha, 10.0, "2026-01-12", "out_refund")
        branch_refund = self._invoice(
            self.alpha, 5.0, "2026-01-12", "out_refund", company=self.branch
        )
        self.branch.customer_zone_mode = "invoices"
        Move = self.env["account.move"].with_user(self.user_alpha)
        Move = Move.with_context(allowed_company_ids=(self.company | self.branch).ids)
        documents = self.invoice | refund | self.branch_invoice | branch_refund
        self.assertEqual(
            Move.search([("id", "in", documents.ids)]),
            self.invoice | refund | self.branch_invoice,
        )
        self.assertEqual(
            documents.with_env(Move.env).mapped("customer_zone_visible"),
            [True, True, True, False],
        )
        self.branch.customer_zone_default_access = False
        documents.invalidate_recordset(["customer_zone_visible"])
        self.assertEqual(
            Move.search([("id", "in", documents.ids)]), self.invoice | refund
        )
        self.assertEqual(
            documents.with_env(Move.env).mapped("customer_zone_visible"),
            [True, True, False, False],
        )

    def test_invoices_of_two_companies_are_not_paid_together(self):
        self.authenticate("cz_alpha", "cz_alpha")
        ids = [self.invoice.id, self.branch_invoice.id]
        response = self.url_open(
            "/my/outstanding/pay?invoice_ids={},{}".format(*ids),
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith("/my/outstanding?error=company")
        )
        page = self.url_open("/my/outstanding?error=company")
        self.assertIn(
            "Invoices of different companies cannot be paid together.", page.text
        )
        self._assert_refused(
            "/customer_zone/transaction/invoices/{}-{}".format(*ids),
            self._demo_payment_values(160.0),
            "Invoices of different companies cannot be paid together.",
        )
        self.assertFalse(
            (self.invoice | self.branch_invoice).transaction_ids,
            "no transaction mixes companies",
        )
        # "Pay all" and the overdue payment take the zone's company only
        page = self.url_open("/my/outstanding/pay?invoice_ids=all")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.invoice.name, page.text)
        self.assertNotIn(self.branch_invoice.name, page.text)
        tx = self._new_transaction(
            "/invoice/transaction/overdue", self._demo_payment_values(1.0)
        )
        self.assertEqual(tx.invoice_ids, self.invoice)
        self.assertEqual(tx.company_id, self.company)

    def test_on_account_payment_stays_in_its_company(self):
        """Branches share the receivable account: the payment on account of
        the company must not settle the branch's (older) invoice, nor an
        invoice excluded from online payment."""
        excluded = self._invoice(self.alpha, 30.0, "2025-12-15")
        excluded.customer_zone_allow_online_payment = False
        self.authenticate("cz_alpha", "cz_alpha")
        tx = self._new_transaction(
            "/customer_zone/transaction/on_account", self._demo_payment_values(120.0)
        )
        self._confirm(tx)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.invoice)
        self.assertEqual(
            self.invoice.payment_state, self.invoice._get_invoice_in_payment_state()
        )
        self.assertEqual(self.branch_invoice.payment_state, "not_paid")
        self.assertEqual(excluded.payment_state, "not_paid")
        self.assertAlmostEqual(self.branch_invoice.amount_residual, 60.0)

    def test_accountants_see_their_companies_payments(self):
        other = self.env["res.company"].create({"name": "Zone test other company"})
        tx = self.env["payment.transaction"].create(
            {
                "reference": "CZ-TEST-COMPANY-A",
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method.id,
                "amount": 10.0,
                "currency_id": self.currency.id,
                "partner_id": self.alpha.id,
                "invoice_ids": [Command.set(self.invoice.ids)],
            }
        )
        accountant_other = new_test_user(
            self.env,
            login="cz_accountant_other",
            groups="account.group_account_invoice",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        accountant_here = new_test_user(
            self.env,
            login="cz_accountant_here",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        Report = self.env["customer.zone.payment.report"]
        domain = [("transaction_id", "=", tx.id)]
        self.assertFalse(Report.with_user(accountant_other).search(domain))
        self.assertEqual(
            Report.with_user(accountant_here).search(domain).reference,
            "CZ-TEST-COMPANY-A",
        )
