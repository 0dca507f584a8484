from odoo import api, fields, models


class CustomerZoneViewEvent(models.Model):
    """A supplier opening its request for quotation or purchase order (its
    page or its PDF) is a view, as a customer opening an invoice."""

    _inherit = "customer.zone.view.event"

    target = fields.Selection(
        selection_add=[
            ("rfq", "Request for quotation"),
            ("purchase_order", "Purchase order"),
        ],
        ondelete={"rfq": "cascade", "purchase_order": "cascade"},
    )

    @api.model
    def _document_target(self, document):
        if document._name == "purchase.order":
            return "rfq" if document.state in ("draft", "sent") else "purchase_order"
        return super()._document_target(document)
