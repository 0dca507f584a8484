from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _customer_zone_menu_document_key(self, document):
        """A ticket's page belongs to the tickets."""
        if len(document) == 1 and document._name == "helpdesk.ticket":
            return "tickets"
        return super()._customer_zone_menu_document_key(document)
