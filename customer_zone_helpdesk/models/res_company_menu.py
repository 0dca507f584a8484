from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _customer_zone_menu_entries(self):
        """The zone's tickets, after its orders."""
        entries = super()._customer_zone_menu_entries()
        entries.append(
            self._customer_zone_menu_entry(
                "tickets",
                "tickets",
                self.env._("Tickets"),
                "/my/tickets",
                ("ticket",),
                87,
                paths=("/new/ticket",),
            )
        )
        return entries
