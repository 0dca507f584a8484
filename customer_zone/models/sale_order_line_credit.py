from odoo import api, models

from .sale_order_credit import ORDER_WRITE_KEY, OrdersWritten


class SaleOrderLine(models.Model):
    """Lines of a confirmed order written directly (not through the
    order's write): the order may not grow past its customer's balance."""

    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        """Lines added to confirmed orders: refused past the balance."""
        orders = self._customer_zone_orders_to_check(
            self.env["sale.order"].browse(
                {
                    vals["order_id"]
                    for vals in vals_list
                    if isinstance(vals.get("order_id"), int)
                }
            )
        )
        before = orders._customer_zone_credit_snapshot()
        lines = super().create(vals_list)
        orders._customer_zone_credit_refuse_increase(before)
        return lines

    def write(self, vals):
        """Lines of confirmed orders changed (or moved to one): refused past
        the balance."""
        orders = self.order_id
        if isinstance(vals.get("order_id"), int):
            orders |= orders.browse(vals["order_id"])
        orders = self._customer_zone_orders_to_check(orders)
        before = orders._customer_zone_credit_snapshot()
        result = super().write(vals)
        orders._customer_zone_credit_refuse_increase(before)
        return result

    def _customer_zone_orders_to_check(self, orders):
        """``orders`` but those whose own write is checking them (a line of
        another order, reached through an order's write, is checked here)."""
        writing = self.env.context.get(ORDER_WRITE_KEY)
        if isinstance(writing, OrdersWritten):
            return orders.filtered(lambda order: order.id not in writing)
        return orders
