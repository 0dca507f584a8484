from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    customer_zone_on_account_max = fields.Monetary(
        related="company_id.customer_zone_on_account_max",
        currency_field="currency_id",
        readonly=False,
    )
    customer_zone_allocate_oldest_first = fields.Boolean(
        related="company_id.customer_zone_allocate_oldest_first", readonly=False
    )
    customer_zone_payment_notify_user_id = fields.Many2one(
        related="company_id.customer_zone_payment_notify_user_id", readonly=False
    )
    customer_zone_allow_partial_payment = fields.Boolean(
        related="company_id.customer_zone_allow_partial_payment", readonly=False
    )
