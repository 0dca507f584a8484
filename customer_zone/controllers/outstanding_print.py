"""The outstanding items to print: every item of the filter, in the chosen
order, with the totals, as a print view (the browser prints it) and as a PDF.

Both routes only read: the PDF is rendered in the request and never becomes a
background job. The statement's job (``customer.zone.statement.job``) is a
record written by a POST, so its route cannot be read-only, and it is a
statement of a period (dates, a unique pending job per customer, its cron,
email and filename): an outstanding list is "what is open now". A list longer
than STATEMENT_PDF_REQUEST_LINES (the statement's bound for a render in the
request) is refused with a message that points to the print view, which the
browser prints or saves as a PDF at any length.
"""

from odoo import fields, http
from odoo.http import request

from ..const import STATEMENT_PDF_REQUEST_LINES
from ..tools import request_input
from .outstanding import OUTSTANDING_FIELDS, CustomerZoneOutstandingPortal
from .portal import session_links


class CustomerZoneOutstandingPrint(CustomerZoneOutstandingPortal):
    @http.route(
        "/my/outstanding/print",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_outstanding_print(self, **kw):
        zone = self._customer_zone_require("outstanding")
        messages = []
        values = self._prepare_portal_layout_values()
        values.update(self._customer_zone_outstanding_print_values(zone, kw, messages))
        values.update(
            {
                "page_name": "outstanding",
                "print_view": True,
                "customer_zone_messages": messages,
            }
        )
        request.env["customer.zone.view.event"]._note_view(
            target="outstanding", name=request.env._("Outstanding items")
        )
        return request.render("customer_zone.portal_my_outstanding_print", values)

    @http.route(
        "/my/outstanding/pdf",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_outstanding_pdf(self, **kw):
        zone = self._customer_zone_require("outstanding")
        # the PDF has no room for messages: an unknown filter or sort gives
        # the page's default, as the page itself would show it
        values = self._customer_zone_outstanding_print_values(
            zone, kw, [], limit=STATEMENT_PDF_REQUEST_LINES
        )
        if "line_count" in values:
            return self._customer_zone_outstanding_pdf_refused(
                values, values["line_count"]
            )
        pdf = self._customer_zone_outstanding_pdf(zone, values)
        request.env["customer.zone.view.event"]._note_view(
            target="outstanding",
            kind="pdf",
            name=request.env._("Outstanding items"),
        )
        filename = "Outstanding-items-{}-{}.pdf".format(
            values["filterby"], fields.Date.to_string(values["today"])
        )
        return self._customer_zone_outstanding_pdf_response(pdf, filename)

    # ------------------------------------------------------------------
    # values, shared by the print view and the PDF
    # ------------------------------------------------------------------
    def _customer_zone_outstanding_print_values(self, zone, kw, messages, limit=None):
        """Every open item of the filter asked for, in the order asked for
        (unknown keys: the page's defaults, with a message in ``messages``),
        the days each is overdue, the totals of the items listed and of every
        open item, per currency. A fixed number of queries at any length.

        Given a ``limit``, at most ``limit + 1`` items are loaded: above it,
        only ``filterby``, ``sortby`` and ``line_count`` (counted) are
        returned, for the refusal."""
        sortings = self._get_outstanding_searchbar_sortings()
        filters = self._get_outstanding_searchbar_filters()
        sortby = request_input.pick_option(
            sortings, kw.get("sortby"), next(iter(sortings)), messages
        )
        filterby = request_input.pick_option(
            filters, kw.get("filterby"), next(iter(filters)), messages
        )
        base = self._customer_zone_outstanding_base_domain(zone)
        domain = self._customer_zone_outstanding_filter_domain(zone, filterby, base)
        # sudo: the user's own receivable items, by a server-built domain
        Line = request.env["account.move.line"].sudo()
        lines = Line.search_fetch(
            domain,
            OUTSTANDING_FIELDS,
            order=sortings[sortby]["order"],
            limit=None if limit is None else limit + 1,
        )
        if limit is not None and len(lines) > limit:
            return {
                "filterby": filterby,
                "sortby": sortby,
                "line_count": Line.search_count(domain),
            }
        lines.move_id.fetch(["move_type", "name", "access_token"])
        today = fields.Date.context_today(request.env.user)
        return {
            "partner": zone.partner,
            "company": zone.company,
            "lines": session_links(lines),
            "days_overdue": {
                line.id: self._customer_zone_days_overdue(line, today) for line in lines
            },
            "listed_totals": self._customer_zone_outstanding_listed_totals(lines),
            "totals": self._customer_zone_outstanding_totals(base, today),
            "today": today,
            "sortby": sortby,
            "sort_label": sortings[sortby]["label"],
            "filterby": filterby,
            "filter_label": filters[filterby]["label"],
        }

    @staticmethod
    def _customer_zone_outstanding_listed_totals(lines):
        """Per currency, the open amount of the items listed (the filter's:
        the totals of every open item are the page's own)."""
        listed = {}
        for line in lines:
            listed.setdefault(line.currency_id, 0.0)
            listed[line.currency_id] += line.amount_residual_currency
        return {
            currency: currency.round(amount)
            for currency, amount in sorted(listed.items(), key=lambda kv: kv[0].id)
        }

    # ------------------------------------------------------------------
    # the PDF
    # ------------------------------------------------------------------
    def _customer_zone_outstanding_pdf(self, zone, values):
        """The PDF of ``values`` (built above for the zone's customer): the
        report takes them as they are, and renders only in sudo (see
        report.customer_zone.report_outstanding)."""
        # sudo: rendering the user's own open items, decided by the caller,
        # in the zone's company only
        pdf, _report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(allowed_company_ids=zone.company.ids)
            ._render_qweb_pdf(
                "customer_zone.action_report_outstanding",
                zone.partner.ids,
                data={"customer_zone_outstanding": values},
            )
        )
        return pdf

    def _customer_zone_outstanding_pdf_refused(self, values, count):
        """Too long to render in a request: say so, and point to the print
        view (the browser prints or saves it, at any length)."""
        page = dict(self._prepare_portal_layout_values())
        page.update(
            {
                "page_name": "outstanding",
                "line_count": count,
                "line_limit": STATEMENT_PDF_REQUEST_LINES,
                "filterby": values["filterby"],
                "sortby": values["sortby"],
            }
        )
        return request.render("customer_zone.portal_my_outstanding_pdf_refused", page)

    def _customer_zone_outstanding_pdf_response(self, pdf, filename):
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
