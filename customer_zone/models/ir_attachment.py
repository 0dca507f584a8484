from odoo import models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"
