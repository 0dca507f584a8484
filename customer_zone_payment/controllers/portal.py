import math

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.account_payment.controllers.payment import (
    PaymentPortal as AccountPaymentPortal,
)
from odoo.addons.account_payment.controllers.portal import (
    PortalAccount as AccountPaymentPortalAccount,
)
from odoo.addons.customer_zone.controllers.portal import CustomerZoneZone

MAX_SELECTED = 500


def _on_account_amount(raw, company):
    """The amount a customer typed, checked: (amount, None) or (None, error key)."""
    limit = company.customer_zone_on_account_max
    if not limit:
        return None, "disabled"
    try:
        amount = float(str(raw or "").strip().replace(",", "."))
    except ValueError:
        return None, "amount"
    if not math.isfinite(amount) or amount <= 0:
        return None, "amount"
    amount = company.currency_id.round(amount)
    if amount <= 0 or company.currency_id.compare_amounts(amount, limit) > 0:
        return None, "amount"
    return amount, None


def _parse_ids(raw):
    """Invoice ids from "1,2,3" (form) or "1-2-3" (route): ValueError if bad."""
    parts = [part for part in str(raw or "").replace("-", ",").split(",") if part]
    ids = [int(part) for part in parts]
    if not ids or len(ids) > MAX_SELECTED or any(i <= 0 or i >= 2**31 for i in ids):
        raise ValueError(raw)
    return list(dict.fromkeys(ids))


