import math
import re

from odoo import Command, fields, http
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
from odoo.addons.customer_zone.tools import request_input

MAX_SELECTED = 500
# an invoice id as a URL or a form gives it: ASCII digits only ("²" and other
# Unicode digits pass str.isdigit(), and int() accepts some of them)
ID_PATTERN = request_input.ID_PATTERN
# What core's invoice page reads from the query string; any other key went on
# to _get_compatible_providers(**kwargs) (currency_id=1: a TypeError, a 500).
INVOICE_PAGE_PARAMS = frozenset(
    {
        "access_token",
        "report_type",
        "download",
        "amount",
        "payment_token",
        "payment",
        "error",
        "warning",
        "success",
        "pid",
        "hash",
    }
)
PAYMENT_FLOWS = ("redirect", "direct", "token")
# an amount sent as text: plain decimal digits (JSON sends a number)
AMOUNT_PATTERN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
# above this, no payment is real, and rounding to a currency overflows
MAX_AMOUNT = 1e15
# the documents a transaction pays, as the transaction routes link them
DOCUMENT_LINKS = ("invoice_ids", "sale_order_ids")


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


def _positive_amount(raw):
    """``raw`` as a finite amount above zero, or None."""
    try:
        amount = float(raw)
    except (TypeError, ValueError):
        return None
    return amount if math.isfinite(amount) and amount > 0 else None


def _strict_id(value):
    """A record id as JSON or a form sends it (an int, or ASCII digits), or
    None: no bool, float, list, sign, exponent or Unicode digit."""
    return request_input.record_id(value)


def _strict_bool(value):
    """A flag as JSON or a form sends it: True, False or None."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _strict_amount(value, currency):
    """An amount rounded to ``currency`` and above zero, or None."""
    if isinstance(value, str) and AMOUNT_PATTERN.fullmatch(value):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        amount = float(value)
    except OverflowError:  # an int of thousands of digits
        return None
    if not math.isfinite(amount) or not 0 < amount < MAX_AMOUNT:
        return None
    amount = currency.round(amount)
    return amount if amount > 0 else None


def _linked_ids(custom_create_values, field):
    """The ids a transaction's create values link in ``field``."""
    ids = []
    for command in (custom_create_values or {}).get(field) or []:
        if isinstance(command, (list, tuple)) and len(command) == 3:
            if command[0] == Command.SET:
                ids.extend(command[2])
            elif command[0] == Command.LINK:
                ids.append(command[1])
    return ids


def _parse_ids(raw):
    """Invoice ids from "1,2,3" (form) or "1-2-3" (route): ValueError if bad."""
    parts = [part for part in str(raw or "").replace("-", ",").split(",") if part]
    if not parts or len(parts) > MAX_SELECTED:
        raise ValueError(raw)
    if not all(ID_PATTERN.fullmatch(part) for part in parts):
        raise ValueError(raw)
    ids = [int(part) for part in parts]
    if any(i <= 0 or i >= 2**31 for i in ids):
        raise ValueError(raw)
    return list(dict.fromkeys(ids))


def _invoices_reference(invoices):
    """The payment reference of these invoices, built on the server from their
    numbers: the same on every page view, and no sequence consumed by a GET."""
    names = sorted(invoices.mapped("name"))
    if len(names) == 1:
        return names[0]
    return f"{names[0]}+{len(names) - 1}"


