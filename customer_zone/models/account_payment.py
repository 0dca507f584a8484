from odoo import models


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "customer.zone.document.mixin"]

    # the account summary's "last payment": the newest payment of each of the
    # customer's partners, read from the index top
    _customer_zone_last_payment_idx = models.Index("(partner_id, date DESC, id DESC)")
