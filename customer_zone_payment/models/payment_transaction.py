from odoo import models
from odoo.tools import SQL


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _post_process(self):
        """After a confirmed payment: a receipt, and a word to the accountant."""
        if self:
            # Two notices for one transaction at once: the second waits here,
            # then sees the first one's payment (or fails and is retried).
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM payment_transaction WHERE id IN %s "
                    "FOR NO KEY UPDATE",
                    tuple(self.ids),
                )
            )
            self.invalidate_recordset(["payment_id", "state"])
        to_receipt = self.filtered(
            lambda tx: tx.state == "done"
            and not tx.payment_id
            and tx.operation != "validation"
        )
        result = super()._post_process()
        for tx in to_receipt.filtered("payment_id"):
            tx._customer_zone_send_receipt()
        return result

    def _customer_zone_send_receipt(self):
        payment = self.payment_id
        template = self.env.ref("customer_zone_payment.mail_template_payment_receipt")
        payment.with_context(lang=payment.partner_id.lang).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment"
        )
        watcher = self.company_id.customer_zone_payment_notify_user_id
        if watcher:
            payment.message_notify(
                partner_ids=watcher.partner_id.ids,
                subject=self.env._("Online payment received"),
                body=self.env._(
                    "%(customer)s paid %(amount)s online (%(reference)s).",
                    customer=payment.partner_id.name,
                    amount=payment.currency_id.format(payment.amount),
                    reference=self.reference,
                ),
            )

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
