from odoo import api, models
from odoo.exceptions import AccessError


class ReportCustomerZoneOutstanding(models.AbstractModel):
    _name = "report.customer_zone.report_outstanding"
    _description = "Customer Zone outstanding items (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The values the zone's route built (the customer's open items of
        a filter, in an order, with their totals), as they are.

        Only the zone's route renders this report, in sudo, after its
        access decision: core's generic /report/<type>/<name>/<ids> route
        renders any report for any logged-in user, with ``data`` from the
        URL, so without sudo nobody gets it (back-office users have the
        statement and Odoo's own aged receivable reports)."""
        if not self.env.su:
            raise AccessError(
                self.env._("The outstanding items are printed from the Customer Zone.")
            )
        values = {
            "lines": self.env["account.move.line"],
            "days_overdue": {},
            "listed_totals": {},
            "totals": {},
            **((data or {}).get("customer_zone_outstanding") or {}),
        }
        partners = self.env["res.partner"].browse(docids)
        values.update(
            {
                "doc_ids": docids,
                "doc_model": "res.partner",
                "docs": partners,
            }
        )
        return values
