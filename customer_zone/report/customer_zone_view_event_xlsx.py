from odoo import api, models


class CustomerZoneViewEventXlsx(models.AbstractModel):
    """The document views selected in the Document views report, as a
    spreadsheet."""

    _name = "report.customer_zone.view_event_xlsx"
    _inherit = "customer.zone.xlsx.report"
    _description = "Customer Zone: document views (Excel)"

    @api.model
    def _customer_zone_columns(self):
        return [
            ("create_date", self.env._("When")),
            "partner_id",
            "user_id",
            "target",
            "document_name",
            "kind",
            "access",
            "ip_address",
            "user_agent",
            "company_id",
        ]

    @api.model
    def _customer_zone_sheet_name(self):
        return self.env._("Document views")
