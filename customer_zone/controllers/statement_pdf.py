"""The statement of account as a PDF."""

from odoo import fields, http
from odoo.http import request

from .statement import CustomerZoneStatementPortal


class CustomerZoneStatementPdf(CustomerZoneStatementPortal):
    @http.route("/my/statement/pdf", type="http", auth="user", website=True)
    def portal_my_statement_pdf(self, date_from=None, date_to=None, **kw):
        values = self._customer_zone_statement_values(date_from, date_to)
        partner = values["partner"]
        # sudo: rendering the statement of the user's own partner, decided above
        company = request.env.company
        pdf, _report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(allowed_company_ids=company.ids)
            ._render_qweb_pdf(
                "customer_zone.action_report_statement",
                partner.ids,
                data={
                    "date_from": fields.Date.to_string(values["date_from"]),
                    "date_to": fields.Date.to_string(values["date_to"]),
                },
            )
        )
        filename = f"Statement-{values['date_from']}-{values['date_to']}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
