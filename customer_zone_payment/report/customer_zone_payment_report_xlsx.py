from odoo import api, models


class CustomerZonePaymentReportXlsx(models.AbstractModel):
    """The online payments selected in their report, as a spreadsheet (the
    zone's shared Excel writer)."""

    _name = "report.customer_zone_payment.payment_report_xlsx"
    _inherit = "customer.zone.xlsx.report"
    _description = "Customer Zone: online payments (Excel)"

    @api.model
    def _customer_zone_columns(self):
        return [
            "date",
            "reference",
            "partner_id",
            "provider_id",
            "state",
            "amount",
            "currency_id",
            "document_count",
            "on_account",
            "payment_id",
            "company_id",
        ]

    @api.model
    def _customer_zone_sheet_name(self):
        return self.env._("Online payments")
