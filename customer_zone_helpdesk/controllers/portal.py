from odoo.http import request
from odoo.tools import SQL

from odoo.addons.customer_zone.controllers.portal import CustomerZonePortal

from ..models.helpdesk_ticket import DOCUMENT_MODELS


class CustomerZoneTicketSummary(CustomerZonePortal):
    """The open tickets in the account summary of /my/home, and "Ask about
    this document" on the invoice and order pages where the zone of the user
    looking shows tickets (never to a visitor holding a link)."""

    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name in dict(DOCUMENT_MODELS):
            zone = request.env.user._customer_zone_state()
            values["customer_zone_can_ask"] = zone.shows("tickets")
        return values

    def _customer_zone_summary_pages(self):
        return super()._customer_zone_summary_pages() | {"tickets"}

    def _customer_zone_summary_columns(self, zone, family):
        columns = super()._customer_zone_summary_columns(zone, family)
        if zone.shows("tickets"):
            tickets = zone.partner._customer_zone_open_tickets_query(zone.company)
            columns["open_tickets"] = tickets.select(SQL("COUNT(*)"))
        return columns
