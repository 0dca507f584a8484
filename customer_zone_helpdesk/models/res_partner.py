from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _customer_zone_mode_domain(self, model_name):
        """Tickets show where the company's zone shows the tickets page."""
        if model_name == "helpdesk.ticket":
            return self._customer_zone_company_showing("tickets")
        return super()._customer_zone_mode_domain(model_name)

    def _customer_zone_token_models(self):
        return super()._customer_zone_token_models() + ["helpdesk.ticket"]
