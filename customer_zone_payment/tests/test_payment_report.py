from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerZonePaymentCommon


@tagged("post_install", "-at_install")
class TestPaymentReport(CustomerZonePaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoices = cls._invoice(cls.alpha, 10.0, "2026-01-10") | cls._invoice(
            cls.alpha, 20.0, "2026-01-11"
        )

        def tx(reference, amount, partner, invoices=None):
            return cls.env["payment.transaction"].create(
                {
                    "reference": reference,
                    "provider_id": cls.provider.id,
                    "payment_method_id": cls.payment_method.id,
                    "amount": amount,
                    "currency_id": cls.currency.id,
                    "partner_id": partner.id,
                    "invoice_ids": [
                        Command.set((invoices or cls.env["account.move"]).ids)
                    ],
                }
            )

        cls.done = tx("CZ-TEST-DONE", 30.0, cls.alpha_buyer, cls.invoices)
        cls.done._set_done()
        cls.failed = tx("CZ-TEST-FAIL", 15.0, cls.alpha)
        cls.failed._set_error("Card declined")
        cls.cancelled = tx("CZ-TEST-CANCEL", 5.0, cls.beta)
        cls.cancelled._set_canceled()

    def _rows(self):
        return self.env["customer.zone.payment.report"].search(
            [("reference", "like", "CZ-TEST-")]
        )

    def test_every_transaction_with_its_state_customer_and_documents(self):
        rows = {row.reference: row for row in self._rows()}
        self.assertEqual(rows["CZ-TEST-DONE"].state, "done")
        self.assertEqual(rows["CZ-TEST-DONE"].partner_id, self.alpha, "the company")
        self.assertEqual(rows["CZ-TEST-DONE"].document_count, 2)
        self.assertFalse(rows["CZ-TEST-DONE"].on_account)
        self.assertEqual(rows["CZ-TEST-FAIL"].state, "error")
        self.assertTrue(rows["CZ-TEST-FAIL"].on_account)
        self.assertEqual(rows["CZ-TEST-CANCEL"].state, "cancel")

    def test_dashboard_figures_by_state_and_period(self):
        groups = self.env["customer.zone.payment.report"]._read_group(
            [("reference", "like", "CZ-TEST-")],
            ["state", "date:month"],
            ["amount:sum", "document_count:sum", "__count"],
        )
        figures = {
            state: (amount, docs, count) for state, _m, amount, docs, count in groups
        }
        self.assertEqual(figures["done"], (30.0, 2, 1))
        self.assertEqual(figures["error"], (15.0, 0, 1))
        for interval in ("week", "year"):
            self.assertTrue(
                self.env["customer.zone.payment.report"]._read_group(
                    [("reference", "like", "CZ-TEST-")],
                    [f"date:{interval}"],
                    ["__count"],
                )
            )

    def test_export(self):
        rows = self._rows().sorted("reference")
        exported = rows.export_data(["reference", "state", "partner_id", "amount"])
        self.assertEqual(
            [line[0] for line in exported["datas"]],
            ["CZ-TEST-CANCEL", "CZ-TEST-DONE", "CZ-TEST-FAIL"],
        )
        self.assertIn("Successful", [line[1] for line in exported["datas"]])

    def test_only_accountants_read_it(self):
        with self.assertRaises(AccessError):
            self.env["customer.zone.payment.report"].with_user(self.user_alpha).search(
                []
            )
