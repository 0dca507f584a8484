"""The zone's base controller: the page gate, /my/home (account summary,
tiles and counters), the shared list helper, and the access check every
document route goes through. Each page of the zone lives in its own module
(account, statement, details, preview, sale), in a class derived from this
one; Odoo merges them into one controller."""

from collections import OrderedDict

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..const import INVOICE_MOVE_TYPES, MAX_INPUT_ECHO
from ..tools import request_input

# the session key of no list: core's pager is given none (ours replaces it)
NO_SESSION_HISTORY = "customer_zone_no_history"

# The home counters of pages the gate decides, and the page each one counts
# (quotes and orders are core's counters, set to 0 when the zone hides them).
HOME_COUNTER_PAGES = {
    "credit_note_count": "credit_notes",
    "payment_count": "payments",
    "outstanding_count": "outstanding",
    "quotation_count": "quotes",
    "order_count": "orders",
}


def readonly_on_get(controller, rule, args):
    """``readonly=`` of a route that shows on GET and acts on POST, or that
    extends a core route declared read/write (an override can only turn a
    route read-only through a callable: Odoo forces a plain ``True`` back to
    read/write, with a warning). A GET runs on a read-only cursor (on the
    replica when Odoo has one), a POST on the primary."""
    return request.httprequest.method in ("GET", "HEAD")


def readonly_session_get(controller, rule, args):
    """``readonly=`` of a document's page: read-only on a GET by the
    session. Opened through a link (an ``access_token``), core may write (a
    quotation's "viewed by customer" note): that request goes to the
    primary."""
    return (
        readonly_on_get(controller, rule, args)
        and not args.get("access_token")
        and not request.httprequest.args.get("access_token")
    )


def readonly_invoice_get(controller, rule, args):
    """``readonly=`` of the invoice page: as ``readonly_session_get``, save
    the PDF asked for by an employee (core then stores the invoice's legal
    PDF, a write; a customer gets a pro forma)."""
    if not readonly_session_get(controller, rule, args):
        return False
    if not request.httprequest.args.get("report_type"):
        return True
    # decided before the session is checked: a user since deleted is no
    # employee (exists()), and the request then fails its authentication
    user = request.env["res.users"].sudo().browse(request.session.uid).exists()
    return not (user and user._is_internal())


def session_links(records):
    """Documents searched as the logged-in user: their session opens them, so
    their links carry no token (none is minted, nothing is written)."""
    return records.with_context(customer_zone_session_links=True)


def with_tie_breaker(sortings):
    """``sortings`` with ``id desc`` appended to each order, so that pages
    are stable whatever the duplicates (core's ``date desc`` alone can move a
    row from one page to the next)."""
    for sorting in sortings.values():
        sorting["order"] += ", id desc"
    return sortings


def search_text(search):
    """What the customer typed in the search box, usable in a domain."""
    return request_input.printable(search).strip()[:MAX_INPUT_ECHO]


def search_values(search, messages):
    """Searchbar values: search by number, and messages about ignored input."""
    return {
        "searchbar_inputs": {
            "name": {"input": "name", "label": request.env._("Search in number")}
        },
        "search_in": "name",
        "search": search,
        "customer_zone_messages": messages,
    }


