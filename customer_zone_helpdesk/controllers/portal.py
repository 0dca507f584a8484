import re
import unicodedata

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.customer_zone.controllers.portal import (
    CustomerZonePortal,
    CustomerZoneZone,
)
from odoo.addons.customer_zone.tools import request_input
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
SEARCH_MAX_LENGTH = 64


def _record_id(raw):
    """The id in a request parameter, or None unless it is a plain number."""
    return request_input.record_id(raw)


def _printable(raw):
    """What the customer typed, printable and at most SEARCH_MAX_LENGTH long."""
    return request_input.printable(raw, SEARCH_MAX_LENGTH)


# what portal's _get_page_view_values reads from the query string (messages
# shown on the page, the e-mail token of the chatter): nothing else is passed
PAGE_VIEW_KEYS = ("error", "warning", "success", "pid", "hash")
WHITESPACE_CONTROLS = "\t\n\r"


def _page_view_kwargs(kw):
    """The query keys the ticket page legitimately passes on.

    Forwarding every key lets ``?ticket=1`` or ``?document=1`` collide with
    the named arguments of the methods below (a TypeError, a server error).
    """
    return {key: kw[key] for key in PAGE_VIEW_KEYS if isinstance(kw.get(key), str)}


def _plain_text(raw, multiline=False):
    """What the customer typed, without control characters (PostgreSQL
    refuses a NUL byte). Tabs and line breaks are kept when ``multiline``,
    else they become spaces. Not a string (a file sent under that name): ""."""
    if not isinstance(raw, str):
        return ""
    kept = [
        char
        for char in raw
        if char in WHITESPACE_CONTROLS or unicodedata.category(char) != "Cc"
    ]
    if not multiline:
        kept = [" " if char in WHITESPACE_CONTROLS else char for char in kept]
    return "".join(kept)


def _iso_date(raw):
    """``raw`` as a YYYY-MM-DD string, or None when it is not a date."""
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        return None
    try:
        return fields.Date.to_string(fields.Date.to_date(raw))
    except ValueError:
        return None


class CustomerZoneTicketClose(HelpdeskTicketController):
    @staticmethod
    def _customer_zone_document(raw):
        """The invoice or quotation named "model,id", if the user may read it."""
        model, _sep, res_id = str(raw or "").partition(",")
        document_id = _record_id(res_id)
        if model not in ("account.move", "sale.order") or document_id is None:
            return None
        document = request.env[model].browse(document_id).exists()
        if not document or not document.has_access("read"):
            return None
        return document

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        document = self._customer_zone_document(kw.get("customer_zone_document"))
        if document:
            values["customer_zone_document"] = document.sudo()
        return values

    @http.route(methods=["POST"])
    def submit_ticket(self, **kw):
        """Creates a ticket: a POST only (Odoo checks the CSRF token of POSTs
        only; helpdesk_mgmt's route takes a GET too, and the form posts).

        Refuse oversize files and an empty subject or description with a
        message, drop control characters and ignore malformed ids.
        """
        files = request.httprequest.files.getlist("attachment")
        for upload in files:
            upload.stream.seek(0, 2)
            size = upload.stream.tell()
            upload.stream.seek(0)
            if size > MAX_ATTACHMENT_BYTES:
                return request.redirect("/new/ticket?customer_zone_error=size")
            if upload.filename:
                upload.filename = _plain_text(upload.filename).strip() or "file"
        kw["subject"] = _plain_text(kw.get("subject")).strip()
        kw["description"] = _plain_text(kw.get("description"), multiline=True)
        if not kw["subject"] or not kw["description"].strip():
            return request.redirect("/new/ticket?customer_zone_error=empty")
        for key in ("category", "team"):
            if kw.get(key) and _record_id(kw[key]) is None:
                kw.pop(key)
        return super().submit_ticket(**kw)

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        document = self._customer_zone_document(kw.get("customer_zone_document"))
        if document:
            vals["customer_zone_document_ref"] = f"{document._name},{document.id}"
        return vals

    @http.route("/ticket/close", type="http", auth="user", methods=["POST"])
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close a ticket from the zone: a POST, by someone who may see it.

        helpdesk_mgmt closes any ticket named in a GET request, in sudo.
        """
        ticket_id, stage_id = _record_id(ticket_id), _record_id(stage_id)
        if ticket_id is None or stage_id is None:
            raise request.not_found()
        try:
            ticket = request.env["helpdesk.ticket"].browse(ticket_id).exists()
            stage = request.env["helpdesk.ticket.stage"].browse(stage_id).exists()
            if not ticket or not stage:
                raise MissingError(request.env._("No such ticket."))
            ticket.check_access("read")
        except (AccessError, MissingError):
            raise request.not_found() from None
        # a stage not meant for the portal changes nothing: back to the
        # ticket, as helpdesk_mgmt does (302, as it answers)
        if stage.sudo().close_from_portal:
            # sudo: decided above; portal users cannot write tickets themselves
            ticket.sudo().stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}", code=302)


class CustomerZoneTickets(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_tickets(self, page=1, **kw):
        """The zone's switch and mode apply; malformed input gets a message.

        helpdesk_mgmt answers an unknown sort key, a page like "²", dates that
        are not dates and a NUL byte in the search with a server error.
        """
        if CustomerZoneZone.state()["mode"] != "account":
            raise request.not_found()
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
        known = {
            "sortby": self._ticket_get_searchbar_sortings(),
            "groupby": self._ticket_get_searchbar_groupby(),
            "search_in": self._ticket_get_searchbar_inputs(),
        }
        for key, options in known.items():
            value = kw.get(key)
            if value and value not in options:
                messages.append(
                    request.env._(
                        "“%(value)s” is not an option here; it was ignored.",
                        value=_printable(value),
                    )
                )
                kw[key] = None
        if kw.get("filterby") is not None:
            kw["filterby"] = _printable(kw["filterby"]) or None
        if kw.get("search") is not None:
            kw["search"] = _printable(kw["search"]).strip() or None
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

    @http.route()
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        """helpdesk_mgmt's ticket page, without its loop that writes a
        permanent access token on every file of the ticket (internal notes'
        included) at each visit: the page lists only the files the customer
        may see, with short-lived tokens (``_ticket_get_page_view_values``).

        Not calling super is deliberate: that loop is in the middle of it; the
        rest (access check, values, template) is the same.
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


class CustomerZoneTicketSummary(CustomerZonePortal):
    def _customer_zone_summary(self, zone):
        summary = super()._customer_zone_summary(zone)
        if summary["full"]:
            partner = zone["partner"]
            # sudo: the zone's partner's tickets, with the zone's own domain
            summary["open_tickets"] = (
                request.env["helpdesk.ticket"]
                .sudo()
                .search_count(
                    Domain("partner_id", "child_of", partner.id)
                    & Domain("closed", "=", False)
                    & partner._customer_zone_document_domain("helpdesk.ticket")
                )
            )
        return summary
