from odoo import models


class CustomerZoneStatementMailing(models.Model):
    _name = "customer.zone.statement.mailing"
    _description = "Customer Zone: statement sent by email"
