from odoo.tests import HttpCase, tagged

from odoo.addons.customer_zone.tests.common import NoWallClock


@tagged("post_install", "-at_install")
class TestPaymentTour(NoWallClock, HttpCase):
    """In a browser, a demo customer pays two invoices and an amount on account."""

    def test_demo_customer_pays_two_invoices_and_on_account(self):
        company = self.env.ref("base.main_company")
        company.customer_zone_on_account_max = 1000.0
        self.env.ref("payment.payment_provider_demo").write(
            {"state": "test", "is_published": True}
        )
        acme = self.env.ref("customer_zone.partner_acme_demo")
        # generous: a slow machine must not fail the tour (nothing here is timed)
        self.start_tour(
            "/my/outstanding", "customer_zone_payment_tour", login="acme", timeout=600
        )
        transactions = self.env["payment.transaction"].search(
            [("partner_id", "child_of", acme.id), ("state", "=", "done")]
        )
        self.assertEqual(len(transactions), 2)
        for_invoices = transactions.filtered("invoice_ids")
        on_account = transactions - for_invoices
        self.assertEqual(len(for_invoices.invoice_ids), 2)
        self.assertEqual(
            for_invoices.payment_id.reconciled_invoice_ids, for_invoices.invoice_ids
        )
        self.assertEqual(on_account.amount, 50.0)
        self.assertTrue(on_account.payment_id)
        self.assertFalse(on_account.payment_id.reconciled_invoice_ids)
        # the statement and the dashboard show both payments
        self.authenticate("acme", "acme")
        statement = self.url_open("/my/statement").text
        self.assertIn(for_invoices.payment_id.name, statement)
        self.assertIn(on_account.payment_id.name, statement)
        rows = self.env["customer.zone.payment.report"].search(
            [("transaction_id", "in", transactions.ids), ("state", "=", "done")]
        )
        self.assertEqual(len(rows), 2)
