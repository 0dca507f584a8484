from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _has_to_be_paid(self):
        """No "Pay Now" on an invoice excluded from online payment."""
        return self.customer_zone_allow_online_payment and super()._has_to_be_paid()
