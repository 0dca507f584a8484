from odoo import api, fields, models
from odoo.exceptions import AccessError


class ReportCustomerZoneStatement(models.AbstractModel):
    _name = "report.customer_zone.report_statement"
    _description = "Customer Zone statement of account (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        # the web client sends a report with options without ids in the URL:
        # they are in the action's context (access checked just below)
        docids = docids or self._context_ids(data)
        partners = self.env["res.partner"].browse(docids)
        self._check_statement_access(partners)
        Statement = self.env["customer.zone.statement"]
        default_from, default_to = Statement._default_period()
        date_from = self._to_date(data.get("date_from")) or default_from
        date_to = self._to_date(data.get("date_to")) or default_to
        if date_from > date_to:
            date_from, date_to = default_from, default_to
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

    @api.model
    def _context_ids(self, data):
        """The ids of the action's context (``active_ids``), as the URL sends
        them: anything but a list of integers is no id (no server error)."""
        context = data.get("context")
        ids = context.get("active_ids") if isinstance(context, dict) else None
        if not isinstance(ids, (list, tuple)):
            return []
        return [i for i in ids if isinstance(i, int) and not isinstance(i, bool)]

    @api.model
    def _check_statement_access(self, partners):
        """The ledger is read in SQL, so no record rule guards it: decide here.

        Core's generic /report/<type>/<name>/<ids> route renders any report
        for any logged-in user, portal users included. The zone's own route
        renders the customer's statement in sudo, after its access decision;
        otherwise only invoicing users who may read each partner get one.
        """
        if self.env.su:
            return
        user = self.env.user
        if not user.has_group("account.group_account_invoice") or not (
            partners.has_access("read")
        ):
            raise AccessError(
                self.env._("You are not allowed to print statements of account.")
            )

    @api.model
    def _to_date(self, value):
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError):
            return None