class CustomerZonePayment(AccountPaymentPortalAccount, AccountPaymentPortal):
    """Pay a chosen set of open invoices, in one transaction; core's payment
    routes for invoices obey the same rules."""

    # ------------------------------------------------------------------
    # what may be paid
    # ------------------------------------------------------------------
    def _customer_zone_payable_domain(self, zone):
        """Open customer invoices of the zone's customer, allowed online."""
        return (
            Domain("move_type", "=", "out_invoice")
            & Domain("state", "=", "posted")
            & Domain("payment_state", "in", ("not_paid", "partial"))
            & Domain("customer_zone_allow_online_payment", "=", True)
            & Domain("partner_id", "child_of", zone["partner"].id)
        )

    def _customer_zone_selected_invoices(self, zone, raw_ids):
        """The invoices chosen, searched as the user: a foreign, unknown or
        unpayable id makes the whole selection invalid."""
        payable = self._customer_zone_payable_domain(zone)
        if raw_ids == "all":
            return request.env["account.move"].search(
                payable & Domain("company_id", "=", zone["company"].id),
                limit=MAX_SELECTED,
            )
        ids = _parse_ids(raw_ids)
        invoices = request.env["account.move"].search(Domain("id", "in", ids) & payable)
        if len(invoices) != len(ids):
            raise ValueError("invalid")
        return invoices

    def _customer_zone_overdue_invoices(self, zone):
        """What "Pay overdue invoices" pays: the payable invoices past due."""
        today = fields.Date.context_today(request.env.user)
        return request.env["account.move"].search(
            self._customer_zone_payable_domain(zone)
            & Domain("company_id", "=", zone["company"].id)
            & Domain("invoice_date_due", "<", today),
            limit=MAX_SELECTED,
        )

    @staticmethod
    def _customer_zone_selection_error(invoices):
        """Why these invoices cannot be paid together (a message key), or None."""
        if not invoices:
            return "none"
        if len(invoices.company_id) > 1:
            return "company"
        if len(invoices.currency_id) > 1:
            return "currency"
        return None

    @staticmethod
    def _customer_zone_selection_message(error):
        env = request.env
        messages = {
            "none": env._("Choose at least one invoice to pay."),
            "overdue": env._("You have no overdue invoice to pay online."),
            "company": env._(
                "Invoices of different companies cannot be paid together."
            ),
            "currency": env._(
                "Invoices in different currencies cannot be paid together."
            ),
        }
        return messages.get(error) or env._(
            "Some of the invoices chosen cannot be paid online."
        )

    # ------------------------------------------------------------------
    # pages
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
                "partner": zone["partner"],
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
        error = self._customer_zone_selection_error(invoices)
        if error:
            return request.redirect(f"/my/outstanding?error={error}")
        ids = "-".join(str(i) for i in invoices.ids)
        return self._customer_zone_pay_page(
            zone,
            invoices.company_id,
            invoices,
            sum(invoices.mapped("amount_residual")),
            _invoices_reference(invoices),
            f"/customer_zone/transaction/invoices/{ids}",
        )

    def _customer_zone_unavailable_page(self, message):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "customer_zone_pay", "message": message})
        return request.render("customer_zone_payment.portal_pay_unavailable", values)

    @http.route("/my/outstanding/pay", type="http", auth="user", website=True)
    def portal_pay_selected_invoices(self, invoice_ids=None, **kw):
        zone = CustomerZoneZone.state()
        if zone["mode"] != "account":
            raise request.not_found()
        # the outstanding page's checkboxes are named pay_<invoice id>; no
        # other query parameter is read
        picked = [key[4:] for key in kw if key.startswith("pay_")]
        if invoice_ids is None and picked:
            invoice_ids = ",".join(picked)
        if not invoice_ids:
            return request.redirect("/my/outstanding?error=none")
        try:
            invoices = self._customer_zone_selected_invoices(zone, invoice_ids)
        except ValueError:
            return request.redirect("/my/outstanding?error=invalid")
        return self._customer_zone_pay_invoices_page(zone, invoices)

    @http.route()
    def portal_my_overdue_invoices(self, access_token=None, **kw):
        """Core's "Pay overdue invoices": what the zone lets the customer pay,
        on the same page and through the same transaction route as a choice
        of invoices; a message when there is nothing to pay."""
        if request.env.user._is_public():
            return request.redirect("/my")
        zone = CustomerZoneZone.state()
        if zone["mode"] != "account":
            return self._customer_zone_unavailable_page(
                request.env._(
                    "Paying several invoices at once is not available. "
                    "Open an invoice to pay it."
                )
            )
        invoices = self._customer_zone_overdue_invoices(zone)
        if not invoices:
            return self._customer_zone_unavailable_page(
                self._customer_zone_selection_message("overdue")
            )
        return self._customer_zone_pay_invoices_page(zone, invoices)

    @http.route()
    def portal_my_invoice_detail(self, invoice_id, **kw):
        """Core's invoice page, given only the parameters it reads, and no
        custom amount unless it is a number above zero (core's float() of it
        answered 500)."""
        kw = {key: value for key, value in kw.items() if key in INVOICE_PAGE_PARAMS}
        if "amount" in kw and _positive_amount(kw["amount"]) is None:
            kw.pop("amount")
            kw.pop("payment_token", None)
        return super().portal_my_invoice_detail(invoice_id, **kw)

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
        return self._customer_zone_pay_page(
            zone,
            company,
            request.env["account.move"],
            amount,
            self._customer_zone_on_account_reference(zone),
            "/customer_zone/transaction/on_account",
        )

    @staticmethod
    def _customer_zone_on_account_reference(zone):
        return request.env._("On account: %(customer)s", customer=zone["partner"].name)

    @http.route()
    def payment_method(self, **kwargs):
        """Core's "Payment methods" page, given no query parameter: core reads
        none, and passed them all on to ``_get_compatible_providers`` (any
        ``partner_id`` or ``amount`` was a TypeError, a bad ``currency_id`` a
        database error: a 500)."""
        return super().payment_method()

    # ------------------------------------------------------------------
    # transactions
    # ------------------------------------------------------------------
    @staticmethod
    def _customer_zone_transaction_zone():
        zone = CustomerZoneZone.state()
        if zone["mode"] != "account":
            raise ValidationError(request.env._("Online payment is not available."))
        return zone

    def _customer_zone_invoices_transaction(self, invoices, kwargs):
        """A transaction for these invoices, for their open amount, under a
        reference built here: the amount and the reference the browser sends
        are ignored."""
        error = self._customer_zone_selection_error(invoices)
        if error:
            raise ValidationError(self._customer_zone_selection_message(error))
        self._validate_transaction_kwargs(kwargs)
        kwargs["amount"] = sum(invoices.mapped("amount_residual"))
        kwargs["landing_route"] = "/my/outstanding"
        return self._process_transaction(
            request.env.user.partner_id.id,
            invoices.currency_id.id,
            invoices.ids,
            _invoices_reference(invoices),
            **kwargs,
        )

    @http.route(
        "/customer_zone/transaction/invoices/<string:invoice_ids>",
        type="jsonrpc",
        auth="user",
    )
    def customer_zone_invoices_transaction(
        self, invoice_ids, payment_reference=None, **kwargs
    ):
        """A transaction for the chosen invoices (``payment_reference``, sent
        by the payment form, is ignored)."""
        zone = self._customer_zone_transaction_zone()
        try:
            invoices = self._customer_zone_selected_invoices(zone, invoice_ids)
        except (ValueError, AccessError, MissingError):
            raise ValidationError(
                self._customer_zone_selection_message("invalid")
            ) from None
        return self._customer_zone_invoices_transaction(invoices, kwargs)

    @http.route()
    def overdue_invoices_transaction(self, payment_reference=None, **kwargs):
        """Core's overdue payment, for what the zone lets the customer pay
        (``payment_reference``, sent by the payment form, is ignored)."""
        zone = self._customer_zone_transaction_zone()
        invoices = self._customer_zone_overdue_invoices(zone)
        if not invoices:
            raise ValidationError(self._customer_zone_selection_message("overdue"))
        return self._customer_zone_invoices_transaction(invoices, kwargs)

    @http.route("/customer_zone/transaction/on_account", type="jsonrpc", auth="user")
    def customer_zone_on_account_transaction(self, payment_reference=None, **kwargs):
        """A payment on account: any amount up to the company's maximum."""
        zone = self._customer_zone_transaction_zone()
        company = zone["company"]
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
        kwargs["landing_route"] = "/my/outstanding"
        return self._process_transaction(
            request.env.user.partner_id.id,
            company.currency_id.id,
            [],
            self._customer_zone_on_account_reference(zone),
            **kwargs,
        )

    @http.route()
    def invoice_transaction(self, invoice_id, access_token, **kwargs):
        """Core's single-invoice payment: access is checked first, so that a
        caller without it learns nothing of the invoice; then the exclusion
        flag and the amount."""
        if not isinstance(access_token, str):
            access_token = None  # a JSON list or object is no token
        try:
            invoice_sudo = self._document_check_access(
                "account.move", invoice_id, access_token
            )
        except (AccessError, MissingError):
            # core's own message, whatever the cause: unknown id or bad token
            raise ValidationError(
                request.env._("The access token is invalid.")
            ) from None
        if not invoice_sudo.customer_zone_allow_online_payment:
            raise ValidationError(request.env._("This invoice cannot be paid online."))
        kwargs["amount"] = self._customer_zone_check_invoice_amount(
            invoice_sudo, kwargs.get("amount")
        )
        # the reference is the invoice's number: not a name the browser sends
        kwargs.pop("name_next_installment", None)
        # back to a page of this site after paying, never elsewhere
        if not request_input.local_path(kwargs.get("landing_route")):
            kwargs["landing_route"] = self._customer_zone_invoice_landing(invoice_sudo)
        return super().invoice_transaction(invoice_id, access_token, **kwargs)

    @staticmethod
    def _customer_zone_invoice_landing(invoice_sudo):
        """The invoice's page; with its token for a visitor, who came with it."""
        if request.env.user._is_public():
            return f"{invoice_sudo.access_url}?access_token={invoice_sudo.access_token}"
        return invoice_sudo.access_url

    def _customer_zone_check_invoice_amount(self, invoice, raw_amount):
        """Never more than what is due; less only where Settings allow it.

        Core takes the amount the browser sends as it is. Returns the amount.
        """
        currency = invoice.currency_id
        amount = _positive_amount(raw_amount)
        if amount is not None:
            # 1e-320 is above zero, and 0.0 once rounded to the currency
            amount = currency.round(amount) if amount < MAX_AMOUNT else None
        due = invoice.amount_residual
        if not amount or currency.compare_amounts(amount, due) > 0:
            raise ValidationError(
                request.env._("Enter an amount above zero and up to what is due.")
            )
        if invoice.company_id.customer_zone_allow_partial_payment:
            return amount
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
        return amount

    # ------------------------------------------------------------------
    # the provider, checked on the server
    # ------------------------------------------------------------------
    def _process_transaction(
        self, partner_id, currency_id, invoice_ids, payment_reference, **kwargs
    ):
        """Every invoice payment route ends here (core's one invoice and
        overdue routes, ours): one company, and a provider, payment method
        or token the payment form would have offered for this customer,
        company, currency and amount. Core accepts any provider id posted."""
        # sudo: the calling route decided the access to these invoices
        invoices_sudo = request.env["account.move"].sudo().browse(invoice_ids)
        company = invoices_sudo.company_id or request.env.company
        if len(company) > 1:
            raise ValidationError(self._customer_zone_selection_message("company"))
        self._customer_zone_check_payment_option(
            company, partner_id, currency_id, kwargs
        )
        return super()._process_transaction(
            partner_id, currency_id, invoice_ids, payment_reference, **kwargs
        )

    def _customer_zone_check_payment_option(
        self, company, partner_id, currency_id, kwargs
    ):
        """Refuse a provider, method or token the form would not offer."""
        amount = _positive_amount(kwargs.get("amount"))
        flow = kwargs.get("flow")
        if amount is None or kwargs.get("is_validation") or flow not in PAYMENT_FLOWS:
            raise ValidationError(
                request.env._("This payment cannot be made. Reload the page.")
            )
        # sudo: the providers, methods and tokens the payment form reads, for
        # the partner the calling route decided
        providers_sudo = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                company.id, partner_id, amount, currency_id=currency_id
            )
        )
        provider_id = self._cast_as_int(kwargs.get("provider_id"))
        if flow == "token":
            token_id = self._cast_as_int(kwargs.get("token_id"))
            tokens_sudo = (
                request.env["payment.token"]
                .sudo()
                ._get_available_tokens(providers_sudo.ids, partner_id)
            )
            offered = tokens_sudo.filtered(
                lambda token: token.id == token_id
                and token.provider_id.id == provider_id
            )
        else:
            methods_sudo = (
                request.env["payment.method"]
                .sudo()
                ._get_compatible_payment_methods(
                    providers_sudo.ids, partner_id, currency_id=currency_id
                )
            )
            method_id = self._cast_as_int(kwargs.get("payment_method_id"))
            offered = providers_sudo.filtered(
                lambda provider: provider.id == provider_id
                and method_id in (methods_sudo & provider.payment_method_ids).ids
            )
        if not offered:
            raise ValidationError(
                request.env._(
                    "This payment method is not available for this payment. "
                    "Reload the page and choose another one."
                )
            )

    def _create_transaction(
        self,
        provider_id,
        payment_method_id,
        token_id,
        amount,
        currency_id,
        partner_id,
        flow,
        *args,
        **kwargs,
    ):
        """Whatever the route (invoice, quotation, payment link, saving a
        card), values core can use, and a customer pays only with the
        providers offered to it."""
        values = self._customer_zone_clean_transaction_values(
            provider_id,
            payment_method_id,
            token_id,
            amount,
            currency_id,
            flow,
            args,
            kwargs,
        )
        self._customer_zone_check_offered_provider(
            partner_id, values["provider_id"], values["token_id"], flow
        )
        return super()._create_transaction(
            values["provider_id"],
            values["payment_method_id"],
            values["token_id"],
            values["amount"],
            values["currency_id"],
            partner_id,
            flow,
            *args,
            **kwargs,
        )

    def _customer_zone_clean_transaction_values(
        self,
        provider_id,
        payment_method_id,
        token_id,
        amount,
        currency_id,
        flow,
        args,
        kwargs,
    ):
        """The transaction values parsed strictly, before core reads them
        (a string or a list as an id, "nan" or "abc" as an amount ended in
        a 500; "-1" or "" as an amount made a transaction for -1 or 0).

        ``kwargs`` is cleaned in place (the flags); returns the ids and the
        amount to create the transaction with. Raises ValidationError.
        """

        def refuse():
            raise ValidationError(
                request.env._("This payment cannot be made. Reload the page.")
            )

        if flow not in PAYMENT_FLOWS:
            refuse()
        if not args:  # core's route passes them by name; JSON may omit them
            if "tokenization_requested" not in kwargs or "landing_route" not in kwargs:
                refuse()
            for flag in ("tokenization_requested", "is_validation"):
                if flag in kwargs:
                    kwargs[flag] = _strict_bool(kwargs[flag])
                    if kwargs[flag] is None:
                        refuse()
        is_validation = kwargs.get("is_validation", False)
        custom_create_values = kwargs.get("custom_create_values")
        env = request.env
        # sudo: whether the ids sent are records; the checks after decide
        # whether this customer may use them
        provider_sudo = env["payment.provider"].sudo().browse(_strict_id(provider_id))
        if not provider_sudo.exists():
            refuse()
        values = {
            "provider_id": provider_sudo.id,
            "payment_method_id": None,
            "token_id": None,
            "amount": amount,
            "currency_id": currency_id,
        }
        for key, model, raw in (
            ("payment_method_id", "payment.method", payment_method_id),
            ("token_id", "payment.token", token_id),
        ):
            required = (key == "token_id") == (flow == "token")
            if raw in (None, False) and not required:
                continue
            record_sudo = env[model].sudo().browse(_strict_id(raw))
            if not record_sudo.exists():
                refuse()
            values[key] = record_sudo.id
        if is_validation:
            # core takes the provider's validation amount and currency; a
            # validation pays no document
            if any(_linked_ids(custom_create_values, f) for f in DOCUMENT_LINKS):
                refuse()
            return values
        currency = env["res.currency"].browse(_strict_id(currency_id)).exists()
        amount = _strict_amount(amount, currency) if currency else None
        if amount is None:
            raise ValidationError(env._("Enter an amount above zero."))
        values.update(amount=amount, currency_id=currency.id)
        self._customer_zone_check_order_amount(currency, amount, custom_create_values)
        return values

    @staticmethod
    def _customer_zone_check_order_amount(currency, amount, custom_create_values):
        """Never more than what is left to pay on the sales orders paid (what
        core's payment link offers at most: total less what is paid)."""
        order_ids = _linked_ids(custom_create_values, "sale_order_ids")
        if not order_ids or "sale.order" not in request.env:
            return
        # sudo: the orders' amounts; the calling route decided the access
        orders_sudo = request.env["sale.order"].sudo().browse(order_ids).exists()
        left = sum(order.amount_total - order.amount_paid for order in orders_sudo)
        if currency.compare_amounts(amount, left) > 0:
            raise ValidationError(
                request.env._(
                    "Enter an amount above zero and up to what is left to pay."
                )
            )

    def _customer_zone_check_offered_provider(
        self, partner_id, provider_id, token_id, flow
    ):
        # sudo: the paying partner's provider list, a partner the calling
        # route decided (the user's, or the document's behind a valid token)
        partner_sudo = (
            request.env["res.partner"]
            .sudo()
            .browse(self._cast_as_int(partner_id))
            .exists()
        )
        offered = partner_sudo.commercial_partner_id.customer_zone_payment_provider_ids
        if not offered:
            return
        used = {self._cast_as_int(provider_id)}
        if flow == "token":
            # sudo: the token's provider; core checks the token's owner
            token_sudo = (
                request.env["payment.token"]
                .sudo()
                .browse(self._cast_as_int(token_id))
                .exists()
            )
            used.add(token_sudo.provider_id.id)
        if not used <= set(offered.ids):
            raise ValidationError(
                request.env._(
                    "This payment method is not available for this payment. "
                    "Reload the page and choose another one."
                )
            )