class CustomerZonePayment(AccountPaymentPortalAccount, AccountPaymentPortal):
    """Pay a chosen set of open invoices, in one transaction."""

    def _customer_zone_payable_domain(self):
        return (
            Domain("move_type", "=", "out_invoice")
            & Domain("state", "=", "posted")
            & Domain("payment_state", "in", ("not_paid", "partial"))
            & Domain("customer_zone_allow_online_payment", "=", True)
        )

    def _customer_zone_selected_invoices(self, raw_ids):
        """The invoices chosen, searched as the user: a foreign, unknown or
        unpayable id makes the whole selection invalid."""
        if raw_ids == "all":
            return request.env["account.move"].search(
                self._customer_zone_payable_domain(), limit=MAX_SELECTED
            )
        ids = _parse_ids(raw_ids)
        invoices = request.env["account.move"].search(
            Domain("id", "in", ids) & self._customer_zone_payable_domain()
        )
        if len(invoices) != len(ids):
            raise ValueError("invalid")
        return invoices

    def _customer_zone_pay_page(
        self, zone, company, invoices, amount, reference, transaction_route, **kw
    ):
        """The confirmation page: what is paid, the amount, the payment form."""
        currency = invoices.currency_id or company.currency_id
        values = self._get_common_page_view_values(
            invoices_data={
                "partner": zone["partner"],
                "company": company,
                "total_amount": amount,
                "currency": currency,
                "amount_residual": amount,
                "payment_reference": reference,
                "landing_route": "/my/outstanding",
                "transaction_route": transaction_route,
            },
            **kw,
        )
        values.update(
            {
                "page_name": "outstanding",
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

    @http.route("/my/outstanding/pay", type="http", auth="user", website=True)
    def portal_pay_selected_invoices(self, invoice_ids=None, **kw):
        zone = CustomerZoneZone.state()
        if zone["mode"] != "account":
            raise request.not_found()
        # the outstanding page's checkboxes are named pay_<invoice id>
        picked = [key[4:] for key in kw if key.startswith("pay_")]
        kw = {key: value for key, value in kw.items() if not key.startswith("pay_")}
        if invoice_ids is None and picked:
            invoice_ids = ",".join(picked)
        if not invoice_ids:
            return request.redirect("/my/outstanding?error=none")
        try:
            invoices = self._customer_zone_selected_invoices(invoice_ids)
        except ValueError:
            return request.redirect("/my/outstanding?error=invalid")
        if not invoices:
            return request.redirect("/my/outstanding?error=none")
        if len(invoices.currency_id) > 1:
            return request.redirect("/my/outstanding?error=currency")
        amount = sum(invoices.mapped("amount_residual"))
        reference = (
            invoices.name
            if len(invoices) == 1
            else invoices.company_id.get_next_batch_payment_communication()
        )
        ids = "-".join(str(i) for i in invoices.ids)
        return self._customer_zone_pay_page(
            zone,
            invoices.company_id,
            invoices,
            amount,
            reference,
            f"/customer_zone/transaction/invoices/{ids}",
            **kw,
        )

    @http.route(
        "/customer_zone/transaction/invoices/<string:invoice_ids>",
        type="jsonrpc",
        auth="user",
    )
    def customer_zone_invoices_transaction(
        self, invoice_ids, payment_reference=None, **kwargs
    ):
        """A transaction for the chosen invoices, for their open amount.

        The amount is recomputed here: what the browser sends is ignored.
        """
        zone = CustomerZoneZone.state()
        if zone["mode"] != "account":
            raise ValidationError(request.env._("Online payment is not available."))
        try:
            invoices = self._customer_zone_selected_invoices(invoice_ids)
        except (ValueError, AccessError, MissingError):
            raise ValidationError(
                request.env._("Some of the invoices chosen cannot be paid online.")
            ) from None
        if not invoices or len(invoices.currency_id) > 1:
            raise ValidationError(
                request.env._("Choose invoices of one currency to pay them together.")
            )
        self._validate_transaction_kwargs(kwargs)
        kwargs["amount"] = sum(invoices.mapped("amount_residual"))
        return self._process_transaction(
            request.env.user.partner_id.id,
            invoices.currency_id.id,
            invoices.ids,
            payment_reference,
            **kwargs,
        )

    @http.route(
        "/my/outstanding/pay_on_account", type="http", auth="user", website=True
    )
    def portal_pay_on_account(self, amount=None, **kw):
        zone = CustomerZoneZone.state()
        company = zone["company"]
        if zone["mode"] != "account" or not company.customer_zone_on_account_max:
            raise request.not_found()
        amount, error = _on_account_amount(amount, company)
        if error:
            return request.redirect(f"/my/outstanding?error={error}")
        reference = request.env._(
            "On account: %(customer)s", customer=zone["partner"].name
        )
        return self._customer_zone_pay_page(
            zone,
            company,
            request.env["account.move"],
            amount,
            reference,
            "/customer_zone/transaction/on_account",
        )

    @http.route("/customer_zone/transaction/on_account", type="jsonrpc", auth="user")
    def customer_zone_on_account_transaction(self, payment_reference=None, **kwargs):
        """A payment on account: any amount up to the company's maximum."""
        zone = CustomerZoneZone.state()
        company = zone["company"]
        if zone["mode"] != "account":
            raise ValidationError(request.env._("Online payment is not available."))
        amount, error = _on_account_amount(kwargs.get("amount"), company)
        if error:
            raise ValidationError(
                request.env._(
                    "Enter an amount above zero and up to %(limit)s.",
                    limit=company.customer_zone_on_account_max,
                )
            )
        self._validate_transaction_kwargs(kwargs)
        kwargs["amount"] = amount
        return self._process_transaction(
            request.env.user.partner_id.id,
            company.currency_id.id,
            [],
            payment_reference,
            **kwargs,
        )

    @http.route()
    def invoice_transaction(self, invoice_id, access_token, **kwargs):
        """Core's single-invoice payment, refused for an excluded invoice."""
        invoice = request.env["account.move"].sudo().browse(invoice_id).exists()
        if invoice and not invoice.customer_zone_allow_online_payment:
            raise ValidationError(request.env._("This invoice cannot be paid online."))
        if invoice:
            self._customer_zone_check_invoice_amount(invoice, kwargs.get("amount"))
        return super().invoice_transaction(invoice_id, access_token, **kwargs)

    def _customer_zone_check_invoice_amount(self, invoice, raw_amount):
        """Never more than what is due; less only where Settings allow it.

        Core takes the amount the browser sends as it is.
        """
        try:
            amount = float(raw_amount)
        except (TypeError, ValueError):
            amount = float("nan")
        currency = invoice.currency_id
        due = invoice.amount_residual
        if (
            not math.isfinite(amount)
            or amount <= 0
            or currency.compare_amounts(amount, due) > 0
        ):
            raise ValidationError(
                request.env._("Enter an amount above zero and up to what is due.")
            )
        if invoice.company_id.customer_zone_allow_partial_payment:
            return
        # the full amount, or what core itself offers: installment, discount
        next_values = invoice._get_invoice_next_payment_values()
        offered = {
            due,
            next_values.get("amount_due") or due,
            next_values.get("next_amount_to_pay") or due,
        }
        if not any(currency.compare_amounts(amount, value) == 0 for value in offered):
            raise ValidationError(
                request.env._("This invoice can only be paid in full online.")
            )
