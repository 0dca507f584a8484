from odoo import http
from odoo.http import request

from odoo.addons.sale_management.controllers.portal import (
    CustomerPortal as SaleManagementPortal,
)

from ..tools import request_input

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


class CustomerZoneSaleRoutes(SaleManagementPortal):
    """Core's quotation and order routes, safe against hostile parameters."""

    @http.route()
    def portal_my_quotes(self, **kwargs):
        return super().portal_my_quotes(**_without_reserved(kwargs))

    @http.route()
    def portal_my_orders(self, **kwargs):
        return super().portal_my_orders(**_without_reserved(kwargs))

    @http.route()
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
