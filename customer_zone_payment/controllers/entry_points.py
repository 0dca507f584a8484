"""Pay from where the customer is: "Pay" on the account summary, on the
statement and on an order with open invoices. Each is a link or a form to
the confirmation pages of ``portal.py`` (``/my/outstanding/pay``): the same
rules decide what is paid, and no page here starts a transaction."""

from urllib.parse import urlencode

from odoo import fields
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.customer_zone.controllers.statement import (
    CustomerZoneStatementPortal,
)

from ..const import MAX_SELECTED
from ..tools import payment_input
from .portal import CustomerZonePaymentPages

# The summary's buttons: the outstanding items' filter each pays, all of it
# ("select all" of the filter, on every page), by its key.
SUMMARY_PAY_FILTERS = ("overdue", "all")


def pay_filter_url(filterby):
    """The confirmation page of every payable invoice of the outstanding
    items' filter ``filterby`` (a key of its filters)."""
    return "/my/outstanding/pay?" + urlencode({"select": "all", "filterby": filterby})


class CustomerZonePayEntryPoints(CustomerZonePaymentPages, CustomerZoneStatementPortal):
    """The "Pay" entry points of the summary, the statement and an order."""

    # ------------------------------------------------------------------
    # shared
    # ------------------------------------------------------------------
    def _customer_zone_pay_filter_totals_query(self, zone, filterby):
        """SQL of the totals (``account.move._customer_zone_payable_totals_query``)
        of what "select all" of the outstanding filter ``filterby`` pays: the
        pay page's own filter, so that a button's amount is the page's."""
        return request.env["account.move"]._customer_zone_payable_totals_query(
            zone.partner,
            zone.company,
            self._customer_zone_outstanding_filter_domain(zone, filterby),
        )

    @staticmethod
    def _customer_zone_pay_button(totals, url):
        """A "Pay" button from payable ``totals`` (the JSON of the totals
        query): None when nothing is payable; ``{count, amount, currency,
        url}`` when the pay page takes them all at once (one currency, at
        most MAX_SELECTED invoices); else ``{count, amount: None, url:
        None}``: the page would refuse them, so the customer chooses instead
        on the outstanding items."""
        if not totals or not totals.get("count"):
            return None
        count = totals["count"]
        if totals["currencies"] != 1 or count > MAX_SELECTED:
            return {"count": count, "amount": None, "currency": None, "url": None}
        currency = request.env["res.currency"].browse(totals["currency_id"])
        return {
            "count": count,
            "amount": currency.round(totals["amount"]),
            "currency": currency,
            "url": url,
        }

    # ------------------------------------------------------------------
    # the account summary (/my/home)
    # ------------------------------------------------------------------
    def _customer_zone_summary_pages(self):
        return super()._customer_zone_summary_pages() | {"pay"}

    def _customer_zone_summary_columns(self, zone, family):
        """What the summary's "Pay overdue" and "Pay all due" pay, read by
        the summary's one statement (no query of their own), both from one
        pass over the customer's open items (``pay_totals``: ``{filter:
        totals}``)."""
        columns = super()._customer_zone_summary_columns(zone, family)
        if zone.shows("pay"):
            filters = self._get_outstanding_searchbar_filters()
            columns["pay_totals"] = request.env[
                "account.move"
            ]._customer_zone_payable_totals_by_filter_query(
                zone.partner,
                zone.company,
                self._customer_zone_outstanding_base_domain(zone),
                {key: filters[key]["domain"] for key in SUMMARY_PAY_FILTERS},
            )
        return columns

    def _customer_zone_summary(self, zone):
        """The summary, with ``pay_overdue`` and ``pay_all`` (the buttons of
        ``_customer_zone_pay_button``) where the zone pays invoices.

        No button unless the balance due is above zero: open credits (a
        payment on account, a credit note) that cover the invoices are no
        reason to pay them again. ``pay_credits``: the open credits not yet
        applied to invoices, shown beside the buttons. ``pay_overdue_more``:
        part of the overdue figure is not what "Pay overdue" pays (an
        invoice whose first instalment only is overdue, one excluded from
        online payment): the overdue items are linked instead."""
        summary = super()._customer_zone_summary(zone)
        if "pay_totals" not in summary:
            return summary
        totals = summary.pop("pay_totals") or {}
        currency = summary["currency"]
        owes = currency.compare_amounts(summary["balance"], 0) > 0
        for filterby in SUMMARY_PAY_FILTERS:
            summary[f"pay_{filterby}"] = owes and self._customer_zone_pay_button(
                totals.get(filterby), pay_filter_url(filterby)
            )
        deposits = summary.get("deposits") or 0.0
        summary["pay_credits"] = (
            deposits if currency.compare_amounts(deposits, 0) > 0 else None
        )
        summary["pay_overdue_more"] = owes and self._customer_zone_overdue_more(
            summary["overdue"], currency, summary["pay_overdue"]
        )
        return summary

    @staticmethod
    def _customer_zone_overdue_more(overdue, currency, button):
        """Whether the summary's overdue figure (``currency``, the
        company's) is more than what the "Pay overdue" ``button`` pays. The
        pay page pays whole invoices, all of whose open items are overdue
        (``account.move._customer_zone_payable_in_domain``): an invoice in
        instalments whose first only is overdue is not among them, and
        counting it would charge its instalments not yet due."""
        if currency.compare_amounts(overdue, 0) <= 0:
            return False
        if not button:
            return True
        if not button["url"] or button["currency"] != currency:
            return False  # "Choose invoices to pay" already says so
        return currency.compare_amounts(overdue, button["amount"]) > 0

    # ------------------------------------------------------------------
    # the statement
    # ------------------------------------------------------------------
    def _customer_zone_statement_values(self, date_from, date_to, page=1, whole=False):
        """The page (not the print view) gets ``statement_pay`` where the
        zone pays invoices."""
        values = super()._customer_zone_statement_values(
            date_from, date_to, page=page, whole=whole
        )
        if not whole:
            zone = request.env.user._customer_zone_state()
            if zone.shows("pay"):
                values["statement_pay"] = self._customer_zone_statement_pay(
                    zone, values
                )
        return values

    def _customer_zone_statement_pay(self, zone, values):
        """What the statement page pays, from one query: ``line_ids`` (the
        rows that get a checkbox: the first row on the page of each open
        invoice payable online), ``balance`` ("Pay the balance": every
        payable invoice, as the summary's "Pay all due", offered when the
        period ends today or later and its closing balance in the invoices'
        currency is above zero: credits that cover them are no reason to
        pay them again) and ``credits`` (``[(currency, amount)]``: the open
        credits not yet applied to invoices, shown beside the buttons)."""
        rows = [
            line
            for statement in values["statements"]
            for line in statement["lines"]
            if line["amount"] > 0
        ]
        move_ids = sorted({row["move_id"] for row in rows})
        chosen = SQL("'{}'::int[]")
        if move_ids:
            chosen = request.env["account.move"]._customer_zone_payable_ids_query(
                zone.partner, zone.company, move_ids
            )
        [(totals, payable_ids, credits)] = request.env.execute_query(
            SQL(
                "SELECT (%s), (%s), (%s)",
                self._customer_zone_pay_filter_totals_query(zone, "all"),
                chosen,
                self._customer_zone_open_credits_query(zone),
            )
        )
        payable_ids = set(payable_ids)
        line_ids = set()
        for row in rows:
            if row["move_id"] in payable_ids:
                payable_ids.discard(row["move_id"])
                line_ids.add(row["id"])
        today = fields.Date.context_today(request.env.user)
        balance = None
        if values["date_to"] >= today:
            balance = self._customer_zone_pay_button(totals, pay_filter_url("all"))
        if balance and balance["url"]:
            closing = {
                statement["currency"]: statement["closing"]
                for statement in values["statement_summary"]
            }
            currency = balance["currency"]
            if currency.compare_amounts(closing.get(currency, 0.0), 0) <= 0:
                balance = None
        Currency = request.env["res.currency"]
        return {
            "line_ids": line_ids,
            "balance": balance,
            "credits": [
                (Currency.browse(int(currency_id)), amount)
                for currency_id, amount in sorted((credits or {}).items())
            ],
        }

    def _customer_zone_open_credits_query(self, zone):
        """SQL of one JSON value ``{currency id: amount}``: the customer's
        open credit items (payments on account, credit notes not yet applied
        to invoices) in the zone's company, per currency, as the outstanding
        items' "Credits" filter lists them. A sub-query of the statement's
        one query."""
        # sudo: the user's own receivable items, by a server-built domain
        Line = request.env["account.move.line"].sudo()
        query = Line._search(
            self._customer_zone_outstanding_filter_domain(zone, "credits")
        )
        currency = Line._field_to_sql(query.table, "currency_id", query)
        residual = Line._field_to_sql(query.table, "amount_residual_currency", query)
        query.groupby = currency
        return SQL(
            "SELECT json_object_agg(credit.currency_id, credit.amount) FROM (%s)"
            " AS credit(currency_id, amount)",
            query.select(currency, SQL("-SUM(%s)", residual)),
        )

    # ------------------------------------------------------------------
    # an order with open invoices
    # ------------------------------------------------------------------
    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "sale.order":
            values["customer_zone_pay_order"] = self._customer_zone_order_pay(document)
        return values

    def _customer_zone_order_pay(self, order_sudo):
        """ "Pay open invoices" of a confirmed order, for its own customer
        logged in (a visitor holding the order's link sees the order, not
        the account: no button): ``{url, amount, currency, count}`` to the
        confirmation page of its invoices payable online; in a zone without
        "pay", its one open invoice's page (core's "Pay Now"); else None."""
        user = request.env.user
        if user._is_public() or not user.share or order_sudo.state != "sale":
            return None
        zone = user._customer_zone_state()
        if zone.partner != order_sudo.partner_id.commercial_partner_id:
            return None
        invoice_ids = order_sudo.invoice_ids.ids
        if not invoice_ids or len(invoice_ids) > MAX_SELECTED:
            return None
        Move = request.env["account.move"]
        if zone.shows("pay"):
            # the invoices the pay page takes: the user's, payable online,
            # of the zone's company (another's zone may not pay them)
            invoices = Move.search(
                Domain("id", "in", invoice_ids)
                & zone.partner._customer_zone_payable_domain(zone.company)
            )
            if not invoices or payment_input.selection_error(invoices):
                return None
            return {
                "url": "/my/outstanding/pay?"
                + urlencode({"invoice_ids": ",".join(map(str, invoices.ids))}),
                "amount": sum(invoices.mapped("amount_residual")),
                "currency": invoices.currency_id,
                "count": len(invoices),
            }
        if zone.shows("invoices"):
            invoices = Move.search(
                Domain("id", "in", invoice_ids)
                & zone.partner._customer_zone_payable_domain(),
                limit=2,
            )
            if len(invoices) == 1:
                return {
                    "url": f"/my/invoices/{invoices.id}",
                    "amount": invoices.amount_residual,
                    "currency": invoices.currency_id,
                    "count": 1,
                }
        return None
