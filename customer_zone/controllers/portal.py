import math
from collections import OrderedDict
from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal as SalePortal

from ..tools import request_input

SEARCH_MAX_LENGTH = 64
STATEMENT_MAX_YEARS = 20
# the end dates a statement may have (an earlier start is cut to
# STATEMENT_MAX_YEARS): beyond them, date arithmetic overflows
STATEMENT_EARLIEST = date(1900, 1, 1)
STATEMENT_LATEST = date(9000, 12, 31)


def _pick(options, key, default):
    """The option ``key`` when it exists, else ``default`` and a message."""
    if not key or key in options:
        return key or default, None
    return default, request.env._(
        "“%(key)s” is not an option here; showing “%(label)s” instead.",
        key=key[:SEARCH_MAX_LENGTH],
        label=options[default]["label"],
    )


def _session_links(records):
    """Documents searched as the logged-in user: their session opens them, so
    their links carry no token (none is minted, nothing is written)."""
    return records.with_context(customer_zone_session_links=True)


def _search_text(search):
    """What the customer typed in the search box, usable in a domain."""
    return request_input.printable(search).strip()[:SEARCH_MAX_LENGTH]


def _search_values(search, messages):
    """Searchbar values: search by number, and messages about ignored input."""
    return {
        "searchbar_inputs": {
            "name": {"input": "name", "label": request.env._("Search in number")}
        },
        "search_in": "name",
        "search": search,
        "customer_zone_messages": messages,
    }


def _zone_list(
    controller,
    model,
    domain,
    url,
    page,
    sortings,
    filters,
    sortby,
    filterby,
    search,
    url_args=None,
):
    """Page, sort, filter and search a list as the user (rules apply)."""
    page = request_input.page_number(page)
    messages = []
    sortby, message = _pick(sortings, sortby, next(iter(sortings)))
    messages += [message] if message else []
    filterby, message = _pick(filters, filterby, next(iter(filters)))
    messages += [message] if message else []
    search = _search_text(search)
    domain = Domain(domain) & Domain(filters[filterby]["domain"])
    if search:
        domain &= Domain("name", "ilike", search)
    Model = request.env[model]
    total = Model.search_count(domain)
    url_args = dict(url_args or {}, sortby=sortby, filterby=filterby)
    if search:
        url_args["search"] = search
    pager = portal_pager(
        url=url,
        total=total,
        page=page,
        step=controller._items_per_page,
        url_args=url_args,
    )
    records = Model.search(
        domain,
        order=sortings[sortby]["order"],
        limit=controller._items_per_page,
        offset=pager["offset"],
    )
    values = controller._prepare_portal_layout_values()
    values.update(
        {
            "pager": pager,
            "default_url": url,
            "searchbar_sortings": sortings,
            "sortby": sortby,
            "searchbar_filters": OrderedDict(filters),
            "filterby": filterby,
            **_search_values(search, messages),
        }
    )
    return records, values


class CustomerZoneZone:
    """What the current portal user's zone shows (mode and switch)."""

    @staticmethod
    def state():
        user = request.env.user
        # sudo: the user's own commercial partner and company settings
        return CustomerZoneZone.for_partner(
            user.sudo().commercial_partner_id,
            request.env.company.sudo(),
            public=user._is_public(),
        )

    @staticmethod
    def for_partner(partner, company, public=False):
        """The zone of ``partner`` (a commercial partner, in sudo)."""
        enabled = (
            not public
            and company.customer_zone_mode != "off"
            and partner.with_company(company).customer_zone_enabled
        )
        return {
            "partner": partner,
            "company": company,
            "enabled": enabled,
            "mode": company.customer_zone_mode if enabled else "off",
        }


