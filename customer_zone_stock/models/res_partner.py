from odoo import api, models
from odoo.fields import Domain

from .stock_picking import ZONE_PICKING_STATES

PICKING_MODEL = "stock.picking"


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _customer_zone_mode_domain(self, model_name, company=None):
        """Deliveries (and the customer's returns of them) show where the
        company's zone shows the deliveries page, once confirmed: on their
        way or done."""
        if model_name == PICKING_MODEL:
            return (
                self._customer_zone_company_showing("deliveries", company)
                & Domain("customer_zone_governed", "=", True)
                & Domain("state", "in", ZONE_PICKING_STATES)
            )
        return super()._customer_zone_mode_domain(model_name, company)

    def _customer_zone_document_domain(self, model_name, company=None):
        """Transfers of no sales order that are no customer's delivery
        (receipts, internal transfers, returns to suppliers) stay as core has
        them, as the bills of a supplier who is also a customer do. The other
        transfers of an order (pick and pack of a delivery in steps) show to
        no portal user: core's portal never shows them (its order page lists
        the deliveries only), nor does the zone."""
        domain = super()._customer_zone_document_domain(model_name, company)
        if model_name == PICKING_MODEL:
            domain |= self.env[PICKING_MODEL]._customer_zone_left_to_core_domain()
        return domain
