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

    @api.model
    def _customer_zone_form_offers(
        self, company, partner_id, currency_id, amount, flow, provider_id, option_id
    ):
        """Whether the payment form offers ``partner_id`` this provider with
        this payment method (``option_id``), or this saved card with the
        "token" flow, for ``company``, ``currency_id`` and ``amount``.

        Core creates a transaction with any provider id it is sent; these are
        the three searches its form makes.
        """
        providers = self._get_compatible_providers(
            company.id, partner_id, amount, currency_id=currency_id
        )
        if flow == "token":
            tokens = self.env["payment.token"]._get_available_tokens(
                providers.ids, partner_id
            )
            return any(
                token.id == option_id and token.provider_id.id == provider_id
                for token in tokens
            )
        methods = self.env["payment.method"]._get_compatible_payment_methods(
            providers.ids, partner_id, currency_id=currency_id
        )
        return any(
            provider.id == provider_id
            and option_id in (methods & provider.payment_method_ids).ids
            for provider in providers
        )

    def _customer_zone_offered_to(self, partner):
        """Whether ``partner``'s company may use all of these providers (any,
        when none is chosen for it), whatever the route paying with them."""
        offered = partner.commercial_partner_id.customer_zone_payment_provider_ids
        return not offered or self <= offered
