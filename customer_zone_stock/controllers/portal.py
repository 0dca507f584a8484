"""/my/deliveries: the customer's deliveries and returns, with their slips;
core's delivery slip routes (sale_stock's ``/my/picking/pdf/<id>``) under
the zone's rules, their views recorded."""

from datetime import timedelta

from werkzeug.exceptions import HTTPException

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import consteq

from odoo.addons.customer_zone.controllers.account import CustomerZoneAccountPortal
from odoo.addons.customer_zone.controllers.portal import (
    readonly_session_get,
    session_links,
)
from odoo.addons.sale_stock.controllers.portal import SaleStockPortal

# the delivery's fields the table shows, fetched for the page at once
DELIVERY_FIELDS = [
    "name",
    "state",
    "date_done",
    "scheduled_date",
    "picking_type_code",
    "sale_id",
    "carrier_id",
    "carrier_tracking_ref",
    "partner_id",
]
# links a tracking reference may point to (set by the business, on the carrier)
TRACKING_SCHEMES = ("https://", "http://")


class CustomerZoneDeliveries(CustomerZoneAccountPortal, SaleStockPortal):
    # ------------------------------------------------------------------
    # the list
    # ------------------------------------------------------------------
    @http.route(
        ["/my/deliveries", "/my/deliveries/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_deliveries(
        self,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        date_begin=None,
        date_end=None,
        **kw,
    ):
        self._customer_zone_require("deliveries")
        values = self._prepare_my_deliveries_values(
            page, sortby, filterby, search, date_begin, date_end
        )
        return request.render("customer_zone_stock.portal_my_deliveries", values)

    def _get_delivery_searchbar_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "scheduled_date desc, id desc"},
            "name": {"label": env._("Reference"), "order": "name desc, id desc"},
            "state": {"label": env._("Status"), "order": "state, id desc"},
        }

    def _get_delivery_searchbar_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "done": {
                "label": env._("Delivered"),
                "domain": [
                    ("state", "=", "done"),
                    ("picking_type_code", "=", "outgoing"),
                ],
            },
            "in_progress": {
                "label": env._("In progress"),
                "domain": [
                    ("state", "!=", "done"),
                    ("picking_type_code", "=", "outgoing"),
                ],
            },
            "returns": {
                "label": env._("Returns"),
                "domain": [("picking_type_code", "=", "incoming")],
            },
        }

    @staticmethod
    def _customer_zone_delivery_period(begin, end):
        """Deliveries of the period: by the day they were done, or are
        planned for when not done yet."""
        domain = Domain.TRUE
        if begin:
            domain &= (
                Domain("state", "=", "done") & Domain("date_done", ">=", begin)
            ) | (Domain("state", "!=", "done") & Domain("scheduled_date", ">=", begin))
        if end:
            # up to the end of the last day
            domain &= (Domain("state", "=", "done") & Domain("date_done", "<", end)) | (
                Domain("state", "!=", "done") & Domain("scheduled_date", "<", end)
            )
        return domain

    def _prepare_my_deliveries_values(
        self, page, sortby, filterby, search, date_begin, date_end
    ):
        dates = []
        begin, end = self._customer_zone_valid_dates(date_begin, date_end, dates)
        url_args = {}
        period = Domain.TRUE
        if begin and end:
            url_args = {"date_begin": begin, "date_end": end}
            period = self._customer_zone_delivery_period(begin, end + timedelta(days=1))
        # the rules (the zone's global one) decide whose and which: the list
        # needs no partner condition of its own
        pickings, values = self._customer_zone_list_values(
            model="stock.picking",
            domain=Domain("customer_zone_governed", "=", True) & period,
            url="/my/deliveries",
            page=page,
            sortings=self._get_delivery_searchbar_sortings(),
            filters=self._get_delivery_searchbar_filters(),
            sortby=sortby,
            filterby=filterby,
            search=search,
            url_args=url_args,
        )
        values["customer_zone_messages"] = dates + values["customer_zone_messages"]
        # the orders, searched as the user: linked only where it may open them
        orders = session_links(
            request.env["sale.order"]
            .search([("id", "in", pickings.sale_id.ids)])
            .sudo()
        )
        # sudo: the pickings the user searched (rules applied), rendered with
        # their carrier and order, which portal users may not read
        pickings_sudo = pickings.sudo()
        pickings_sudo.fetch(DELIVERY_FIELDS)
        values.update(
            {
                "deliveries": pickings_sudo,
                "delivery_orders": {order.id: order for order in orders},
                "tracking_urls": self._customer_zone_tracking_urls(pickings_sudo),
                "date_begin": begin,
                "date_end": end,
                "page_name": "deliveries",
            }
        )
        return values

    @staticmethod
    def _customer_zone_tracking_urls(pickings_sudo):
        """``{picking id: the carrier's tracking link}``, when it has one (a
        web address: the carrier's link is the business's setting)."""
        urls = {}
        for picking in pickings_sudo.filtered("carrier_tracking_ref"):
            url = picking.carrier_tracking_url
            if isinstance(url, str) and url.startswith(TRACKING_SCHEMES):
                urls[picking.id] = url
        return urls

    # ------------------------------------------------------------------
    # home: the tile
    # ------------------------------------------------------------------
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "delivery_count" in counters:
            zone = request.env.user._customer_zone_state()
            values["delivery_count"] = (
                request.env["stock.picking"].search_count(
                    [("customer_zone_governed", "=", True)], limit=1
                )
                if zone.shows("deliveries")
                and request.env["stock.picking"].has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # delivery slips (sale_stock's routes)
    # ------------------------------------------------------------------
    def _stock_picking_check_access(self, picking_id, access_token=None):
        """The slip of a delivery the user sees (the record rules: the
        zone's included), or of one reached with its order's link, which
        obeys the zone's rules for links (expiry, revocation, links off, the
        customer's zone). Core takes the order's token alone, in sudo."""
        picking = request.env["stock.picking"].browse([picking_id]).exists()
        if not picking:
            raise MissingError(request.env._("This delivery does not exist."))
        if picking.has_access("read"):
            return picking.sudo()
        picking_sudo = picking.sudo()
        order_sudo = picking_sudo.sale_id
        if not self._customer_zone_order_token_matches(order_sudo, access_token):
            raise AccessError(request.env._("This delivery is not available."))
        # the order's link: expired, revoked or links off, it opens nothing
        self._customer_zone_check_link(order_sudo)
        if (
            not request.env.user._is_internal()
            and not picking_sudo.customer_zone_visible
        ):
            raise AccessError(request.env._("This delivery is not available."))
        request.env["customer.zone.view.event"]._note_link_access(picking_sudo)
        return picking_sudo

    @staticmethod
    def _customer_zone_order_token_matches(order_sudo, access_token):
        """Whether ``access_token`` is the order's link. The token itself,
        always: reading the order (a contact of its customer) is no right to
        the transfers the zone refuses, so core's document check, which skips
        the token for a user who reads the document, will not do."""
        return bool(
            order_sudo
            and order_sudo.access_token
            and isinstance(access_token, str)
            and access_token
            # bytes: compare_digest refuses strings that are not ASCII
            and consteq(order_sudo.access_token.encode(), access_token.encode())
        )

    @http.route(readonly=readonly_session_get)
    def portal_my_picking_report(self, picking_id, access_token=None, **kw):
        """The delivery slip; opening it is a view of the delivery."""
        response = super().portal_my_picking_report(
            picking_id, access_token=access_token, **kw
        )
        self._customer_zone_note_slip_view(response, picking_id)
        return response

    @http.route(readonly=readonly_session_get)
    def portal_my_picking_return_report(self, picking_id, access_token=None, **kw):
        response = super().portal_my_picking_return_report(
            picking_id, access_token=access_token, **kw
        )
        self._customer_zone_note_slip_view(response, picking_id)
        return response

    @staticmethod
    def _customer_zone_note_slip_view(response, picking_id):
        # core answers a refusal with a NotFound it returns, not raises
        if isinstance(response, HTTPException) or response.status_code != 200:
            return
        # sudo: the route's access check passed (the PDF is the answer)
        picking_sudo = request.env["stock.picking"].sudo().browse(picking_id)
        request.env["customer.zone.view.event"]._note_view(picking_sudo, kind="pdf")
