from odoo import api, models


class CustomerZoneDocumentXlsx(models.AbstractModel):
    """The register's selected documents, as a spreadsheet."""

    _name = "report.customer_zone.document_xlsx"
    _inherit = "customer.zone.xlsx.report"
    _description = "Customer Zone: documents register (Excel)"

    @api.model
    def _customer_zone_columns(self):
        return [
            "name",
            "document_type",
            "partner_id",
            "date",
            "amount",
            "currency_id",
            "state",
            "payment_state",
            "link_sent",
            "shown_in_zone",
            "first_viewed",
            "last_viewed",
            "view_count",
            "company_id",
        ]

    @api.model
    def _customer_zone_sheet_name(self):
        return self.env._("Documents")
