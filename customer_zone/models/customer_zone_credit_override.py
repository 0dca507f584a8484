from odoo import models


class CustomerZoneCreditOverride(models.Model):
    _name = "customer.zone.credit.override"
    _description = "Customer Zone: order confirmed over the available balance"
