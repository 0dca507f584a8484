from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    # the link mixin first: it overrides portal.mixin and mail.thread, which
    # sale.order inherits already (see the mixin)
    _inherit = [
        "customer.zone.link.mixin",
        "customer.zone.viewed.mixin",
        "sale.order",
    ]

    customer_zone_published = fields.Boolean(
        string="Published in the Customer Zone",
        copy=False,
        help="Show this quotation in the customer zone although it has not "
        "been sent yet. Sent quotations and orders are always shown.",
    )
    # the catalog form that created this order (its idempotence key): a second
    # submit of the same form finds it instead of making a second order
    customer_zone_catalog_key = fields.Char(
        string="Catalog form",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    _customer_zone_catalog_key_unique = models.Constraint(
        "UNIQUE(customer_zone_catalog_key)",
        "A catalog form makes one order per customer.",
    )

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.user_id or self.create_uid

    # the order's files, for the form's "Customer Zone files" page (the
    # counterpart of core's account.move.attachment_ids)
    customer_zone_attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Files",
        domain=[("res_model", "=", "sale.order")],
    )
