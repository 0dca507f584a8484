from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _create_payment(self, **extra_create_values):
        """A payment on account may be allocated to the oldest open invoices."""
        payment = super()._create_payment(**extra_create_values)
        if not self.invoice_ids and self.company_id.customer_zone_allocate_oldest_first:
            self._customer_zone_allocate_oldest_first(payment)
        return payment

    def _customer_zone_allocate_oldest_first(self, payment):
        credit = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        open_items = self.env["account.move.line"].search(
            [
                ("partner_id", "=", payment.partner_id.commercial_partner_id.id),
                ("account_id", "=", credit.account_id.id),
                ("parent_state", "=", "posted"),
                ("reconciled", "=", False),
                ("amount_residual_currency", ">", 0),
                ("currency_id", "=", credit.currency_id.id),
                ("move_id.move_type", "=", "out_invoice"),
            ],
            order="date_maturity, date, id",
        )
        for item in open_items:
            if credit.reconciled:
                break
            (credit | item).reconcile()
