from odoo import fields, models

DOCUMENT_MODELS = [("account.move", "Invoice"), ("sale.order", "Quotation / order")]


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    # the link mixin first: it overrides portal.mixin and mail.thread, which
    # helpdesk.ticket inherits already (see the mixin)
    _inherit = [
        "customer.zone.link.mixin",
        "customer.zone.viewed.mixin",
        "helpdesk.ticket",
    ]

    customer_zone_document_ref = fields.Reference(
        selection=DOCUMENT_MODELS,
        string="About",
        help="The invoice or quotation the customer asked about from the zone.",
    )

    def _customer_zone_partner(self):
        self.ensure_one()
        return self.commercial_partner_id or self.partner_id.commercial_partner_id

    def _customer_zone_responsible(self):
        self.ensure_one()
        return self.user_id or self.create_uid
