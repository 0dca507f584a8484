from odoo import api, fields, models

DOCUMENT_MODELS = [("account.move", "Invoice"), ("sale.order", "Quotation / order")]


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "customer.zone.document.mixin"]

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

    def message_post(self, **kwargs):
        self._customer_zone_notify_responsible(kwargs.get("message_type"))
        return super().message_post(**kwargs)

    @api.model
    def _get_thread_with_access(self, thread_id, **kwargs):
        thread = super()._get_thread_with_access(thread_id, **kwargs)
        return self._customer_zone_thread_filter(thread)

    def get_portal_url(
        self,
        suffix=None,
        report_type=None,
        download=None,
        query_string=None,
        anchor=None,
    ):
        return self._customer_zone_portal_url(
            super().get_portal_url,
            suffix=suffix,
            report_type=report_type,
            download=download,
            query_string=query_string,
            anchor=anchor,
        )

    def _portal_ensure_token(self):
        self._customer_zone_before_token()
        token = super()._portal_ensure_token()
        self._customer_zone_after_token()
        return token
