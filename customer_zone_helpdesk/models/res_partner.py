from odoo import api, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _customer_zone_mode_domain(self, model_name):
        """Tickets are part of the full account zone, like quotations."""
        if model_name == "helpdesk.ticket":
            return Domain("company_id.customer_zone_mode", "=", "account")
        return super()._customer_zone_mode_domain(model_name)

    def _customer_zone_token_models(self):
        return super()._customer_zone_token_models() + ["helpdesk.ticket"]
