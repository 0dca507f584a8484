from odoo import models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _customer_zone_check_online_amount(self, currency, amount):
        """Raise ValidationError when ``amount`` is more than what is left to
        pay on these orders: what core's payment link offers at most (total
        less what is paid); core's payment route takes any amount."""
        left = sum(order.amount_total - order.amount_paid for order in self)
        if currency.compare_amounts(amount, left) > 0:
            raise ValidationError(
                self.env._("Enter an amount above zero and up to what is left to pay.")
            )
