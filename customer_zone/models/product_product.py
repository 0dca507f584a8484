from odoo import api, models
from odoo.fields import Domain


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _customer_zone_catalog_domain(self, company):
        """The products of the zone's catalog in ``company``: published,
        saleable, active (the variant and its product), of that company or
        shared; no combo (a combo is chosen item by item, not by quantity),
        and no product whose options are chosen on the order line (an
        attribute that creates no variant, or a value the customer types):
        the catalog orders a product by quantity alone, so it would sell
        those at their base price, without the option. The one domain the
        catalog's page, its order form and its reorder read."""
        options_on_the_line = Domain(
            "attribute_id.create_variant", "=", "no_variant"
        ) | Domain("value_ids.is_custom", "=", True)
        return (
            Domain("customer_zone_catalog", "=", True)
            & Domain("sale_ok", "=", True)
            & Domain("active", "=", True)
            & Domain("product_tmpl_id.active", "=", True)
            & Domain("type", "!=", "combo")
            & Domain("company_id", "in", [company.id, False])
            & Domain(
                "product_tmpl_id.attribute_line_ids", "not any", options_on_the_line
            )
        )

    def _customer_zone_catalog_availability(self, company):
        """What the zone's catalog says of these products' availability in
        ``company``: ``{product_id: label}``, the label shown beside each
        product ("In stock", "2 in stock", "Available in 5 days" ...).

        Without an inventory application nothing is known: an empty dict, and
        the catalog shows no availability. ``customer_zone_stock`` fills it
        from the warehouse (one grouped query for the page's products).
        """
        return {}
