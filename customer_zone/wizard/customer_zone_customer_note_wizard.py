from odoo import models


class CustomerZoneCustomerNoteWizard(models.TransientModel):
    _name = "customer.zone.customer.note.wizard"
    _description = "Customer Zone: add a customer note"
