from odoo import api, fields, models


class CustomerZoneViewEvent(models.Model):
    """Ticket pages are views too (the customer read the answer)."""

    _inherit = "customer.zone.view.event"

    target = fields.Selection(
        selection_add=[("ticket", "Ticket")], ondelete={"ticket": "cascade"}
    )

    @api.model
    def _document_target(self, document):
        if document._name == "helpdesk.ticket":
            return "ticket"
        return super()._document_target(document)
