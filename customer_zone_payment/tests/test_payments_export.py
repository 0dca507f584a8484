import io

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerZonePaymentCommon

REPORT = "customer_zone_payment.customer_zone_payment_report_xlsx"


@tagged("post_install", "-at_install")
class TestPaymentsExport(CustomerZonePaymentCommon):
    """Online payments to Excel, and their button on the customer's panel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="cz_pay_accountant",
            groups="account.group_account_invoice",
            tz="UTC",
        )
        cls.employee = new_test_user(
            cls.env, login="cz_pay_employee", groups="base.group_user"
        )
        cls.invoices = cls._invoice(cls.alpha, 10.0, "2026-01-10") | cls._invoice(
            cls.alpha, 20.5, "2026-01-11"
        )
        cls.done = cls._transaction("CZ-XLSX-DONE", 30.5, cls.alpha_buyer, cls.invoices)
        cls.done._set_done()
        cls.failed = cls._transaction("CZ-XLSX-FAIL", 15.0, cls.alpha)
        cls.failed._set_error("Card declined")
        cls.beta_tx = cls._transaction("CZ-XLSX-BETA", 5.0, cls.beta)

    @classmethod
    def _transaction(cls, reference, amount, partner, invoices=None):
        return cls.env["payment.transaction"].create(
            {
                "reference": reference,
                "provider_id": cls.provider.id,
                "payment_method_id": cls.payment_method.id,
                "amount": amount,
                "currency_id": cls.currency.id,
                "partner_id": partner.id,
                "invoice_ids": [Command.set((invoices or cls.env["account.move"]).ids)],
            }
        )

    def _rows(self):
        return self.env["customer.zone.payment.report"].search(
            [("reference", "like", "CZ-XLSX-")], order="reference"
        )

    def test_export_of_the_selected_payments(self):
        rows = self._rows().filtered(lambda r: r.partner_id == self.alpha)
        content, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.accountant)
            ._render_xlsx(REPORT, rows.ids, data=None)
        )
        sheet = load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        header = values[0]
        self.assertEqual(
            header[:6], ("Date", "Reference", "Customer", "Provider", "State", "Amount")
        )
        lines = {line[1]: dict(zip(header, line, strict=True)) for line in values[1:]}
        self.assertEqual(set(lines), {"CZ-XLSX-DONE", "CZ-XLSX-FAIL"}, "the selection")
        done = lines["CZ-XLSX-DONE"]
        self.assertEqual(
            done["Customer"], self.alpha.name, "the customer, not its contact"
        )
        self.assertEqual(done["State"], "Successful")
        self.assertEqual(done["Amount"], 30.5)
        self.assertEqual(done["Currency"], self.currency.name)
        self.assertEqual(done["Documents paid"], 2)
        self.assertIs(done["On account"], False)
        self.assertEqual(done["Date"], rows[0].date.replace(microsecond=0))
        self.assertEqual(lines["CZ-XLSX-FAIL"]["State"], "Failed")
        self.assertIs(lines["CZ-XLSX-FAIL"]["On account"], True)
        self.assertIn(self.currency.symbol, sheet["F2"].number_format)

    def test_only_invoicing_users(self):
        rows = self._rows()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.employee)._render_xlsx(
                REPORT, rows.ids, data=None
            )
        with self.assertRaises(AccessError):
            self.env["customer.zone.payment.report"].with_user(self.user_alpha).search(
                []
            )
        report = self.env.ref(REPORT)
        self.assertEqual(
            report.group_ids, self.env.ref("account.group_account_invoice")
        )
        self.assertEqual(report.binding_model_id.model, "customer.zone.payment.report")

    def test_panel_button(self):
        alpha = self.alpha_buyer.with_user(self.accountant)
        self.assertEqual(alpha.customer_zone_online_payment_count, 2)
        self.assertEqual(
            self.beta.with_user(self.accountant).customer_zone_online_payment_count, 1
        )
        action = alpha.action_customer_zone_online_payments()
        self.assertEqual(action["res_model"], "customer.zone.payment.report")
        self.assertEqual(action["domain"], [("partner_id", "=", self.alpha.id)])
