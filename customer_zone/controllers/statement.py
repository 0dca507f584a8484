"""The statement of account: page, print view and PDF."""

from dateutil.relativedelta import relativedelta

from odoo import fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..const import STATEMENT_EARLIEST, STATEMENT_LATEST, STATEMENT_MAX_YEARS
from ..tools import request_input
from .portal import CustomerZonePortal


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

    def _customer_zone_statement_values(self, date_from, date_to, page=1, whole=False):
        """The statement page's values: the period (made valid) and either
        one page of the statement (``page``, with its pager and summary) or,
        ``whole``, every line of the period (the print view)."""
        zone = self._customer_zone_require("statement")
        messages = []
        start, end = self._customer_zone_statement_period(date_from, date_to, messages)
        # sudo: the ledger of the user's own commercial partner, decided above,
        # in the zone's company only
        Statement = (
            request.env["customer.zone.statement"]
            .sudo()
            .with_context(allowed_company_ids=zone.company.ids)
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "statement",
                "partner": zone.partner,
                "date_from": start,
                "date_to": end,
                "customer_zone_messages": messages,
            }
        )
        if whole:
            values["statements"] = Statement._get_statements(zone.partner, start, end)
        else:
            values.update(
                self._customer_zone_statement_page_values(
                    Statement, zone.partner, start, end, page, messages
                )
            )
        return values

    def _customer_zone_statement_page_values(
        self, Statement, partner, start, end, page, messages
    ):
        """One page of the statement, its pager and the summary of every
        currency. All currencies share one pager (currency by currency): one
        ``page`` parameter, and a second currency is usually a few lines."""
        asked = request_input.page_number(page)
        paged = Statement._get_statement_page(partner, start, end, page=asked)
        if asked > paged["page"]:
            messages.append(
                request.env._(
                    "The statement has no page %(page)s; showing its last page, "
                    "page %(count)s.",
                    page=asked,
                    count=paged["page_count"],
                )
            )
        pager = portal_pager(
            url="/my/statement",
            total=paged["total"],
            page=paged["page"],
            step=paged["limit"],
            url_args={
                "date_from": fields.Date.to_string(start),
                "date_to": fields.Date.to_string(end),
            },
        )
        return {
            "statements": paged["statements"],
            "statement_summary": paged["summary"],
            "statement_line_count": paged["total"],
            "statement_lines_shown": (
                pager["offset"] + 1,
                min(pager["offset"] + paged["limit"], paged["total"]),
            ),
            "pager": pager,
        }

    @http.route(
        ["/my/statement", "/my/statement/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_statement(
        self, date_from=None, date_to=None, print_view=None, page=1, **kw
    ):
        # the print view is the whole period, to print or save from the browser
        values = self._customer_zone_statement_values(
            date_from, date_to, page=page, whole=bool(print_view)
        )
        values["print_view"] = bool(print_view)
        self._customer_zone_note_statement_view(values["date_from"], values["date_to"])
        return request.render("customer_zone.portal_my_statement", values)

    def _customer_zone_note_statement_view(self, start, end, kind="page"):
        """A view of the statement of ``start``-``end`` (its page or PDF)."""
        request.env["customer.zone.view.event"]._note_view(
            target="statement",
            kind=kind,
            name=request.env._("Statement %(start)s – %(end)s", start=start, end=end),
        )
