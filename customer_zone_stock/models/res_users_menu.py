from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _customer_zone_menu_document_key(self, document):
        """A delivery's page belongs to the deliveries."""
        if len(document) == 1 and document._name == "stock.picking":
            return "deliveries"
        return super()._customer_zone_menu_document_key(document)
