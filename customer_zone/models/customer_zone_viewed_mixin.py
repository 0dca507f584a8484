from odoo import models


class CustomerZoneViewedMixin(models.AbstractModel):
    """A document whose views by the customer are recorded (to be built)."""

    _name = "customer.zone.viewed.mixin"
    _description = "Customer Zone: document viewed by customers"
