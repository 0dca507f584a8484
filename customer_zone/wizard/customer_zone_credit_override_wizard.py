from odoo import models


class CustomerZoneCreditOverrideWizard(models.TransientModel):
    _name = "customer.zone.credit.override.wizard"
    _description = "Customer Zone: confirm an order over the available balance"
