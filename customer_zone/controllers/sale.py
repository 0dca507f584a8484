"""Quotations and orders: core's routes behind the zone's gate, safe against
hostile parameters; quotations get filters, an expired toggle and search."""

from urllib.parse import urlencode

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.sale.controllers.portal import PaymentPortal as SalePaymentPortal
from odoo.addons.sale_management.controllers.portal import (
    CustomerPortal as SaleManagementPortal,
)

from ..tools import request_input
from .portal import (
    CustomerZonePortal,
    readonly_on_get,
    readonly_session_get,
    session_links,
    with_tie_breaker,
)

# Names of core's internal arguments: a query key of that name would reach
# core's helpers twice ("got multiple values for argument") and fail.
RESERVED_KEYS = (
    "quotation_page",
    "document",
    "values",
    "session_history",
    "no_breadcrumbs",
    "order_sudo",
)


def _without_reserved(kwargs):
    return request_input.without_keys(kwargs, RESERVED_KEYS)


class CustomerZoneSalePortal(CustomerZonePortal, SaleManagementPortal):
    # ------------------------------------------------------------------
    # core's routes
    # ------------------------------------------------------------------
    @http.route(readonly=readonly_on_get)
    def portal_my_quotes(self, **kwargs):
        self._customer_zone_require("quotes")
        return super().portal_my_quotes(**_without_reserved(kwargs))

    @http.route(readonly=readonly_on_get)
    def portal_my_orders(self, **kwargs):
        self._customer_zone_require("orders")
        return super().portal_my_orders(**_without_reserved(kwargs))

    @http.route(readonly=readonly_session_get)
    def portal_order_page(self, order_id, *args, **kw):
        return super().portal_order_page(order_id, *args, **_without_reserved(kw))

    @http.route()
    def portal_quote_option_update(self, order_id, line_id, *args, **kwargs):
        """A line id that is no plain number changes nothing (core: int())."""
        line_id = request_input.record_id(line_id)
        if line_id is None:
            raise request.not_found()
        return super().portal_quote_option_update(
            order_id, line_id, *args, **_without_reserved(kwargs)
        )

    @http.route()
    def portal_quote_accept(
        self, order_id, access_token=None, name=None, signature=None
    ):
        """Core's acceptance, once the order is within the customer's
        available balance: an order its policy blocks is refused with why,
        how to pay and whom to call, before anything is written (no
        signature, no confirmation). Core's answers stay for the rest."""
        token = access_token or request.httprequest.args.get("access_token")
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token=token
            )
        except (AccessError, MissingError):
            order_sudo = None  # core answers "Invalid order."
        if order_sudo and order_sudo._has_to_be_signed():
            refusal = order_sudo._customer_zone_acceptance_refusal(request.env.user)
            if refusal:
                return {"error": refusal}
        try:
            # the confirmation checks again (the figures may have moved
            # since): then the signature goes too, and the dialog says why
            with request.env.cr.savepoint():
                return super().portal_quote_accept(
                    order_id, access_token=access_token, name=name, signature=signature
                )
        except UserError as error:
            # the confirmation's own check refused (a race the lock lost):
            # the customer's words, not the staff's
            refusal = order_sudo and order_sudo._customer_zone_acceptance_refusal(
                request.env.user
            )
            return {"error": refusal or error.args[0]}

    def _determine_is_down_payment(self, order_sudo, amount_selection, payment_amount):
        """An order whose customer pays its shortfall online (cash to order,
        customer_zone_payment) is paid as a down payment of that amount
        unless the customer chose the full amount: core would take the
        order's total when the order itself asks no prepayment."""
        if (
            amount_selection is None
            and payment_amount is None
            and order_sudo._customer_zone_pays_shortfall_online()
        ):
            return True
        return super()._determine_is_down_payment(
            order_sudo, amount_selection, payment_amount
        )

    # ------------------------------------------------------------------
    # lists
    # ------------------------------------------------------------------
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
        sortings = with_tie_breaker(super()._get_sale_searchbar_sortings())
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
        if quotation_page:
            return self._customer_zone_quotations_values(page, sortby, **kw)
        messages = []
        sortby = request_input.pick_option(
            self._get_sale_searchbar_sortings(), sortby, "date", messages
        )
        # core's dates are not passed on: core puts them in a domain as they
        # came, and a malformed one fails the query
        values = super()._prepare_sale_portal_rendering_values(
            page=page, sortby=sortby, quotation_page=False
        )
        values["orders"] = session_links(values["orders"])
        values["customer_zone_messages"] = messages
        return values

    def _customer_zone_quotations_values(self, page, sortby, **kw):
        """/my/quotes: filters (to review, accepted, invoiced, declined), the
        expired toggle and the search box, as the zone's own lists."""
        show_expired = kw.get("show_expired") in ("1", "true", "on")
        filters = self._customer_zone_quotation_filters(
            request.env.user.partner_id, show_expired
        )
        orders, values = self._customer_zone_list_values(
            model="sale.order",
            domain=[],
            url="/my/quotes",
            page=page,
            sortings=self._get_sale_searchbar_sortings(),
            filters=filters,
            sortby=sortby,
            filterby=kw.get("filterby"),
            search=kw.get("search"),
            url_args={"show_expired": 1} if show_expired else None,
        )
        values.update(
            {
                "quotations": session_links(orders.sudo()),
                "orders": request.env["sale.order"],
                "page_name": "quote",
                "show_expired": show_expired,
            }
        )
        return values


class CustomerZoneOrderPayment(SalePaymentPortal):
    @http.route()
    def portal_order_transaction(self, order_id, access_token=None, **kwargs):
        """A quotation page served read-only (from a replica) mints no link
        (``customer.zone.link.mixin._portal_ensure_token``): its payment form
        then posts no access token, and core's access check goes by the
        logged-in customer's session, as for an invoice.

        The page to land on after paying is a path of this site, else the
        order's page (core stores whatever the browser sends)."""
        if not isinstance(access_token, str):
            access_token = None  # a JSON list or object is no token
        if not request_input.local_path(kwargs.get("landing_route")):
            kwargs["landing_route"] = self._customer_zone_order_landing(
                order_id, access_token
            )
        return super().portal_order_transaction(order_id, access_token, **kwargs)

    @staticmethod
    def _customer_zone_order_landing(order_id, access_token):
        """The order's page; with the token a visitor sent (core refuses the
        transaction next when it is not the order's). No access check of its
        own: core's follows."""
        url = f"/my/orders/{int(order_id)}"
        if access_token and request.env.user._is_public():
            url += "?" + urlencode({"access_token": access_token})
        return url
