from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _customer_zone_mode_pages(self):
        """Tickets are part of the full account zone, like quotations."""
        pages = super()._customer_zone_mode_pages()
        for shown in pages.values():
            if "quotes" in shown:
                shown.add("tickets")
        return pages
