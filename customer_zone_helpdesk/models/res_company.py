from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_zone_mode_pages(self):
        """Tickets are part of the full account zone, like quotations."""
        return self._customer_zone_add_page(
            super()._customer_zone_mode_pages(), "tickets", beside="quotes"
        )
