from odoo import api, models

# what the supplier acknowledged of a line: what it delivers, when, at what
# price (the order's amount follows from them)
ACKNOWLEDGED_FIELDS = (
    "product_id",
    "product_qty",
    "product_uom_id",
    "price_unit",
    "discount",
    "tax_ids",
    "date_planned",
)


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        orders = lines._customer_zone_orders_changed().order_id
        orders._customer_zone_reset_acknowledgement(self.env._("a line was added"))
        return lines

    def write(self, vals):
        fields_changed = [name for name in ACKNOWLEDGED_FIELDS if name in vals]
        lines = self._customer_zone_orders_changed() if fields_changed else self
        before = {line: line._customer_zone_content(fields_changed) for line in lines}
        result = super().write(vals)
        changed = lines.filtered(
            lambda line: line._customer_zone_content(fields_changed) != before[line]
        )
        changed.order_id._customer_zone_reset_acknowledgement(
            self.env._("its lines changed")
        )
        return result

    def unlink(self):
        orders = self._customer_zone_orders_changed().order_id
        result = super().unlink()
        orders._customer_zone_reset_acknowledgement(self.env._("a line was removed"))
        return result

    def _customer_zone_orders_changed(self):
        """The lines of ``self`` (products, not sections or notes) whose
        change voids the supplier's acknowledgement of their order: those of
        acknowledged orders, unless the supplier changes them itself (its
        dates on the order's page)."""
        if self.env.context.get("customer_zone_keep_acknowledgement"):
            return self.browse()
        return self.filtered(
            lambda line: not line.display_type
            and line.order_id._customer_zone_acknowledged()
        )

    def _customer_zone_content(self, field_names):
        """The values of ``field_names`` of this line, comparable."""
        self.ensure_one()
        return tuple(
            frozenset(self[name].ids) if self._fields[name].relational else self[name]
            for name in field_names
        )
