from odoo import api, fields, models


class CustomerZoneViewEvent(models.Model):
    """A delivery slip opened by the customer is a view, as an invoice's PDF."""

    _inherit = "customer.zone.view.event"

    target = fields.Selection(
        selection_add=[("delivery", "Delivery")], ondelete={"delivery": "cascade"}
    )

    @api.model
    def _document_target(self, document):
        if document._name == "stock.picking":
            return "delivery"
        return super()._document_target(document)
