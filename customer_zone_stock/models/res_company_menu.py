from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _customer_zone_menu_entries(self):
        """The deliveries of the customer's orders, after the orders."""
        entries = super()._customer_zone_menu_entries()
        entries.append(
            self._customer_zone_menu_entry(
                "deliveries",
                "deliveries",
                self.env._("Deliveries"),
                "/my/deliveries",
                ("deliveries",),
                83,
            )
        )
        return entries
