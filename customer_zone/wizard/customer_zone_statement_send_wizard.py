from odoo import models


class CustomerZoneStatementSendWizard(models.TransientModel):
    _name = "customer.zone.statement.send.wizard"
    _description = "Customer Zone: send or print statements"
