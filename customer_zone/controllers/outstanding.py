"""The outstanding items: what is open on the account, oldest due first."""

from odoo import fields, http
from odoo.http import request

from .portal import CustomerZonePortal, session_links


class CustomerZoneOutstandingPortal(CustomerZonePortal):
    @http.route("/my/outstanding", type="http", auth="user", website=True)
    def portal_my_outstanding(self, **kw):
        zone = self._customer_zone_require("outstanding")
        values = self._prepare_my_outstanding_values(zone, **kw)
        return request.render("customer_zone.portal_my_outstanding", values)

    def _prepare_my_outstanding_values(self, zone, /, **kw):
        """Values of /my/outstanding: the open items (``lines``), the days
        each is overdue (``days_overdue``, by line id), ``totals`` per
        currency and ``today``. Bridges add theirs (the payment forms).

        ``zone`` is positional-only: ``kw`` holds the query string, where a
        key named "zone" is no argument of ours."""
        lines = self._customer_zone_outstanding_lines(zone)
        today = fields.Date.context_today(request.env.user)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "outstanding",
                "lines": session_links(lines),
                "days_overdue": {
                    line.id: self._customer_zone_days_overdue(line, today)
                    for line in lines
                },
                "totals": self._customer_zone_outstanding_totals(lines, today),
                "today": today,
            }
        )
        return values

    def _customer_zone_outstanding_lines(self, zone):
        """Open receivable items of the zone's customer, oldest due first."""
        # sudo: the user's own receivable items, by a server-built domain
        lines = (
            request.env["account.move.line"]
            .sudo()
            .search_fetch(
                self._customer_zone_outstanding_domain(zone),
                [
                    "move_id",
                    "move_name",
                    "date",
                    "date_maturity",
                    "amount_currency",
                    "amount_residual_currency",
                    "currency_id",
                ],
                order="date_maturity, date, id",
            )
        )
        lines.move_id.fetch(["move_type", "name", "access_token"])
        return lines

    @staticmethod
    def _customer_zone_days_overdue(line, today):
        """Days past the due date of an amount owed (0 when not late, and
        for a credit: nothing is owed)."""
        if not line.date_maturity or line.amount_residual_currency <= 0:
            return 0
        return max((today - line.date_maturity).days, 0)

    @staticmethod
    def _customer_zone_outstanding_totals(lines, today):
        """Per currency: what is due, what of it is overdue, the credits, and
        the balance (due less credits)."""
        totals = {}
        for line in lines:
            total = totals.setdefault(
                line.currency_id, {"due": 0.0, "overdue": 0.0, "credit": 0.0}
            )
            amount = line.amount_residual_currency
            if amount > 0:
                total["due"] += amount
                if line.date_maturity and line.date_maturity < today:
                    total["overdue"] += amount
            else:
                total["credit"] += amount
        for total in totals.values():
            total["balance"] = total["due"] + total["credit"]
        return totals
