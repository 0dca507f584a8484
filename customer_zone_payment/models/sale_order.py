from odoo import models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

# the order's computed credit figures (customer_zone), cached per request
CREDIT_FIELDS = [
    "customer_zone_credit_currency_id",
    "customer_zone_available_balance",
    "customer_zone_credit_amount",
    "customer_zone_credit_shortfall",
    "customer_zone_credit_over",
    "customer_zone_credit_blocked",
    "customer_zone_credit_prepaid",
    "customer_zone_credit_message",
]


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

    # ------------------------------------------------------------------
    # cash to order: the zone's acceptance pays the shortfall online
    # ------------------------------------------------------------------
    def _customer_zone_pays_shortfall_online(self):
        """A quotation over its customer's available balance is paid online
        for its shortfall instead of refused: always for a prepaid customer
        (cash to order), and for a blocked one when the order asks for a
        payment anyway."""
        self.ensure_one()
        # sudo: the order's credit figures (fields of the staff), read for
        # the zone's page and acceptance of an order already accessed
        order_sudo = self.sudo()
        if (
            self.state not in ("draft", "sent")
            or not order_sudo.customer_zone_credit_over
        ):
            return False
        return order_sudo.customer_zone_credit_prepaid or (
            self.require_payment and order_sudo.customer_zone_credit_blocked
        )

    def _has_to_be_paid(self):
        """Core's, and a quotation whose shortfall is paid online: core's
        portal then shows "Sign & Pay" and its payment form."""
        if super()._has_to_be_paid():
            return True
        return (
            self.state in ("draft", "sent")
            and not self.is_expired
            and self.currency_id.compare_amounts(self.amount_total, 0.0) > 0
            and self._customer_zone_pays_shortfall_online()
        )

    def _get_prepayment_required_amount(self):
        """At least what is paid already plus the shortfall (in the order's
        currency, rounded up, at most the total): core confirms the order
        once its transactions reach this amount, and the check then finds
        the order covered (its payments not booked yet count as available),
        so that the confirmation after payment is never refused, and a
        smaller payment confirms nothing."""
        required = super()._get_prepayment_required_amount()
        order_sudo = self.sudo()
        # any order its policy blocks, whether the zone offers to pay its
        # shortfall or not: a smaller payment (the order's payment route, a
        # payment link) must not reach core's confirmation, which the block
        # would refuse inside the payment's processing
        if self.state not in ("draft", "sent") or not (
            order_sudo.customer_zone_credit_over
            and (
                order_sudo.customer_zone_credit_prepaid
                or order_sudo.customer_zone_credit_blocked
            )
        ):
            return required
        shortfall = float_round(
            self.sudo().customer_zone_credit_shortfall * (self.currency_rate or 1.0),
            precision_rounding=self.currency_id.rounding,
            rounding_method="UP",
        )
        return max(required, min(self.amount_total, self.amount_paid + shortfall))