class CustomerZonePortal(PortalAccount):
    def _customer_zone_require(self, page):
        """The current user's ZoneState, or 404 unless the zone shows ``page``."""
        zone = request.env.user._customer_zone_state()
        if not zone.shows(page):
            raise request.not_found()
        return zone

    def _customer_zone_list_values(
        self,
        *,
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
        """Page, sort, filter and search a list as the user (rules apply).

        Returns the records of the page and the values of the searchbar and
        the pager; an unknown sort or filter key falls back to the first
        option, with a message.
        """
        messages = []
        sortby = request_input.pick_option(
            sortings, sortby, next(iter(sortings)), messages
        )
        filterby = request_input.pick_option(
            filters, filterby, next(iter(filters)), messages
        )
        search = search_text(search)
        domain = Domain(domain) & Domain(filters[filterby]["domain"])
        if search:
            domain &= Domain("name", "ilike", search)
        Model = request.env[model]
        url_args = dict(url_args or {}, sortby=sortby, filterby=filterby)
        if search:
            url_args["search"] = search
        pager = portal_pager(
            url=url,
            total=Model.search_count(domain),
            page=request_input.page_number(page),
            step=self._items_per_page,
            url_args=url_args,
        )
        records = Model.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "pager": pager,
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": OrderedDict(filters),
                "filterby": filterby,
                **search_values(search, messages),
            }
        )
        return records, values

    # ------------------------------------------------------------------
    # home: account summary and counters
    # ------------------------------------------------------------------
    @http.route(readonly=readonly_on_get)
    def home(self, **kw):
        after_login = request.session.pop("customer_zone_after_login", None)
        if after_login and after_login.startswith("/my/"):
            return request.redirect(after_login)
        response = super().home(**kw)
        if hasattr(response, "qcontext"):
            zone = request.env.user._customer_zone_state()
            response.qcontext["customer_zone"] = zone
            # the account summary is the customer's account: a supplier whose
            # zone shows only its purchase orders gets none
            if zone.shows("invoices"):
                response.qcontext["customer_zone_summary"] = (
                    self._customer_zone_summary(zone)
                )
        return response

    def _customer_zone_summary(self, zone):
        """The account summary: its figures and the two documents it names
        from one SQL statement, whatever the history.

        Keys: currency, last_invoice, balance, overdue and ``zone``; with
        last_payment, payment_term, credit (a CreditFigures), credit_limit,
        deposits and available_balance when the zone shows payments. The last
        invoice and payment are dicts (name, date, amount, currency; the
        invoice's url) or None.
        """
        with_payments = zone.shows("payments")
        figures = self._customer_zone_summary_figures(zone, with_payments)
        Currency = request.env["res.currency"]
        invoice = payment = None
        if figures["invoice_id"]:
            invoice = {
                "name": figures["invoice_name"],
                "date": figures["invoice_date"],
                "amount": figures["invoice_amount"],
                "currency": Currency.browse(figures["invoice_currency_id"]),
                # the invoice's access_url; the session opens it (no token)
                "url": f"/my/invoices/{figures['invoice_id']}",
            }
        summary = {
            "zone": zone,
            "currency": zone.company.currency_id,
            "last_invoice": invoice,
            "balance": figures["balance"],
            "overdue": figures["overdue"],
            **figures["columns"],
        }
        if with_payments:
            if figures["payment_id"]:
                payment = {
                    "date": figures["payment_date"],
                    "amount": figures["payment_amount"],
                    "currency": Currency.browse(figures["payment_currency_id"]),
                }
            summary.update(self._customer_zone_payment_summary(zone, figures, payment))
        return summary

    def _customer_zone_summary_figures(self, zone, with_payments):
        """The balance, the overdue amount, the last invoice and the last
        payment (ids, names, dates, amounts) in one query, whatever the
        history: the row kept since the last visit while nothing it was
        computed from has changed (``customer.zone.summary.snapshot``), else
        the live statement (``_customer_zone_summary_statement``), kept once
        the page is rendered.

        A zone that shows payments reads its figures from the customer's
        credit figures (``res.partner._customer_zone_credit_query``, the one
        computation of the available balance): ``row["credit"]`` is then a
        CreditFigures; else the figures count invoices only and it is None.
        ``row["columns"]``: the bridges' figures
        (``_customer_zone_summary_columns``).
        """
        today = fields.Date.context_today(request.env.user)
        # sudo: the zone's own summary, read and stored by the server
        Snapshot = request.env["customer.zone.summary.snapshot"].sudo()
        variant = ",".join(sorted(zone.pages & self._customer_zone_summary_pages()))
        row = Snapshot._customer_zone_fresh(zone, today, variant)
        if row is None:
            statement = self._customer_zone_summary_statement(
                zone, with_payments, today
            )
            # execute_query flushes what the expressions read
            [row] = request.env.execute_query_dict(statement)
            Snapshot._customer_zone_note_refresh(
                zone,
                today,
                variant,
                statement,
                self._customer_zone_summary_window(zone, today),
            )
        # the terms' name in every language (the row is the customer's, for
        # each of its users): the viewer's, as the ORM reads a translation
        names = row["payment_term"] or {}
        row["payment_term"] = names.get(request.env.lang) or names.get("en_US")
        row["columns"] = row.pop("customer_zone_columns") or {}
        if with_payments:
            credit = request.env["res.partner"]._customer_zone_credit_of_row(
                zone.company,
                [
                    row[key]
                    for key in (
                        "partner_id",
                        "receivable",
                        "deposits",
                        "overdue",
                        "orders",
                        "credit_limit",
                        "prepaid",
                    )
                ],
            )
            row["credit"] = credit
            row["balance"] = credit.balance
        else:
            row["credit"] = None
        return row

    def _customer_zone_summary_pages(self):
        """The pages whose presence changes the summary's figures: a kept
        summary is the one of the zone that showed the same (bridges add
        theirs)."""
        return {"invoices", "payments", "outstanding"}

    def _customer_zone_summary_statement(self, zone, with_payments, today):
        """SQL of the summary's one row: one aggregate over the open items,
        and each document the newest of each of the customer's partners,
        read from the top of an index; the payment terms' name in every
        language; the bridges' columns in one JSON object
        (``customer_zone_columns``). No payment nor terms unless
        ``with_payments``."""
        family = self._customer_zone_family(zone)
        invoice = self._customer_zone_newest_of_family(
            request.env["account.move"],
            self._customer_zone_last_invoice_query(zone),
            family,
            ("id", "name", "invoice_date", "amount_total", "currency_id"),
            ("invoice_date", "id"),
        )
        payment = SQL("SELECT NULL, NULL, NULL, NULL")
        terms = SQL("SELECT NULL::jsonb")
        Partner = request.env["res.partner"].sudo()
        if with_payments:
            terms = self._customer_zone_payment_terms_query(zone)
            payment = self._customer_zone_newest_of_family(
                request.env["account.payment"],
                self._customer_zone_last_payment_query(zone),
                family,
                ("id", "date", "amount", "currency_id"),
                ("date", "id"),
            )
            figures = Partner._customer_zone_credit_query(
                zone.company, SQL("%s", zone.partner.id), today
            )
        else:
            figures = SQL(
                """SELECT NULL, 0, 0, overdue, 0, 0, FALSE, balance
                     FROM (%s) AS invoices(balance, overdue)""",
                self._customer_zone_open_figures_query(zone, today),
            )
        columns = self._customer_zone_summary_columns(zone, family)
        if columns:
            columns = SQL(
                "json_build_object(%s)",
                SQL(", ").join(
                    SQL("%s, (%s)", key, value) for key, value in columns.items()
                ),
            )
        else:
            columns = SQL("NULL::json")
        return SQL(
            """SELECT figures.*, invoice.*, payment.*, terms.*,
                      %s AS customer_zone_columns
                 FROM (%s) AS figures(partner_id, receivable, deposits, overdue,
                      orders, credit_limit, prepaid%s)
            LEFT JOIN LATERAL (%s) AS invoice(invoice_id, invoice_name,
                      invoice_date, invoice_amount, invoice_currency_id)
                   ON TRUE
            LEFT JOIN LATERAL (%s) AS payment(payment_id, payment_date,
                      payment_amount, payment_currency_id)
                   ON TRUE
            LEFT JOIN LATERAL (%s) AS terms(payment_term)
                   ON TRUE""",
            columns,
            figures,
            SQL("") if with_payments else SQL(", balance"),
            invoice,
            payment,
            terms,
        )

    def _customer_zone_summary_window(self, zone, today):
        """SQL of the first and the last day on which the summary computed on
        ``today`` holds: no open item of the customer falls due in between
        (what is overdue, and what "Pay overdue" pays, stay the same)."""
        # sudo: due dates of the user's own open items, by a server-built domain
        Line = request.env["account.move.line"].sudo()
        query = Line._search(
            zone.partner._customer_zone_open_items_domain(zone.company)
        )
        due = Line._field_to_sql(query.table, "date_maturity", query)
        return query.select(
            SQL("MAX(%s) FILTER (WHERE %s < %s) + 1", due, due, today),
            SQL("MIN(%s) FILTER (WHERE %s >= %s)", due, due, today),
        )

    def _customer_zone_summary_columns(self, zone, family):
        """More figures of the summary, ``{key: SQL of one value}``: read by
        the summary's one statement, put in the summary under ``key``.
        Bridges add theirs (the open tickets); ``family`` is the customer's
        partners as a sub-query."""
        return {}

    def _customer_zone_family(self, zone):
        """The customer's partners as a sub-query."""
        return zone.partner._customer_zone_family_query()

    @staticmethod
    def _customer_zone_newest_of_family(model, query, family, names, order):
        """SQL of the first document of ``query`` (a search of ``model``
        ordered by ``order`` descending, limit 1, without a partner
        condition) among those of ``family``: its fields ``names`` (which
        include ``order``), in this order.

        Each partner's newest is the top of an index on ``partner_id`` and
        the order (``_customer_zone_last_*_idx``), then the newest of those
        (as many as the customer has contacts): sorting every document of a
        partner with thousands costs as much as its history is long.
        """
        member = "customer_zone_member"
        query.add_where(
            SQL(
                "%s = %s",
                SQL.identifier(query.table, "partner_id"),
                SQL.identifier(member, "id"),
            )
        )
        newest = query.select(
            *(model._field_to_sql(query.table, name, query) for name in names)
        )
        columns = SQL(", ").join(SQL.identifier(name) for name in names)
        newest_first = SQL(", ").join(
            SQL("%s DESC", SQL.identifier("newest", name)) for name in order
        )
        return SQL(
            """SELECT newest.* FROM (%s) AS %s(id)
               CROSS JOIN LATERAL (%s) AS newest(%s)
               ORDER BY %s LIMIT 1""",
            family.select(),
            SQL.identifier(member),
            newest,
            columns,
            newest_first,
        )

    def _customer_zone_last_invoice_query(self, zone):
        """The zone's invoices of its company, newest first: a search without
        a partner condition (``_customer_zone_newest_of_family`` adds it)."""
        partner = zone.partner
        # sudo: documents of the zone's partner, filtered by the zone's own
        # visibility domain (the same one the record rules apply)
        return (
            request.env["account.move"]
            .sudo()
            ._search(
                Domain("move_type", "in", INVOICE_MOVE_TYPES)
                & Domain("state", "=", "posted")
                & Domain("company_id", "=", zone.company.id)
                & partner._customer_zone_document_domain("account.move", zone.company),
                order="invoice_date desc, id desc",
                limit=1,
            )
        )

    def _customer_zone_last_payment_query(self, zone):
        """The zone's customer payments of its company, newest first,
        without a partner condition."""
        partner = zone.partner
        # sudo: payments of the zone's partner, by the zone's own domain
        return (
            request.env["account.payment"]
            .sudo()
            ._search(
                Domain("payment_type", "=", "inbound")
                & Domain("partner_type", "=", "customer")
                & Domain("state", "in", ("in_process", "paid"))
                & Domain("company_id", "=", zone.company.id)
                & partner._customer_zone_document_domain(
                    "account.payment", zone.company
                ),
                order="date desc, id desc",
                limit=1,
            )
        )

    def _customer_zone_open_figures_query(self, zone, today):
        """SQL of the balance and the overdue amount (in the company's
        currency): what is open on the account, and what of its debit items
        is past due, as the outstanding items page counts it. A zone without
        the outstanding items page counts its invoices only: credit notes and
        payments are not part of it."""
        receivable = zone.partner._customer_zone_open_items_domain(zone.company)
        if not zone.shows("outstanding"):
            receivable &= Domain("move_id.move_type", "in", INVOICE_MOVE_TYPES)
        # sudo: the user's own receivable items, by a server-built domain;
        # payment entries are not readable by portal users through core rules
        Line = request.env["account.move.line"].sudo()
        query = Line._search(receivable)
        residual = Line._field_to_sql(query.table, "amount_residual", query)
        due = Line._field_to_sql(query.table, "date_maturity", query)
        return query.select(
            SQL("COALESCE(SUM(%s), 0)", residual),
            SQL(
                "COALESCE(SUM(%s) FILTER (WHERE %s < %s AND %s > 0), 0)",
                residual,
                due,
                today,
                residual,
            ),
        )

    def _customer_zone_payment_terms_query(self, zone):
        """The name of the customer's payment terms in the zone's company, as
        SQL of its translations (``{lang: name}``): the ORM's own expression
        of the company-dependent field, its default included."""
        # sudo: the zone's own commercial partner
        partners = (
            request.env["res.partner"]
            .sudo()
            .with_company(zone.company)
            .with_context(active_test=False)
        )
        query = partners._search(Domain("id", "=", zone.partner.id))
        return query.select(
            SQL(
                "(SELECT term.name FROM account_payment_term AS term"
                " WHERE term.id = %s)",
                partners._field_to_sql(query.table, "property_payment_term_id", query),
            ),
        )

    def _customer_zone_payment_summary(self, zone, figures, last_payment):
        """Last payment, payment terms (a name) and credit of the zone's
        customer: its credit limit when one applies, its deposits and
        credits, and its available balance (always)."""
        credit = figures["credit"]
        return {
            "last_payment": last_payment,
            "payment_term": figures["payment_term"],
            "credit": credit,
            "credit_limit": credit.limit if credit.has_limit else False,
            "deposits": credit.deposits,
            "available_balance": credit.available,
        }

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        asked = [counter for counter in counters if counter in HOME_COUNTER_PAGES]
        if not asked:
            return values
        zone = request.env.user._customer_zone_state()
        for counter in asked:
            if not zone.shows(HOME_COUNTER_PAGES[counter]):
                values[counter] = 0
            elif counter not in values:
                values[counter] = self._customer_zone_count(counter, zone)
        return values

    def _customer_zone_count(self, counter, zone):
        """Whether the list behind a home tile has anything (1) or not (0):
        the tile only needs to know whether to show."""
        if counter == "credit_note_count":
            return request.env["account.move"].search_count(
                self._customer_zone_credit_notes_domain(), limit=1
            )
        if counter == "payment_count":
            return request.env["account.payment"].search_count([], limit=1)
        # sudo: the user's own receivable items, by a server-built domain
        return (
            request.env["account.move.line"]
            .sudo()
            .search_count(self._customer_zone_outstanding_domain(zone), limit=1)
        )

    def _customer_zone_credit_notes_domain(self):
        """Credit notes of the list and its tile (the rules narrow them to
        the user's own, as core's invoices)."""
        return [("move_type", "=", "out_refund"), ("state", "=", "posted")]

    def _customer_zone_outstanding_domain(self, zone):
        """Open items of the zone's customer that still carry an amount."""
        return zone.partner._customer_zone_open_items_domain(zone.company) & Domain(
            "amount_residual_currency", "!=", 0
        )

    # ------------------------------------------------------------------
    # documents and the links that open them
    # ------------------------------------------------------------------
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
        if by_link and "customer_zone_token_expires_on" in document_sudo._fields:
            # whoever holds only the link, an employee included (documents of
            # the link mixin: the others have no link to check)
            self._customer_zone_check_link(document_sudo)
        if request.env.user._is_internal():
            return session_links(document_sudo)
        if not document_sudo.customer_zone_visible:
            # A link with a valid token still obeys the zone of the document's
            # customer: its switch, the company mode, the document's flags.
            raise AccessError(request.env._("This document is not available."))
        if by_link:
            # its views are link views, whoever holds the link
            request.env["customer.zone.view.event"]._note_link_access(document_sudo)
            return document_sudo
        if request.env.user._is_public():
            return document_sudo
        # the session opens it: the page's links to it and to what it shows
        # (PDF, payment landing, the order's invoices) need no token, and the
        # page mints none (a GET writes nothing)
        return session_links(document_sudo)

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        """A document's page (invoice, credit note, quotation, order, ticket)
        is a view of it: every route calls this once its access check passed.

        The previous / next pager is the zone's (``_customer_zone_records_pager``):
        core's mints a token on both neighbours, a write on every page read."""
        values = super()._get_page_view_values(
            document,
            access_token,
            values,
            NO_SESSION_HISTORY,
            no_breadcrumbs,
            **kwargs,
        )
        values.update(
            self._customer_zone_records_pager(
                request.session.get(session_history, []), document
            )
        )
        # the section menu marks the entry the document belongs to
        values["customer_zone_document"] = document
        request.env["customer.zone.view.event"]._note_view(document)
        return values

    @staticmethod
    def _customer_zone_records_pager(ids, document):
        """The previous and next documents of the list the logged-in user came
        from (``ids``, the session's history), as session links: their page
        URL, no token (the session opens them; nothing is minted, so the page
        writes nothing and stays readable from a replica). None for a visitor
        holding a link, who came from no list of ours."""
        user = request.env.user
        if (
            user._is_public()
            or "access_url" not in document._fields
            or document.id not in ids
        ):
            return {}
        index = ids.index(document.id)
        neighbours = {
            "prev_record": ids[index - 1] if index else None,
            "next_record": ids[index + 1] if index + 1 < len(ids) else None,
        }
        # sudo: the URL of an id of the user's own list (its access is
        # checked when it is opened); a document deleted since has none
        pager = {}
        for key, document_id in neighbours.items():
            neighbour = document.sudo().browse(document_id or ())
            try:
                pager[key] = neighbour.access_url if neighbour else None
            except MissingError:
                pager[key] = None
        return pager

    def _get_http_headers(self, model, report_type, report, download):
        """A document's PDF is a view of it: core's PDF routes (``_show_report``
        and the invoice's ``download=true``) call this once their access check
        passed, with the document as ``model``."""
        headers = super()._get_http_headers(model, report_type, report, download)
        if report_type == "pdf" and len(model) == 1:
            request.env["customer.zone.view.event"]._note_view(model, kind="pdf")
        return headers

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
