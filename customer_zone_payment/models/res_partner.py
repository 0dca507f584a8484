from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_payment_provider_ids = fields.Many2many(
        comodel_name="payment.provider",
        relation="customer_zone_partner_payment_provider_rel",
        column1="partner_id",
        column2="provider_id",
        string="Payment providers offered",
        help="The payment providers this customer may use in the customer zone. "
        "Empty: every provider the company enabled.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + ["customer_zone_payment_provider_ids"]
