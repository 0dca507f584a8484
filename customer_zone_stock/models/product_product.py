from odoo import models
from odoo.fields import Domain
from odoo.tools import float_is_zero, float_round

# "Only N left" at this many units or fewer
LOW_STOCK_UNITS = 5


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _customer_zone_catalog_availability(self, company):
        """The catalog's availability labels from the warehouse: the free
        quantity (on hand, not reserved) in ``company``'s warehouses of each
        tracked product, read for all of them in one grouped query. "In
        stock", "Only N left" (N at most LOW_STOCK_UNITS) or "Out of stock";
        nothing for services and consumables whose stock is not tracked."""
        labels = super()._customer_zone_catalog_availability(company)
        # sudo: the catalog's products, whatever the customer may read of the
        # warehouse; only the labels leave this method
        products = self.sudo().filtered("is_storable")
        if not products:
            return labels
        free = self._customer_zone_free_quantities(products, company)
        for product in products:
            labels[product.id] = self._customer_zone_availability_label(
                product, free.get(product.id, 0.0)
            )
        return labels

    @staticmethod
    def _customer_zone_free_quantities(products, company):
        """``{product id: free quantity}`` in ``company``'s warehouses."""
        Quant = products.env["stock.quant"].sudo()
        warehouses = (
            products.env["stock.warehouse"]
            .sudo()
            ._search(Domain("company_id", "=", company.id))
        )
        locations = (
            products.env["stock.location"]
            .sudo()
            ._search(
                Domain("usage", "=", "internal")
                & Domain("warehouse_id", "in", warehouses)
            )
        )
        groups = Quant._read_group(
            Domain("product_id", "in", products.ids)
            & Domain("location_id", "in", locations),
            ["product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        return {
            product.id: quantity - reserved for product, quantity, reserved in groups
        }

    def _customer_zone_availability_label(self, product, free):
        rounding = product.uom_id.rounding
        free = float_round(free, precision_rounding=rounding)
        if free <= 0 or float_is_zero(free, precision_rounding=rounding):
            return self.env._("Out of stock")
        if free <= LOW_STOCK_UNITS:
            count = int(free) if float(free).is_integer() else free
            return self.env._("Only %(count)s left", count=count)
        return self.env._("In stock")
