from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _customer_zone_menu_entries(self):
        """A supplier's requests for quotation and purchase orders: two
        entries, as core has two lists."""
        entries = super()._customer_zone_menu_entries()
        entries += [
            self._customer_zone_menu_entry(
                "rfq",
                "purchases",
                self.env._("Requests for quotation"),
                "/my/rfq",
                ("rfq",),
                120,
            ),
            self._customer_zone_menu_entry(
                "purchases",
                "purchases",
                self.env._("Purchase orders"),
                "/my/purchase",
                ("purchase",),
                130,
            ),
        ]
        return entries
