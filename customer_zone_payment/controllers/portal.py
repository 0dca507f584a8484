from odoo import fields, http
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import (
    PortalAccount as AccountPaymentPortalAccount,
)
from odoo.addons.customer_zone.controllers.outstanding import (
    CustomerZoneOutstandingPortal,
)

from ..const import INVOICE_PAGE_PARAMS, MAX_SELECTED
from ..tools import payment_input


class CustomerZonePaymentPages(
    CustomerZoneOutstandingPortal, AccountPaymentPortalAccount
):
    """The pages of paying: choose invoices (or an amount on account) on
    /my/outstanding, confirm, pay with Odoo's payment form. Core's overdue
    and invoice pages obey the same rules. The transactions they start are
    in ``payment.py``."""

    # ------------------------------------------------------------------
    # /my/outstanding: what the pay form needs
    # ------------------------------------------------------------------
    def _prepare_my_outstanding_values(self, zone, /, **kw):
        """The outstanding items, with what the pay forms need: the invoices
        that may be ticked, the maximum of a payment on account, and why the
        last attempt to pay was refused (``?error=<code>``)."""
        values = super()._prepare_my_outstanding_values(zone, **kw)
        error = kw.get("error")
        lines = values["lines"]
        # the page's lines only: one query for their invoices' flag
        lines.move_id.fetch(["customer_zone_allow_online_payment"])
        payable = lines.filtered(
            lambda line: line.amount_residual_currency > 0
            and line.move_id.move_type == "out_invoice"
            and line.move_id.customer_zone_allow_online_payment
        )
        filterby = values["filterby"]
        values.update(
            {
                # the invoices of this page that get a checkbox
                "pay_invoice_ids": set(payable.move_id.ids),
                # "select all": the invoices of the filter on every page, by
                # the same rule as the pay page (the model's)
                "pay_all_count": request.env[
                    "account.move"
                ]._customer_zone_payable_count(
                    zone.partner, zone.company, values["outstanding_domain"]
                ),
                "pay_all_url": f"/my/outstanding/pay?select=all&filterby={filterby}",
                "pay_max_selected": MAX_SELECTED,
                "pay_error_message": error
                and payment_input.error_message(request.env, error),
                "pay_on_account_max": zone.company.customer_zone_on_account_max,
                "pay_currency": zone.company.currency_id,
            }
        )
        return values

    def _customer_zone_select_all(self, zone, select, filterby):
        """The invoices "select all" pays: the invoices of the filter
        ``filterby`` that may be paid online, on every page, decided by the
        model from the filter's domain (every open item of an invoice in the
        filter: ``_customer_zone_payable_in_domain``). Returns ``(invoices,
        None)`` or ``(None, code)``: an unknown filter or ``select`` value is
        refused, never read as "all"."""
        filters = self._get_outstanding_searchbar_filters()
        filterby = filterby or next(iter(filters))
        if select != "all" or not isinstance(filterby, str) or filterby not in filters:
            return None, "selection"
        try:
            invoices = request.env["account.move"]._customer_zone_payable_of(
                zone.partner,
                zone.company,
                self._customer_zone_outstanding_filter_domain(zone, filterby),
            )
        except ValueError:
            return None, "too_many"
        return invoices, None

    # ------------------------------------------------------------------
    # the confirmation page
    # ------------------------------------------------------------------
    def _customer_zone_pay_page(
        self, zone, company, invoices, amount, reference, transaction_route
    ):
        """The confirmation page: what is paid, the amount, the payment form.

        Nothing from the query string reaches the payment form's values.
        """
        currency = invoices.currency_id or company.currency_id
        values = self._get_common_page_view_values(
            invoices_data={
                "partner": zone.partner,
                "company": company,
                "total_amount": amount,
                "currency": currency,
                "amount_residual": amount,
                "payment_reference": reference,
                "landing_route": "/my/outstanding",
                "transaction_route": transaction_route,
            },
        )
        values.update(
            {
                "page_name": "outstanding",
                # sudo: invoices the route searched as the user
                "invoices": invoices.sudo(),
                "payment": {
                    "date": fields.Date.today(),
                    "reference": reference,
                    "amount": amount,
                    "currency": currency,
                },
                "amount": amount,
                "currency": currency,
            }
        )
        return request.render("customer_zone_payment.portal_pay_invoices_page", values)

    def _customer_zone_pay_invoices_page(self, zone, invoices):
        """The confirmation page for these invoices, or back to the
        outstanding items with the reason they cannot be paid together."""
        error = payment_input.selection_error(invoices)
        if error:
            return request.redirect(f"/my/outstanding?error={error}")
        ids = "-".join(str(i) for i in invoices.ids)
        return self._customer_zone_pay_page(
            zone,
            invoices.company_id,
            invoices,
            sum(invoices.mapped("amount_residual")),
            payment_input.invoices_reference(invoices),
            f"/customer_zone/transaction/invoices/{ids}",
        )

    def _customer_zone_unavailable_page(self, message):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "customer_zone_pay", "message": message})
        return request.render("customer_zone_payment.portal_pay_unavailable", values)

    # ------------------------------------------------------------------
    # routes
    # ------------------------------------------------------------------
    @http.route("/my/outstanding/pay", type="http", auth="user", website=True)
    def portal_pay_selected_invoices(
        self, invoice_ids=None, select=None, filterby=None, **kw
    ):
        """The confirmation page of a choice: ticked invoices (``pay_<id>``),
        ids (``invoice_ids``), or every payable invoice of a filter across
        pages (``select=all&filterby=<key>``; ``invoice_ids=all``: of all)."""
        zone = self._customer_zone_require("pay")
        if select is not None or invoice_ids == "all":
            invoices, error = self._customer_zone_select_all(
                zone, "all" if select is None else select, filterby
            )
            if error:
                back = "/my/outstanding?error=" + error
                if error == "too_many":
                    back += f"&filterby={filterby or 'all'}"
                return request.redirect(back)
            return self._customer_zone_pay_invoices_page(zone, invoices)
        # the outstanding page's checkboxes are named pay_<invoice id>; no
        # other query parameter is read
        picked = [key[4:] for key in kw if key.startswith("pay_")]
        if invoice_ids is None and picked:
            invoice_ids = ",".join(picked)
        if not invoice_ids:
            return request.redirect("/my/outstanding?error=none")
        try:
            invoices = request.env["account.move"]._customer_zone_chosen_payable(
                zone.partner, zone.company, invoice_ids
            )
        except ValueError:
            return request.redirect("/my/outstanding?error=invalid")
        return self._customer_zone_pay_invoices_page(zone, invoices)

    @http.route(
        "/my/outstanding/pay_on_account", type="http", auth="user", website=True
    )
    def portal_pay_on_account(self, amount=None, **kw):
        zone = self._customer_zone_require("pay")
        company = zone.company
        if not company.customer_zone_on_account_max:
            raise request.not_found()
        amount, error = payment_input.on_account_amount(amount, company)
        if error:
            return request.redirect(f"/my/outstanding?error={error}")
        return self._customer_zone_pay_page(
            zone,
            company,
            request.env["account.move"],
            amount,
            zone.partner._customer_zone_on_account_reference(),
            "/customer_zone/transaction/on_account",
        )

    @http.route()
    def portal_my_overdue_invoices(self, access_token=None, **kw):
        """Core's "Pay overdue invoices": what the zone lets the customer pay,
        on the same page and through the same transaction route as a choice
        of invoices; a message when there is nothing to pay."""
        if request.env.user._is_public():
            return request.redirect("/my")
        zone = request.env.user._customer_zone_state()
        if not zone.shows("pay"):
            # core's button sits on every invoice list: a page, not a 404
            return self._customer_zone_unavailable_page(
                request.env._(
                    "Paying several invoices at once is not available. "
                    "Open an invoice to pay it."
                )
            )
        invoices = request.env["account.move"]._customer_zone_overdue_payable(
            zone.partner, zone.company
        )
        if not invoices:
            return self._customer_zone_unavailable_page(
                payment_input.error_message(request.env, "overdue")
            )
        return self._customer_zone_pay_invoices_page(zone, invoices)

    @http.route()
    def portal_my_invoice_detail(self, invoice_id, **kw):
        """Core's invoice page, given only the parameters it reads, and no
        custom amount unless it is a number above zero (core's float() of it
        answered 500)."""
        kw = {key: value for key, value in kw.items() if key in INVOICE_PAGE_PARAMS}
        amount = self._cast_as_float(kw.get("amount"))
        if "amount" in kw and payment_input.positive_amount(amount) is None:
            kw.pop("amount")
            kw.pop("payment_token", None)
        return super().portal_my_invoice_detail(invoice_id, **kw)

    @http.route()
    def payment_method(self, **kwargs):
        """Core's "Payment methods" page, given no query parameter: core reads
        none, and passed them all on to ``_get_compatible_providers`` (any
        ``partner_id`` or ``amount`` was a TypeError, a bad ``currency_id`` a
        database error: a 500)."""
        return super().payment_method()
