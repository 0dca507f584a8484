from odoo import api, models
from odoo.fields import Domain


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

    def _customer_zone_open_ticket_count(self):
        """How many open tickets of this commercial partner (its contacts'
        included) its zone shows: the number in the account summary."""
        self.ensure_one()
        # sudo: this partner's tickets, filtered by the zone's own domain (the
        # one the record rules apply)
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(
                Domain("partner_id", "child_of", self.id)
                & Domain("closed", "=", False)
                & self._customer_zone_document_domain("helpdesk.ticket")
            )
        )
