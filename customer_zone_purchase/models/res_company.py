from odoo import fields, models

# what acknowledging an order does to it (Settings)
ACKNOWLEDGE_STATUSES = [
    ("acknowledged", "Mark it acknowledged"),
    ("confirm", "Confirm a request for quotation"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    customer_zone_supplier_zone = fields.Boolean(
        string="Supplier zone",
        help="Suppliers' contacts see their requests for quotation and purchase "
        "orders in the portal, and acknowledge them. Off by default. "
        "Independent of the customers' zone: a company may open one, the other "
        "or both.",
    )
    customer_zone_supplier_default_access = fields.Boolean(
        string="Suppliers use the zone by default",
        default=True,
        help="Applies to every supplier whose own setting is 'Company default'.",
    )
    customer_zone_supplier_ack_status = fields.Selection(
        selection=ACKNOWLEDGE_STATUSES,
        string="When a supplier acknowledges",
        default="acknowledged",
        required=True,
        help="Mark it acknowledged: the order keeps its status and is marked "
        "acknowledged (Odoo's flag).\n"
        "Confirm a request for quotation: a request sent to the supplier is "
        "confirmed as a purchase order (or waits for approval where the "
        "company asks for it); a confirmed order is marked acknowledged.\n"
        "Either way the buyer is notified.",
    )

    def _customer_zone_supplier_allows(self, access):
        """Whether a supplier whose switch is ``access`` uses this company's
        supplier zone."""
        self.ensure_one()
        if not self.customer_zone_supplier_zone or access == "blocked":
            return False
        return access == "allowed" or self.customer_zone_supplier_default_access
