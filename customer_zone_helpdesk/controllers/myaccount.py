"""The ticket list and the ticket page (helpdesk_mgmt's
``controllers/myaccount.py``), inside the zone."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.customer_zone.const import MAX_INPUT_ECHO
from odoo.addons.customer_zone.controllers.portal import (
    CustomerZonePortal,
    readonly_on_get,
    readonly_session_get,
)
from odoo.addons.customer_zone.tools import request_input
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

# what portal's _get_page_view_values reads from the query string (messages
# shown on the page, the e-mail token of the chatter): nothing else is passed
PAGE_VIEW_KEYS = ("error", "warning", "success", "pid", "hash")


def _page_view_kwargs(kw):
    """The query keys the ticket page legitimately passes on.

    Forwarding every key lets ``?ticket=1`` or ``?document=1`` collide with
    the named arguments of the methods below (a TypeError, a server error).
    """
    return {key: kw[key] for key in PAGE_VIEW_KEYS if isinstance(kw.get(key), str)}


def _iso_date(raw):
    """``raw`` as a YYYY-MM-DD string, or None when it is not a date of a
    year a period may hold (``request_input.iso_date``)."""
    day = request_input.iso_date(raw)
    return day and day.isoformat()


class CustomerZoneTickets(CustomerZonePortal, CustomerPortalHelpdesk):
    """/my/tickets and /my/ticket/<id>: the zone's page gate, input that
    never becomes a server error, links that mint no token, and only the
    files the customer may see."""

    @http.route(readonly=readonly_on_get)
    def portal_my_tickets(self, page=1, **kw):
        """The zone's switch and mode apply; malformed input gets a message.

        helpdesk_mgmt answers an unknown sort key, a page like "²", dates that
        are not dates and a NUL byte in the search with a server error.
        """
        self._customer_zone_require("tickets")
        messages = []
        kw = self._customer_zone_ticket_list_params(kw, messages)
        response = super().portal_my_tickets(page=request_input.page_number(page), **kw)
        if hasattr(response, "qcontext"):
            qcontext = response.qcontext
            # searched as the user: the session opens them, no token is minted
            qcontext["grouped_tickets"] = [
                tickets.with_context(customer_zone_session_links=True)
                for tickets in qcontext.get("grouped_tickets") or []
            ]
            if messages:
                qcontext["customer_zone_messages"] = messages
        return response

    def _customer_zone_ticket_list_params(self, kw, messages):
        """The list's parameters, each one dropped (with a message) when it
        is not one of the options or not well formed."""
        kw = dict(kw)
        options = {
            "sortby": self._ticket_get_searchbar_sortings(),
            "groupby": self._ticket_get_searchbar_groupby(),
            "search_in": self._ticket_get_searchbar_inputs(),
        }
        for key, known in options.items():
            kw[key] = request_input.pick_option(known, kw.get(key), None, messages)
        if kw.get("filterby") is not None:
            filterby = request_input.printable(kw["filterby"], MAX_INPUT_ECHO)
            kw["filterby"] = filterby or None
        if kw.get("search") is not None:
            search = request_input.printable(kw["search"], MAX_INPUT_ECHO)
            kw["search"] = search.strip() or None
        kw["date_begin"], kw["date_end"] = self._customer_zone_ticket_dates(
            kw.get("date_begin"), kw.get("date_end"), messages
        )
        return kw

    def _customer_zone_ticket_dates(self, date_begin, date_end, messages):
        """The period as YYYY-MM-DD strings; both dropped, with a message, when
        one is given but is not a date (helpdesk_mgmt puts them in a domain)."""
        given = (date_begin, date_end)
        dates = tuple(_iso_date(raw) if raw else None for raw in given)
        if any(raw and not date for raw, date in zip(given, dates, strict=True)):
            messages.append(
                request.env._("The dates given are not valid; showing all.")
            )
            return None, None
        return dates

    @http.route(readonly=readonly_session_get)
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        """helpdesk_mgmt's ticket page, without its loop that writes a
        permanent access token on every file of the ticket (internal notes'
        included) at each visit: the page lists only the files the customer
        may see, with short-lived tokens (``_ticket_get_page_view_values``).

        Not calling super is deliberate: that loop is in the middle of it; the
        rest (access check, values, template) is the same. The zone decides
        through ``_document_check_access``, by the ticket's customer, as for
        an invoice's page: a link from an email opens it without a session.
        """
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._ticket_get_page_view_values(
            ticket_sudo, access_token, **_page_view_kwargs(kw)
        )
        return request.render("helpdesk_mgmt.portal_helpdesk_ticket_page", values)

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(
            ticket, access_token, **_page_view_kwargs(kwargs)
        )
        # ticket is sudo: _document_check_access decided the user may see it
        values["customer_zone_attachments"] = (
            ticket.attachment_ids._customer_zone_ticket_files_shown()
        )
        return values
