from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers.payment import (
    PaymentPortal as AccountPaymentPortal,
)
from odoo.addons.customer_zone.tools import request_input

from ..const import DOCUMENT_LINKS, PAYMENT_FLOWS
from ..tools import payment_input


class CustomerZonePaymentTransactions(AccountPaymentPortal):
    """The transactions: a choice of invoices, the overdue ones, one invoice,
    an amount on account. Amounts, references and payment options are
    decided on the server, whatever the browser sends."""

    # ------------------------------------------------------------------
    # invoices and on account
    # ------------------------------------------------------------------
    @staticmethod
    def _customer_zone_transaction_zone():
        """The zone, or ValidationError (the payment form shows it) when it
        does not pay invoices."""
        zone = request.env.user._customer_zone_state()
        if not zone.shows("pay"):
            raise ValidationError(request.env._("Online payment is not available."))
        return zone

    def _customer_zone_invoices_transaction(self, invoices, kwargs):
        """A transaction for these invoices, for their open amount, under a
        reference built here: the amount and the reference the browser sends
        are ignored."""
        error = payment_input.selection_error(invoices)
        if error:
            raise ValidationError(payment_input.error_message(request.env, error))
        self._validate_transaction_kwargs(kwargs)
        kwargs["amount"] = sum(invoices.mapped("amount_residual"))
        kwargs["landing_route"] = "/my/outstanding"
        return self._process_transaction(
            request.env.user.partner_id.id,
            invoices.currency_id.id,
            invoices.ids,
            payment_input.invoices_reference(invoices),
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
            invoices = request.env["account.move"]._customer_zone_chosen_payable(
                zone.partner, zone.company, invoice_ids
            )
        except (ValueError, AccessError, MissingError):
            raise ValidationError(
                payment_input.error_message(request.env, "invalid")
            ) from None
        return self._customer_zone_invoices_transaction(invoices, kwargs)

    @http.route()
    def overdue_invoices_transaction(self, payment_reference=None, **kwargs):
        """Core's overdue payment, for what the zone lets the customer pay
        (``payment_reference``, sent by the payment form, is ignored)."""
        zone = self._customer_zone_transaction_zone()
        invoices = request.env["account.move"]._customer_zone_overdue_payable(
            zone.partner, zone.company
        )
        if not invoices:
            raise ValidationError(payment_input.error_message(request.env, "overdue"))
        return self._customer_zone_invoices_transaction(invoices, kwargs)

    @http.route("/customer_zone/transaction/on_account", type="jsonrpc", auth="user")
    def customer_zone_on_account_transaction(self, payment_reference=None, **kwargs):
        """A payment on account: any amount up to the company's maximum."""
        zone = self._customer_zone_transaction_zone()
        company = zone.company
        amount, error = payment_input.on_account_amount(kwargs.get("amount"), company)
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
            zone.partner._customer_zone_on_account_reference(),
            **kwargs,
        )

    # ------------------------------------------------------------------
    # one invoice (core's "Pay Now")
    # ------------------------------------------------------------------
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
        kwargs["amount"] = invoice_sudo._customer_zone_check_online_amount(
            payment_input.positive_amount(self._cast_as_float(kwargs.get("amount")))
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
            raise ValidationError(payment_input.error_message(request.env, "company"))
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
        amount = payment_input.positive_amount(
            self._cast_as_float(kwargs.get("amount"))
        )
        flow = kwargs.get("flow")
        if amount is None or kwargs.get("is_validation") or flow not in PAYMENT_FLOWS:
            raise ValidationError(
                request.env._("This payment cannot be made. Reload the page.")
            )
        option = "token_id" if flow == "token" else "payment_method_id"
        # sudo: the providers, methods and tokens the payment form reads, for
        # the partner the calling route decided
        offered = (
            request.env["payment.provider"]
            .sudo()
            ._customer_zone_form_offers(
                company,
                partner_id,
                currency_id,
                amount,
                flow,
                self._cast_as_int(kwargs.get("provider_id")),
                self._cast_as_int(kwargs.get(option)),
            )
        )
        if not offered:
            raise self._customer_zone_not_offered()

    @staticmethod
    def _customer_zone_not_offered():
        return ValidationError(
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
        env = request.env
        refused = ValidationError(
            env._("This payment cannot be made. Reload the page.")
        )
        if flow not in PAYMENT_FLOWS:
            raise refused
        # core's route passes the flags by name; JSON may omit them
        if not args and not payment_input.strict_flags(kwargs):
            raise refused
        # sudo: whether the ids sent are records; the checks after decide
        # whether this customer may use them
        values = payment_input.option_ids(
            env(su=True), flow, provider_id, payment_method_id, token_id
        )
        if values is None:
            raise refused
        custom_create_values = kwargs.get("custom_create_values")
        if kwargs.get("is_validation", False):
            # core takes the provider's validation amount and currency; a
            # validation pays no document
            if any(
                payment_input.linked_ids(custom_create_values, field)
                for field in DOCUMENT_LINKS
            ):
                raise refused
            return {**values, "amount": amount, "currency_id": currency_id}
        currency = env["res.currency"].browse(request_input.record_id(currency_id))
        currency = currency.exists()
        amount = payment_input.strict_amount(amount, currency) if currency else None
        if amount is None:
            raise ValidationError(env._("Enter an amount above zero."))
        order_ids = payment_input.linked_ids(custom_create_values, "sale_order_ids")
        if order_ids:
            # sudo: the orders' amounts; the calling route decided the access
            orders_sudo = env["sale.order"].sudo().browse(order_ids).exists()
            orders_sudo._customer_zone_check_online_amount(currency, amount)
        return {**values, "amount": amount, "currency_id": currency.id}

    def _customer_zone_check_offered_provider(
        self, partner_id, provider_id, token_id, flow
    ):
        """Only the providers offered to the paying partner, whatever the
        route (quotations, payment links, saving a card)."""
        env = request.env
        # sudo: the paying partner's provider list, a partner the calling
        # route decided (the user's, or the document's behind a valid token);
        # the token's provider (core checks the token's owner)
        partner_id = self._cast_as_int(partner_id)
        partner_sudo = env["res.partner"].sudo().browse(partner_id).exists()
        providers_sudo = env["payment.provider"].sudo().browse(provider_id)
        if flow == "token":
            providers_sudo |= env["payment.token"].sudo().browse(token_id).provider_id
        if not providers_sudo._customer_zone_offered_to(partner_sudo):
            raise self._customer_zone_not_offered()
