from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _customer_zone_menu_document_key(self, document):
        """A purchase order's page belongs to the list core shows it in."""
        if len(document) == 1 and document._name == "purchase.order":
            # core lists requests for quotation sent, and orders confirmed
            # or cancelled
            return "rfq" if document.state in ("draft", "sent") else "purchases"
        return super()._customer_zone_menu_document_key(document)
