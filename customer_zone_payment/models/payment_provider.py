from odoo import api, models

from odoo.addons.payment import utils as payment_utils


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    @api.model
    def _get_compatible_providers(
        self, company_id, partner_id, amount, *args, **kwargs
    ):
        """Offer a customer only the providers set on its commercial partner."""
        providers = super()._get_compatible_providers(
            company_id, partner_id, amount, *args, **kwargs
        )
        partner = self.env["res.partner"].browse(partner_id).commercial_partner_id
        offered = partner.sudo().customer_zone_payment_provider_ids
        if offered:
            allowed = providers & offered
            payment_utils.add_to_report(
                kwargs.get("report"),
                providers - allowed,
                available=False,
                reason=self.env._("not offered to this customer"),
            )
            providers = allowed
        return providers
