from odoo import fields, models
from odoo.tools import SQL

STATES = [
    ("draft", "Started"),
    ("pending", "Pending"),
    ("authorized", "Authorized"),
    ("done", "Successful"),
    ("cancel", "Cancelled"),
    ("error", "Failed"),
]


class CustomerZonePaymentReport(models.Model):
    """Every online transaction of a customer, for the accountants' dashboard:
    one SQL view over payment.transaction, grouped by Odoo's pivot and graph."""

    _name = "customer.zone.payment.report"
    _description = "Customer Zone: online payments"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "reference"

    transaction_id = fields.Many2one("payment.transaction", readonly=True)
    reference = fields.Char(readonly=True)
    date = fields.Datetime(readonly=True)
    state = fields.Selection(STATES, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    provider_id = fields.Many2one("payment.provider", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(readonly=True, currency_field="currency_id")
    document_count = fields.Integer(string="Documents paid", readonly=True)
    on_account = fields.Boolean(string="On account", readonly=True)
    payment_id = fields.Many2one("account.payment", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT tx.id,
                   tx.id AS transaction_id,
                   tx.reference,
                   COALESCE(tx.last_state_change, tx.create_date) AS date,
                   tx.state,
                   partner.commercial_partner_id AS partner_id,
                   tx.provider_id,
                   tx.company_id,
                   tx.currency_id,
                   tx.amount,
                   COALESCE(docs.count, 0) AS document_count,
                   COALESCE(docs.count, 0) = 0 AS on_account,
                   tx.payment_id
              FROM payment_transaction tx
              JOIN res_partner partner ON partner.id = tx.partner_id
         LEFT JOIN (
                    SELECT transaction_id, COUNT(*) AS count
                      FROM account_invoice_transaction_rel
                  GROUP BY transaction_id
                   ) docs ON docs.transaction_id = tx.id
             WHERE tx.operation IS DISTINCT FROM 'validation'
            """
        )
