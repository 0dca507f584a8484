from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customer.zone.document.mixin"]

    customer_zone_published = fields.Boolean(
        string="Published in the Customer Zone",
        copy=False,
        help="Show this quotation in the customer zone although it has not "
        "been sent yet. Sent quotations and orders are always shown.",
    )

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.user_id or self.create_uid
