from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    # the link mixin first: it overrides portal.mixin and mail.thread, which
    # sale.order inherits already (see the mixin)
    _inherit = ["customer.zone.link.mixin", "sale.order"]

    customer_zone_published = fields.Boolean(
        string="Published in the Customer Zone",
        copy=False,
        help="Show this quotation in the customer zone although it has not "
        "been sent yet. Sent quotations and orders are always shown.",
    )

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.user_id or self.create_uid
