"""The statement of account (page, print view, PDF) and the outstanding
items."""

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.http import request

from ..const import STATEMENT_EARLIEST, STATEMENT_LATEST, STATEMENT_MAX_YEARS
from .portal import CustomerZonePortal, session_links


class CustomerZoneStatementPortal(CustomerZonePortal):
    # ------------------------------------------------------------------
    # statement of account
    # ------------------------------------------------------------------
    def _customer_zone_statement_period(self, date_from, date_to, messages):
        """The period asked for, made valid: malformed or far dates give the
        default period, reversed dates are swapped, and a period longer than
        STATEMENT_MAX_YEARS is cut; each change adds a message."""
        Statement = request.env["customer.zone.statement"]
        default_from, default_to = Statement._default_period()
        try:
            start = fields.Date.to_date(date_from) if date_from else default_from
            end = fields.Date.to_date(date_to) if date_to else default_to
        except (TypeError, ValueError):
            start = end = None
        if not (start and end) or not (
            STATEMENT_EARLIEST <= max(start, end) <= STATEMENT_LATEST
        ):
            messages.append(
                request.env._(
                    "The dates given are not valid dates (YYYY-MM-DD) between "
                    "%(earliest)s and %(latest)s; showing the last three months.",
                    earliest=STATEMENT_EARLIEST,
                    latest=STATEMENT_LATEST,
                )
            )
            return default_from, default_to
        if start > end:
            messages.append(
                request.env._(
                    "The start date was after the end date; they were swapped."
                )
            )
            start, end = end, start
        if start < end - relativedelta(years=STATEMENT_MAX_YEARS):
            messages.append(
                request.env._(
                    "A statement covers at most %(years)s years.",
                    years=STATEMENT_MAX_YEARS,
                )
            )
            start = end - relativedelta(years=STATEMENT_MAX_YEARS)
        return start, end

    def _customer_zone_statement_values(self, date_from, date_to):
        zone = self._customer_zone_require("statement")
        messages = []
        start, end = self._customer_zone_statement_period(date_from, date_to, messages)
        # sudo: the ledger of the user's own commercial partner, decided above,
        # in the zone's company only
        statements = (
            request.env["customer.zone.statement"]
            .sudo()
            .with_context(allowed_company_ids=zone.company.ids)
            ._get_statements(zone.partner, start, end)
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "statement",
                "partner": zone.partner,
                "date_from": start,
                "date_to": end,
                "statements": statements,
                "customer_zone_messages": messages,
            }
        )
        return values

    @http.route("/my/statement", type="http", auth="user", website=True)
    def portal_my_statement(self, date_from=None, date_to=None, print_view=None, **kw):
        values = self._customer_zone_statement_values(date_from, date_to)
        values["print_view"] = bool(print_view)
        return request.render("customer_zone.portal_my_statement", values)

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

    # ------------------------------------------------------------------
    # outstanding items
    # ------------------------------------------------------------------
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
