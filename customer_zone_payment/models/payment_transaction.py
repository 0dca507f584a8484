from odoo import models
from odoo.fields import Domain
from odoo.tools import SQL

from .sale_order import CREDIT_FIELDS


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
            and not tx._customer_zone_pays_sale_order()
        )
        result = super()._post_process()
        for tx in to_receipt.filtered("payment_id"):
            tx._customer_zone_send_receipt()
        return result

    def _check_amount_and_confirm_order(self):
        """The orders' credit figures read fresh before core compares the
        amount paid with the amount required (cash to order): cached ones
        may predate what this processing booked."""
        self.sale_order_ids.invalidate_recordset(CREDIT_FIELDS)
        return super()._check_amount_and_confirm_order()

    def _customer_zone_pays_sale_order(self):
        """Whether this pays a quotation or an order. Then sale already writes
        to the customer (its confirmation or "payment received" email, and
        the invoice when it invoices on payment): no receipt of ours; and
        the payment belongs to the order, not to the oldest invoices."""
        self.ensure_one()
        return "sale_order_ids" in self._fields and bool(
            self.sale_order_ids or self.source_transaction_id.sale_order_ids
        )

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
        if (
            not self.invoice_ids
            and not self._customer_zone_pays_sale_order()
            and self.company_id.customer_zone_allocate_oldest_first
        ):
            self._customer_zone_allocate_oldest_first(payment)
        return payment

    def _customer_zone_allocate_oldest_first(self, payment):
        """Reconcile a payment on account with the customer's oldest open
        invoices: of the transaction's company only (branches share accounts),
        and never one excluded from online payment."""
        credit = payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        partner = payment.partner_id.commercial_partner_id
        open_items = self.env["account.move.line"].search(
            partner._customer_zone_open_items_domain(self.company_id)
            & Domain("account_id", "=", credit.account_id.id)
            & Domain("amount_residual_currency", ">", 0)
            & Domain("currency_id", "=", credit.currency_id.id)
            & Domain("move_id.move_type", "=", "out_invoice")
            & Domain("move_id.customer_zone_allow_online_payment", "=", True),
            order="date_maturity, date, id",
        )
        for item in open_items:
            if credit.reconciled:
                break
            (credit | item).reconcile()
