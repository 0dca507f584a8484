from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_zone_supplier_zone = fields.Boolean(
        related="company_id.customer_zone_supplier_zone", readonly=False
    )
    customer_zone_supplier_default_access = fields.Boolean(
        related="company_id.customer_zone_supplier_default_access", readonly=False
    )
    customer_zone_supplier_ack_status = fields.Selection(
        related="company_id.customer_zone_supplier_ack_status", readonly=False
    )
