from odoo import api, fields, models


class ReportCustomerZoneStatement(models.AbstractModel):
    _name = "report.customer_zone.report_statement"
    _description = "Customer Zone statement of account (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        Statement = self.env["customer.zone.statement"]
        default_from, default_to = Statement._default_period()
        date_from = fields.Date.to_date(data.get("date_from")) or default_from
        date_to = fields.Date.to_date(data.get("date_to")) or default_to
        partners = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "date_from": date_from,
            "date_to": date_to,
            "statements_by_partner": {
                partner.id: Statement._get_statements(partner, date_from, date_to)
                for partner in partners
            },
        }
