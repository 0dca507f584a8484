from odoo import models


class CustomerZoneCreditLimitWizard(models.TransientModel):
    _name = "customer.zone.credit.limit.wizard"
    _description = "Customer Zone: change a credit limit"