class CustomerZonePortal(PortalAccount):
    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _customer_zone_require(self, mode="account"):
        """The zone state, or 404 when the page is not part of the zone."""
        zone = CustomerZoneZone.state()
        allowed = ("invoices", "account") if mode == "invoices" else ("account",)
        if zone["mode"] not in allowed:
            raise request.not_found()
        return zone

    def _customer_zone_sortings(self, date_field, amount_field):
        env = request.env
        return {
            "date": {"label": env._("Date"), "order": f"{date_field} desc, id desc"},
            "name": {"label": env._("Number"), "order": "name desc"},
            "amount": {
                "label": env._("Amount"),
                "order": f"{amount_field} desc, id desc",
            },
        }

    # ------------------------------------------------------------------
    # home: account summary and counters
    # ------------------------------------------------------------------
    @http.route()
    def home(self, **kw):
        after_login = request.session.pop("customer_zone_after_login", None)
        if after_login and after_login.startswith("/my/"):
            return request.redirect(after_login)
        response = super().home(**kw)
        if hasattr(response, "qcontext"):
            zone = CustomerZoneZone.state()
            response.qcontext["customer_zone"] = zone
            if zone["enabled"]:
                response.qcontext["customer_zone_summary"] = (
                    self._customer_zone_summary(zone)
                )
        return response

    def _customer_zone_summary(self, zone):
        """The account summary: a fixed number of queries whatever the history."""
        partner = zone["partner"]
        company = zone["company"]
        full = zone["mode"] == "account"
        today = fields.Date.context_today(request.env.user)
        # sudo: documents of the zone's partner, filtered by the zone's own
        # visibility domain (the same one the record rules apply)
        last_invoice = (
            request.env["account.move"]
            .sudo()
            .search(
                Domain("partner_id", "child_of", partner.id)
                & Domain("move_type", "in", ("out_invoice", "out_receipt"))
                & Domain("state", "=", "posted")
                & Domain("company_id", "=", company.id)
                & partner._customer_zone_document_domain("account.move"),
                order="invoice_date desc, id desc",
                limit=1,
            )
        )
        last_invoice = _session_links(last_invoice)
        # sudo: the user's own receivable items, by a server-built domain;
        # payment entries are not readable by portal users through core rules
        receivable = (
            Domain("partner_id", "child_of", partner.id)
            & Domain("account_id.account_type", "=", "asset_receivable")
            & Domain("parent_state", "=", "posted")
            & Domain("reconciled", "=", False)
            & Domain("company_id", "=", company.id)
        )
        if not full:
            receivable &= Domain(
                "move_id.move_type", "in", ("out_invoice", "out_receipt")
            )
        groups = (
            request.env["account.move.line"]
            .sudo()
            ._read_group(
                receivable,
                ["date_maturity:day"],
                ["amount_residual:sum"],
            )
        )
        balance = sum(amount for _day, amount in groups)
        overdue = sum(
            amount for day, amount in groups if day and day < today and amount > 0
        )
        summary = {
            "currency": company.currency_id,
            "last_invoice": last_invoice,
            "balance": balance,
            "overdue": overdue,
            "full": full,
        }
        if full:
            last_payment = (
                request.env["account.payment"]
                .sudo()
                .search(
                    Domain("partner_id", "child_of", partner.id)
                    & Domain("payment_type", "=", "inbound")
                    & Domain("partner_type", "=", "customer")
                    & Domain("state", "in", ("in_process", "paid"))
                    & Domain("company_id", "=", company.id)
                    & partner._customer_zone_document_domain("account.payment"),
                    order="date desc, id desc",
                    limit=1,
                )
            )
            limit = partner.with_company(company).credit_limit
            use_limit = company.account_use_credit_limit and limit
            summary.update(
                {
                    "last_payment": last_payment,
                    "payment_term": partner.with_company(
                        company
                    ).property_payment_term_id,
                    "credit_limit": limit if use_limit else False,
                    "available_credit": limit - balance if use_limit else False,
                }
            )
        return summary

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        zone = None
        wanted = {"credit_note_count", "payment_count", "outstanding_count"}
        if wanted & set(counters):
            zone = CustomerZoneZone.state()
        if "credit_note_count" in counters:
            values["credit_note_count"] = (
                request.env["account.move"].search_count(
                    self._customer_zone_credit_notes_domain(), limit=1
                )
                if zone["mode"] == "account"
                else 0
            )
        if "payment_count" in counters:
            values["payment_count"] = (
                request.env["account.payment"].search_count([], limit=1)
                if zone["mode"] == "account"
                else 0
            )
        if "outstanding_count" in counters:
            values["outstanding_count"] = (
                len(self._customer_zone_outstanding_lines(zone))
                if zone["mode"] == "account"
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # invoices: core list, safe against bad input, with more filters
    # ------------------------------------------------------------------
    def _get_account_searchbar_sortings(self):
        # a tie-breaker, so that pages are stable whatever the duplicates
        sortings = super()._get_account_searchbar_sortings()
        for sorting in sortings.values():
            sorting["order"] += ", id desc"
        return sortings

    def _get_account_searchbar_filters(self):
        filters = super()._get_account_searchbar_filters()
        customer_invoice = [("move_type", "in", ("out_invoice", "out_receipt"))]
        filters.update(
            {
                "paid": {
                    "label": request.env._("Paid"),
                    "domain": customer_invoice
                    + [("payment_state", "in", ("paid", "in_payment", "reversed"))],
                },
                "unpaid": {
                    "label": request.env._("Unpaid"),
                    "domain": customer_invoice
                    + [("payment_state", "in", ("not_paid", "partial"))],
                },
            }
        )
        filters["overdue_invoices"]["label"] = request.env._("Overdue")
        return filters

    def _get_invoices_domain(self, m_type=None):
        domain = super()._get_invoices_domain(m_type)
        if request.env.user.share:
            domain &= Domain("customer_zone_visible", "=", True)
        return domain

    def _prepare_my_invoices_values(
        self,
        page,
        date_begin,
        date_end,
        sortby,
        filterby,
        domain=None,
        url="/my/invoices",
    ):
        page = request_input.page_number(page)
        messages = []
        sortby, message = _pick(self._get_account_searchbar_sortings(), sortby, "date")
        messages += [message] if message else []
        filterby, message = _pick(
            self._get_account_searchbar_filters(), filterby, "all"
        )
        messages += [message] if message else []
        search = _search_text(request.params.get("search"))
        if search:
            domain = Domain(domain or Domain.TRUE) & Domain("name", "ilike", search)
        date_begin, date_end = self._customer_zone_valid_dates(
            date_begin, date_end, messages
        )
        values = super()._prepare_my_invoices_values(
            page, date_begin, date_end, sortby, filterby, domain=domain, url=url
        )
        if search:
            values["pager"]["url_args"]["search"] = search
        values.update(_search_values(search, messages))
        invoices_at = values["invoices"]

        def invoices_with_session_links(offset):
            lines = invoices_at(offset)
            if not isinstance(lines, list):
                return lines  # no read access: core's empty recordset
            return [
                dict(line, invoice=_session_links(line["invoice"])) for line in lines
            ]

        values["invoices"] = invoices_with_session_links
        return values

    def _customer_zone_valid_dates(self, date_begin, date_end, messages):
        """Core's date_begin/date_end, dropped with a message when malformed."""
        if not (date_begin or date_end):
            return None, None
        try:
            begin = fields.Date.to_date(date_begin)
            end = fields.Date.to_date(date_end)
        except ValueError:
            begin = end = None
        if not (begin and end):
            messages.append(
                request.env._("The dates given are not valid; showing all.")
            )
            return None, None
        return begin, end

    def _document_check_access(self, model_name, document_id, access_token=None):
        if not isinstance(access_token, str):
            access_token = None  # a JSON list or object is no token
        document = request.env[model_name].browse([document_id])
        by_link = bool(access_token) and not document.exists().has_access("read")
        document_sudo = super()._document_check_access(
            model_name, document_id, access_token=access_token
        )
        if "customer_zone_visible" not in document_sudo._fields:
            return document_sudo
        if by_link:
            # whoever holds only the link, an employee included
            self._customer_zone_check_link(document_sudo)
        if request.env.user._is_internal():
            return document_sudo
        if not document_sudo.customer_zone_visible:
            # A link with a valid token still obeys the zone of the document's
            # customer: its switch, the company mode, the document's flags.
            raise AccessError(request.env._("This document is not available."))
        return document_sudo

    def _customer_zone_check_link(self, document_sudo):
        """A link from an email: refused when links are off or it expired."""
        message = document_sudo._customer_zone_link_refusal()
        if not message:
            return
        if request.env.user._is_public():
            # core sends the visitor to /my, hence to the login page: say why
            # there, and open the document once logged in
            request.session["customer_zone_login_message"] = message
            request.session["customer_zone_after_login"] = document_sudo.access_url
        raise AccessError(message)

    # ------------------------------------------------------------------
    # credit notes
    # ------------------------------------------------------------------
    def _customer_zone_credit_notes_domain(self):
        return [("move_type", "=", "out_refund"), ("state", "=", "posted")]

    @http.route(
        ["/my/credit_notes", "/my/credit_notes/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_credit_notes(
        self, page=1, sortby=None, filterby=None, search=None, **kw
    ):
        self._customer_zone_require()
        env = request.env
        sortings = self._customer_zone_sortings("invoice_date", "amount_total")
        filters = {
            "all": {"label": env._("All"), "domain": []},
            "open": {
                "label": env._("Not yet used"),
                "domain": [("payment_state", "in", ("not_paid", "partial"))],
            },
            "used": {
                "label": env._("Used"),
                "domain": [("payment_state", "in", ("paid", "in_payment", "reversed"))],
            },
        }
        credit_notes, values = _zone_list(
            self,
            "account.move",
            self._customer_zone_credit_notes_domain(),
            "/my/credit_notes",
            page,
            sortings,
            filters,
            sortby,
            filterby,
            search,
        )
        request.session["my_invoices_history"] = credit_notes.ids[:100]
        values.update(
            {
                "credit_notes": _session_links(credit_notes.sudo()),
                "page_name": "credit_note",
            }
        )
        return request.render("customer_zone.portal_my_credit_notes", values)

    # ------------------------------------------------------------------
    # payments received
    # ------------------------------------------------------------------
    @http.route(
        ["/my/payments", "/my/payments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_payments(self, page=1, sortby=None, filterby=None, search=None, **kw):
        self._customer_zone_require()
        env = request.env
        sortings = self._customer_zone_sortings("date", "amount")
        filters = {
            "all": {"label": env._("All"), "domain": []},
            "received": {
                "label": env._("Received"),
                "domain": [("payment_type", "=", "inbound")],
            },
            "refunds": {
                "label": env._("Refunds to you"),
                "domain": [("payment_type", "=", "outbound")],
            },
        }
        payments, values = _zone_list(
            self,
            "account.payment", [], "/my/payments", page, sortings, filters,
            sortby, filterby, search,
        )  # fmt: skip
        payments_sudo = payments.sudo()
        # prefetch what the table shows, in one go for the page
        payments_sudo.fetch(["date", "name", "amount", "currency_id", "payment_type"])
        values.update(
            {
                "payments": payments_sudo,
                "paid_documents": self._customer_zone_paid_documents(payments_sudo),
                "page_name": "payment",
            }
        )
        return request.render("customer_zone.portal_my_payments", values)

    def _customer_zone_paid_documents(self, payments_sudo):
        """The documents each payment settled, as far as the user may read
        them: a payment of the group may also settle another customer's
        invoice, which must show neither its number nor a link."""
        settled = payments_sudo.reconciled_invoice_ids
        readable = request.env["account.move"].search([("id", "in", settled.ids)])
        readable = _session_links(readable.sudo())
        return {
            payment.id: readable.filtered(
                lambda move, payment=payment: move in payment.reconciled_invoice_ids
            )
            for payment in payments_sudo
        }

    # ------------------------------------------------------------------
    # statement of account
    # ------------------------------------------------------------------
    def _customer_zone_statement_period(self, date_from, date_to, messages):
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
        zone = self._customer_zone_require()
        messages = []
        start, end = self._customer_zone_statement_period(date_from, date_to, messages)
        # sudo: the ledger of the user's own commercial partner, decided above,
        # in the zone's company only
        statements = (
            request.env["customer.zone.statement"]
            .sudo()
            .with_context(allowed_company_ids=zone["company"].ids)
            ._get_statements(zone["partner"], start, end)
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "statement",
                "partner": zone["partner"],
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
    def _customer_zone_outstanding_lines(self, zone):
        """Open receivable items of the user's customer (sudo, decided here)."""
        partner = zone["partner"]
        return (
            request.env["account.move.line"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "child_of", partner.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("amount_residual_currency", "!=", 0),
                    ("company_id", "=", zone["company"].id),
                ],
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

    @http.route("/my/outstanding", type="http", auth="user", website=True)
    def portal_my_outstanding(self, **kw):
        zone = self._customer_zone_require()
        lines = self._customer_zone_outstanding_lines(zone)
        lines.move_id.fetch(["move_type", "name", "access_token"])
        today = fields.Date.context_today(request.env.user)
        totals = {}
        for line in lines:
            total = totals.setdefault(
                line.currency_id, {"due": 0.0, "overdue": 0.0, "credit": 0.0}
            )
            if line.amount_residual_currency > 0:
                total["due"] += line.amount_residual_currency
                if line.date_maturity and line.date_maturity < today:
                    total["overdue"] += line.amount_residual_currency
            else:
                total["credit"] += line.amount_residual_currency
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "outstanding",
                "lines": _session_links(lines),
                "totals": totals,
                "today": today,
            }
        )
        return request.render("customer_zone.portal_my_outstanding", values)

    # ------------------------------------------------------------------
    # preview as customer: an accountant reads what a customer sees
    # ------------------------------------------------------------------
    @http.route(
        "/my/preview/<int:partner_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_customer_zone_preview(self, partner_id, **kw):
        """A read-only page: the summary, open items, statement and invoices
        of a customer, as the zone shows them. It has no form and no button
        that pays, comments or changes anything; each preview is logged."""
        env = request.env
        if not env.user.has_group("account.group_account_invoice"):
            raise request.not_found()
        partner = env["res.partner"].browse(partner_id).exists()
        if not partner or not partner.has_access("read"):
            raise request.not_found()
        # sudo: decided above; the zone of that customer, read-only
        partner_sudo = partner.sudo().commercial_partner_id
        zone = CustomerZoneZone.for_partner(partner_sudo, env.company.sudo())
        values = {
            "page_name": "preview",
            "preview_partner": partner_sudo,
            "customer_zone": zone,
        }
        if zone["enabled"]:
            date_from, date_to = env["customer.zone.statement"]._default_period()
            values.update(
                {
                    "customer_zone_summary": self._customer_zone_summary(zone),
                    "invoices": env["account.move"]
                    .sudo()
                    .search(
                        Domain("partner_id", "child_of", partner_sudo.id)
                        & Domain("state", "=", "posted")
                        & Domain("company_id", "=", env.company.id)
                        & Domain("move_type", "in", ("out_invoice", "out_refund"))
                        & partner_sudo._customer_zone_document_domain("account.move"),
                        order="invoice_date desc, id desc",
                        limit=self._items_per_page,
                    ),
                    "date_from": date_from,
                    "date_to": date_to,
                    "statements": env["customer.zone.statement"]
                    .sudo()
                    .with_context(allowed_company_ids=env.company.ids)
                    ._get_statements(partner_sudo, date_from, date_to)
                    if zone["mode"] == "account"
                    else [],
                }
            )
        self._customer_zone_log_preview(partner_sudo)
        return request.render("customer_zone.portal_customer_zone_preview", values)

    def _customer_zone_log_preview(self, partner_sudo):
        """A preview is recorded in the customer's chatter, once per customer
        per session and day: a page that (re)loads, or a link planted in
        another page, cannot flood the chatter."""
        key = f"{fields.Date.context_today(request.env.user)}:{partner_sudo.id}"
        logged = request.session.get("customer_zone_previews") or []
        if key in logged:
            return
        request.session["customer_zone_previews"] = [*logged[-49:], key]
        partner_sudo.message_post(
            body=request.env._(
                "Customer Zone previewed by %(user)s.", user=request.env.user.name
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # my details: the partner fields the business chose to show
    # ------------------------------------------------------------------
    @http.route(
        "/my/details", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_my_details(self, **post):
        zone = self._customer_zone_require("invoices")
        partner = zone["partner"]
        lines = request.env["customer.zone.detail.field"]._get_for_company(
            zone["company"]
        )
        errors, saved = {}, False
        if request.httprequest.method == "POST":
            values, errors = self._customer_zone_parse_details(lines, post)
            if not errors:
                try:
                    with request.env.cr.savepoint():
                        saved = self._customer_zone_save_details(partner, lines, values)
                except (UserError, ValidationError) as error:
                    errors["__all__"] = str(error)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "details",
                "partner": partner,
                "detail_lines": lines,
                "errors": errors,
                "saved": saved,
                "submitted": post if errors else {},
            }
        )
        return request.render("customer_zone.portal_my_details", values)

    def _customer_zone_parse_details(self, lines, post):
        """Values of the editable fields, or an error message per field."""
        values, errors = {}, {}
        Detail = request.env["customer.zone.detail.field"]
        for line in lines.filtered("editable"):
            name = line.field_id.name
            field = request.env["res.partner"]._fields.get(name)
            if not field or not Detail._is_editable_field(field):
                continue  # listed before the allow-list narrowed: never written
            raw = post.get(name)
            if raw is not None and not isinstance(raw, str):
                errors[name] = request.env._("Enter text here, not a file.")
                continue
            try:
                values[name] = self._customer_zone_detail_value(field, raw)
            except ValueError as error:
                errors[name] = str(error)
        return values, errors

    def _customer_zone_detail_value(self, field, raw):
        env = request.env
        raw = raw.strip() if isinstance(raw, str) else raw
        if isinstance(raw, str) and "\x00" in raw:
            raise ValueError(env._("This value holds characters that are not allowed."))
        if field.type == "boolean":
            return raw in ("1", "on", "true")
        if not raw:
            if field.required:
                raise ValueError(env._("This field is required."))
            return 0 if field.type in ("integer", "float") else False
        if field.type in ("char", "text"):
            limit = field.size or (256 if field.type == "char" else 4000)
            if len(raw) > limit:
                raise ValueError(env._("At most %(limit)s characters.", limit=limit))
            return raw
        if field.type == "selection":
            keys = [key for key, _label in field._description_selection(env)]
            if raw not in keys:
                raise ValueError(env._("Choose one of the values offered."))
            return raw
        if field.type == "date":
            try:
                return fields.Date.to_date(raw)
            except ValueError:
                raise ValueError(env._("Enter a date as YYYY-MM-DD.")) from None
        try:
            number = int(raw) if field.type == "integer" else float(raw)
        except ValueError:
            raise ValueError(env._("Enter a number.")) from None
        if not math.isfinite(number) or abs(number) >= 2**31:
            raise ValueError(env._("This number is out of range."))
        return number

    def _customer_zone_save_details(self, partner, lines, values):
        """Write what changed and log it in the customer's chatter."""
        changes = {
            name: value for name, value in values.items() if partner[name] != value
        }
        if not changes:
            return False
        labels = {line.field_id.name: line.field_id.field_description for line in lines}
        old = {name: partner[name] for name in changes}
        # sudo: only the fields the business listed as editable, parsed above
        partner.sudo().write(changes)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            request.env._("Details changed in the customer zone:"),
            Markup().join(
                Markup("<li>%s: %s → %s</li>")
                % (labels[name], old[name] or "", partner[name] or "")
                for name in changes
            ),
        )
        partner.sudo().message_post(
            body=body,
            author_id=request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True


class CustomerZoneSalePortal(SalePortal):
    """Quotations: filters, expired toggle, safe sorting; orders: safe sorting."""

    def _prepare_quotations_domain(self, partner):
        # sent quotations, and drafts the business published
        return [
            ("partner_id", "child_of", [partner.commercial_partner_id.id]),
            "|",
            ("state", "=", "sent"),
            "&",
            ("state", "=", "draft"),
            ("customer_zone_published", "=", True),
        ]

    def _get_sale_searchbar_sortings(self):
        sortings = super()._get_sale_searchbar_sortings()
        for sorting in sortings.values():
            sorting["order"] += ", id desc"
        sortings.update(
            {
                "name": {"label": request.env._("Reference"), "order": "name desc"},
                "amount": {
                    "label": request.env._("Amount"),
                    "order": "amount_total desc, id desc",
                },
            }
        )
        return sortings

    def _customer_zone_quotation_filters(self, partner, show_expired):
        env = request.env
        today = fields.Date.context_today(env.user)
        not_expired = (
            []
            if show_expired
            else ["|", ("validity_date", "=", False), ("validity_date", ">=", today)]
        )
        commercial = [("partner_id", "child_of", [partner.commercial_partner_id.id])]
        return {
            "open": {
                "label": env._("To review"),
                "domain": self._prepare_quotations_domain(partner) + not_expired,
            },
            "accepted": {
                "label": env._("Accepted"),
                "domain": commercial + [("state", "=", "sale")],
            },
            "invoiced": {
                "label": env._("Invoiced"),
                "domain": commercial + [("invoice_status", "=", "invoiced")],
            },
            "declined": {
                "label": env._("Declined"),
                "domain": commercial + [("state", "=", "cancel")],
            },
        }

    def _prepare_sale_portal_rendering_values(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        quotation_page=False,
        **kw,
    ):
        page = request_input.page_number(page)
        if not quotation_page:
            sortby, message = _pick(self._get_sale_searchbar_sortings(), sortby, "date")
            values = super()._prepare_sale_portal_rendering_values(
                page=page, sortby=sortby, quotation_page=False
            )
            values["orders"] = _session_links(values["orders"])
            values["customer_zone_messages"] = [message] if message else []
            return values
        zone = CustomerZoneZone.state()
        if zone["mode"] != "account":
            raise request.not_found()
        show_expired = kw.get("show_expired") in ("1", "true", "on")
        filters = self._customer_zone_quotation_filters(
            request.env.user.partner_id, show_expired
        )
        orders, values = _zone_list(
            self,
            "sale.order",
            [],
            "/my/quotes",
            page,
            self._get_sale_searchbar_sortings(),
            filters,
            sortby,
            kw.get("filterby"),
            kw.get("search"),
            url_args={"show_expired": 1} if show_expired else None,
        )
        values.update(
            {
                "quotations": _session_links(orders.sudo()),
                "orders": request.env["sale.order"],
                "page_name": "quote",
                "show_expired": show_expired,
            }
        )
        return values
