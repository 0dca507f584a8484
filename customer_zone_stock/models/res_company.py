from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_zone_mode_pages(self):
        """Deliveries are part of the full account zone, beside the orders
        they fulfil."""
        pages = super()._customer_zone_mode_pages()
        for shown in pages.values():
            if "orders" in shown:
                shown.add("deliveries")
        return pages
