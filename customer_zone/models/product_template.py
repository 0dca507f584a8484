from odoo import fields, models


class ProductTemplate(models.Model):
    """Products the business publishes in the zone's catalog. Which of them
    a customer sees is decided by ``product.product._customer_zone_catalog_domain``
    (published, saleable, active, of the zone's company or shared)."""

    _inherit = "product.template"

    customer_zone_catalog = fields.Boolean(
        string="In the Customer Zone catalog",
        index=True,
        copy=False,
        help="Customers allowed to order from the catalog see this product in "
        "their zone, at their pricelist's price, when it can be sold.",
    )
