"""The outstanding items: what is open on the account, a page at a time,
sorted and filtered; the totals cover every open item, not only the page."""

from datetime import timedelta

from odoo import fields, http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools import request_input
from .portal import CustomerZonePortal, session_links

# the receivable line's fields the table shows, fetched for the page at once
OUTSTANDING_FIELDS = [
    "move_id",
    "move_name",
    "date",
    "date_maturity",
    "amount_currency",
    "amount_residual_currency",
    "currency_id",
]


class CustomerZoneOutstandingPortal(CustomerZonePortal):
    @http.route(
        ["/my/outstanding", "/my/outstanding/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_outstanding(self, page=1, **kw):
        zone = self._customer_zone_require("outstanding")
        values = self._prepare_my_outstanding_values(zone, page=page, **kw)
        request.env["customer.zone.view.event"]._note_view(
            target="outstanding", name=request.env._("Outstanding items")
        )
        return request.render("customer_zone.portal_my_outstanding", values)

    # ------------------------------------------------------------------
    # searchbar: sortings and filters (hooks, as core's invoices)
    # ------------------------------------------------------------------
    def _get_outstanding_searchbar_sortings(self):
        """Orders of the open items; the first is the default (oldest due
        first: what to pay next). Each ends on the id, so that pages are
        stable whatever the duplicates."""
        env = request.env
        return {
            "date_due": {
                "label": env._("Due date"),
                "order": "date_maturity, date, id",
            },
            "date": {"label": env._("Date"), "order": "date desc, id desc"},
            "name": {"label": env._("Number"), "order": "move_name desc, id desc"},
            "amount": {
                "label": env._("Open amount"),
                "order": "amount_residual_currency desc, id desc",
            },
        }

    def _get_outstanding_searchbar_filters(self):
        """Filters of the open items, as domains on the receivable journal
        items; the first is the default. The payment bridge pays "all the
        invoices of a filter" through the same domains."""
        env = request.env
        today = fields.Date.context_today(request.env.user)
        owed = Domain("amount_residual_currency", ">", 0)
        return {
            "all": {"label": env._("All"), "domain": Domain.TRUE},
            "overdue": {
                "label": env._("Overdue"),
                "domain": owed & Domain("date_maturity", "<", today),
            },
            "due_30": {
                "label": env._("Due within 30 days"),
                "domain": owed
                & Domain("date_maturity", ">=", today)
                & Domain("date_maturity", "<=", today + timedelta(days=30)),
            },
            "credits": {
                "label": env._("Credits"),
                "domain": Domain("amount_residual_currency", "<", 0),
            },
        }

    def _customer_zone_outstanding_filter_domain(self, zone, filterby, base=None):
        """The open items of filter ``filterby`` (a key of the filters,
        checked by the caller): the zone's customer's, whatever the key.
        ``base``: the customer's open items, already resolved."""
        if base is None:
            base = self._customer_zone_outstanding_base_domain(zone)
        filters = self._get_outstanding_searchbar_filters()
        return base & Domain(filters[filterby]["domain"])

    def _customer_zone_outstanding_base_domain(self, zone):
        """Every open item of the zone's customer, its "child of the
        customer" resolved to ids once: the page searches three times (count,
        page, totals) and a bridge once more; each would resolve it again,
        one query per level of contacts."""
        # sudo: resolving the customer's contacts, whom the user may not read
        Line = request.env["account.move.line"].sudo()
        return Domain(self._customer_zone_outstanding_domain(zone)).optimize_full(Line)

    # ------------------------------------------------------------------
    # the page
    # ------------------------------------------------------------------
    def _prepare_my_outstanding_values(self, zone, /, **kw):
        """Values of /my/outstanding: a page of open items (``lines``), the
        days each is overdue (``days_overdue``, by line id), ``totals`` per
        currency over every open item, ``today``, the pager and the
        searchbar (``sortby``, ``filterby``). Bridges add theirs (the
        payment forms).

        ``zone`` is positional-only: ``kw`` holds the query string, where a
        key named "zone" is no argument of ours."""
        messages = []
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
        pager = portal_pager(
            url="/my/outstanding",
            total=Line.search_count(domain),
            page=request_input.page_number(kw.get("page")),
            step=self._items_per_page,
            url_args={"sortby": sortby, "filterby": filterby},
        )
        lines = self._customer_zone_outstanding_lines(
            domain, sortings[sortby]["order"], pager["offset"]
        )
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
                "totals": self._customer_zone_outstanding_totals(base, today),
                "today": today,
                "pager": pager,
                "default_url": "/my/outstanding",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                # the filter's items on every page, for bridges ("pay all")
                "outstanding_domain": domain,
                "customer_zone_messages": messages,
            }
        )
        return values

    def _customer_zone_outstanding_lines(self, domain, order, offset):
        """One page of the open items of ``domain`` (server-built), in
        ``order``, with what the table shows fetched in a fixed number of
        queries."""
        # sudo: the user's own receivable items, by a server-built domain
        lines = (
            request.env["account.move.line"]
            .sudo()
            .search_fetch(
                domain,
                OUTSTANDING_FIELDS,
                order=order,
                limit=self._items_per_page,
                offset=offset,
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

    def _customer_zone_outstanding_totals(self, domain, today):
        """Per currency, over every open item of ``domain`` (the customer's
        open items, whatever the page and the filter): what is due, what of
        it is overdue, the credits, and the balance (due less credits). One
        grouped query."""
        # sudo: the user's own receivable items, by a server-built domain
        Line = request.env["account.move.line"].sudo()
        query = Line._search(domain)
        residual = Line._field_to_sql(query.table, "amount_residual_currency", query)
        maturity = Line._field_to_sql(query.table, "date_maturity", query)
        currency = Line._field_to_sql(query.table, "currency_id", query)
        query.groupby = currency
        rows = request.env.execute_query(
            query.select(
                currency,
                SQL("COALESCE(SUM(%s) FILTER (WHERE %s > 0), 0)", residual, residual),
                SQL(
                    "COALESCE(SUM(%s) FILTER (WHERE %s > 0 AND %s < %s), 0)",
                    residual,
                    residual,
                    maturity,
                    today,
                ),
                SQL("COALESCE(SUM(%s) FILTER (WHERE %s < 0), 0)", residual, residual),
            )
        )
        currencies = request.env["res.currency"].browse([row[0] for row in rows])
        totals = {}
        for row in sorted(rows, key=lambda row: row[0]):
            currency = currencies.browse(row[0])
            due, overdue, credit = (currency.round(amount) for amount in row[1:])
            totals[currency] = {
                "due": due,
                "overdue": overdue,
                "credit": credit,
                "balance": currency.round(due + credit),
            }
        return totals
