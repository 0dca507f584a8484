"""Invoices (core's list, safe against bad input, with more filters), credit
notes and payments received."""

from odoo import http
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import SQL

from ..const import INVOICE_MOVE_TYPES
from ..tools import request_input
from .portal import (
    CustomerZonePortal,
    readonly_invoice_get,
    readonly_on_get,
    search_text,
    search_values,
    session_links,
    with_tie_breaker,
)


class CustomerZoneAccountPortal(CustomerZonePortal):
    # ------------------------------------------------------------------
    # invoices
    # ------------------------------------------------------------------
    @http.route(readonly=readonly_on_get)
    def portal_my_invoices(self, *args, **kw):
        # core's list, read/write in core only because its rows minted their
        # links' tokens; ours carry none (``session_links``)
        return super().portal_my_invoices(*args, **kw)

    @http.route(readonly=readonly_invoice_get)
    def portal_my_invoice_detail(self, *args, **kw):
        return super().portal_my_invoice_detail(*args, **kw)

    def _get_account_searchbar_sortings(self):
        return with_tie_breaker(super()._get_account_searchbar_sortings())

    def _get_account_searchbar_filters(self):
        filters = super()._get_account_searchbar_filters()
        customer_invoice = [("move_type", "in", INVOICE_MOVE_TYPES)]
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
        # core answers an unknown key, a malformed date or page with a
        # server error: each is replaced by its default, with a message
        page = request_input.page_number(page)
        messages = []
        sortby = request_input.pick_option(
            self._get_account_searchbar_sortings(), sortby, "date", messages
        )
        filterby = request_input.pick_option(
            self._get_account_searchbar_filters(), filterby, "all", messages
        )
        search = search_text(request.params.get("search"))
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
        values.update(search_values(search, messages))
        values["invoices"] = self._customer_zone_session_invoices(values["invoices"])
        return values

    @staticmethod
    def _customer_zone_session_invoices(invoices_at):
        """Core's page function of invoices, whose links need no token."""

        def invoices_with_session_links(offset):
            lines = invoices_at(offset)
            if not isinstance(lines, list):
                return lines  # no read access: core's empty recordset
            return [
                dict(line, invoice=session_links(line["invoice"])) for line in lines
            ]

        return invoices_with_session_links

    def _customer_zone_valid_dates(self, date_begin, date_end, messages):
        """Core's date_begin/date_end, dropped with a message when malformed
        (or of a year a period cannot hold: ``request_input.iso_date``)."""
        if not (date_begin or date_end):
            return None, None
        begin = request_input.iso_date(date_begin)
        end = request_input.iso_date(date_end)
        if not (begin and end):
            messages.append(
                request.env._("The dates given are not valid; showing all.")
            )
            return None, None
        return begin, end

    def _customer_zone_sortings(self, date_field, amount_field):
        """Date, number and amount sortings of the zone's own lists."""
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
    # credit notes
    # ------------------------------------------------------------------
    def _get_credit_note_searchbar_sortings(self):
        return self._customer_zone_sortings("invoice_date", "amount_total")

    def _get_credit_note_searchbar_filters(self):
        env = request.env
        return {
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

    def _prepare_my_credit_notes_values(self, page, sortby, filterby, search):
        credit_notes, values = self._customer_zone_list_values(
            model="account.move",
            domain=self._customer_zone_credit_notes_domain(),
            url="/my/credit_notes",
            page=page,
            sortings=self._get_credit_note_searchbar_sortings(),
            filters=self._get_credit_note_searchbar_filters(),
            sortby=sortby,
            filterby=filterby,
            search=search,
        )
        values.update(
            {
                "credit_notes": session_links(credit_notes.sudo()),
                "page_name": "credit_note",
            }
        )
        return values

    @http.route(
        ["/my/credit_notes", "/my/credit_notes/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_credit_notes(
        self, page=1, sortby=None, filterby=None, search=None, **kw
    ):
        self._customer_zone_require("credit_notes")
        values = self._prepare_my_credit_notes_values(page, sortby, filterby, search)
        # the invoice page's previous/next walk through these credit notes
        request.session["my_invoices_history"] = values["credit_notes"].ids[:100]
        return request.render("customer_zone.portal_my_credit_notes", values)

    # ------------------------------------------------------------------
    # payments received
    # ------------------------------------------------------------------
    def _get_payment_searchbar_sortings(self):
        return self._customer_zone_sortings("date", "amount")

    def _get_payment_searchbar_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "received": {
                "label": env._("Received"),
                "domain": [("payment_type", "=", "inbound")],
            },
            "refunds": {
                "label": env._("Refunds to you"),
                "domain": [("payment_type", "=", "outbound")],
            },
            "unallocated": {
                "label": env._("Unallocated"),
                "domain": self._customer_zone_unallocated_domain(),
            },
        }

    def _customer_zone_open_credits_domain(self):
        """The customer's open credit items (payments and credit notes not
        used up) in the user's companies: the deposits and credits of the
        credit figures."""
        return request.env["account.move"]._customer_zone_deposits_domain(
            request.env.companies
        )

    def _customer_zone_unallocated_domain(self):
        """Payments with an unused part: an open credit item of their own."""
        # sudo: a sub-query of the payments' entries (not readable by portal
        # users through core rules); the payments it selects are still
        # searched as the user
        Line = request.env["account.move.line"].sudo()
        query = Line._search(
            self._customer_zone_open_credits_domain()
            & Domain("payment_id", "!=", False)
        )
        return Domain(
            "id", "in", query.subselect(SQL.identifier(query.table, "payment_id"))
        )

    def _customer_zone_unused(self, payments_sudo):
        """``{payment id: its unused part}`` (in the payment's currency), of
        the page's payments, from one grouped query."""
        if not payments_sudo:
            return {}
        # sudo: the entries of payments the user searched (rules applied)
        groups = (
            request.env["account.move.line"]
            .sudo()
            ._read_group(
                self._customer_zone_open_credits_domain()
                & Domain("payment_id", "in", payments_sudo.ids),
                ["payment_id"],
                ["amount_residual_currency:sum"],
            )
        )
        return {payment.id: -residual for payment, residual in groups}

    def _prepare_my_payments_values(self, page, sortby, filterby, search):
        payments, values = self._customer_zone_list_values(
            model="account.payment",
            domain=[],
            url="/my/payments",
            page=page,
            sortings=self._get_payment_searchbar_sortings(),
            filters=self._get_payment_searchbar_filters(),
            sortby=sortby,
            filterby=filterby,
            search=search,
        )
        payments_sudo = payments.sudo()
        # prefetch what the table shows, in one go for the page
        payments_sudo.fetch(["date", "name", "amount", "currency_id", "payment_type"])
        values.update(
            {
                "payments": payments_sudo,
                "paid_documents": self._customer_zone_paid_documents(payments_sudo),
                "unused": self._customer_zone_unused(payments_sudo),
                "page_name": "payment",
            }
        )
        return values

    def _customer_zone_apply_credits_values(self, zone, notice):
        """The "apply my deposits and credits" form: the customer's choice,
        and what the last choice made did (``notice``, a key of the redirect
        after the form: anything else shows nothing)."""
        messages = {
            "on": request.env._(
                "Your deposits and credit notes will be applied to your new "
                "invoices automatically."
            ),
            "off": request.env._(
                "Your deposits and credit notes will no longer be applied "
                "automatically; ask us to apply them."
            ),
            "invalid": request.env._(
                "That choice was not understood; nothing was changed."
            ),
        }
        return {
            "customer_zone_apply_credits": zone.partner.customer_zone_apply_credits,
            "customer_zone_apply_credits_notice": messages.get(notice)
            if isinstance(notice, str)
            else None,
            "customer_zone_apply_credits_error": notice == "invalid",
        }

    @http.route(
        ["/my/payments", "/my/payments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_payments(self, page=1, sortby=None, filterby=None, search=None, **kw):
        zone = self._customer_zone_require("payments")
        values = self._prepare_my_payments_values(page, sortby, filterby, search)
        values.update(
            self._customer_zone_apply_credits_values(zone, kw.get("apply_credits"))
        )
        return request.render("customer_zone.portal_my_payments", values)

    @http.route(
        "/my/payments/apply_credits",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_payments_apply_credits(self, apply_credits=None, **kw):
        """The customer's choice: its deposits and credit notes applied to
        its new invoices when they are posted (or not). A ticked switch
        sends "1", an unticked one nothing; anything else changes nothing."""
        zone = self._customer_zone_require("payments")
        choices = {None: False, "0": False, "1": True, "on": True}
        if apply_credits is not None and not isinstance(apply_credits, str):
            apply_credits = "invalid"
        if apply_credits not in choices:
            return request.redirect("/my/payments?apply_credits=invalid")
        apply = choices[apply_credits]
        # zone.partner is the user's own commercial partner, in sudo: the
        # gate above decided; the customer may change this flag only
        partner_sudo = zone.partner
        if partner_sudo.customer_zone_apply_credits != apply:
            partner_sudo.customer_zone_apply_credits = apply
            partner_sudo.message_post(
                body=request.env._(
                    "Apply deposits and credit notes at invoicing: %(choice)s, "
                    "chosen by %(user)s in the customer zone.",
                    choice=request.env._("yes") if apply else request.env._("no"),
                    user=request.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        notice = "on" if apply else "off"
        return request.redirect(f"/my/payments?apply_credits={notice}")

    def _customer_zone_paid_documents(self, payments_sudo):
        """The documents each payment settled, as far as the user may read
        them: a payment of the group may also settle another customer's
        invoice, which must show neither its number nor a link."""
        settled = payments_sudo.reconciled_invoice_ids
        readable = request.env["account.move"].search([("id", "in", settled.ids)])
        readable = session_links(readable.sudo())
        return {
            payment.id: readable.filtered(
                lambda move, payment=payment: move in payment.reconciled_invoice_ids
            )
            for payment in payments_sudo
        }
