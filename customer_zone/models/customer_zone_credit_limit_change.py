from odoo import models


class CustomerZoneCreditLimitChange(models.Model):
    _name = "customer.zone.credit.limit.change"
    _description = "Customer Zone: credit limit change"
