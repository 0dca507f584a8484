from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_zone_mode_pages(self):
        """Deliveries are part of the full account zone, beside the orders
        they fulfil."""
        return self._customer_zone_add_page(
            super()._customer_zone_mode_pages(), "deliveries", beside="orders"
        )
