"""helpdesk_mgmt's new-ticket form, its submit and the closing of a ticket,
as the zone wants them (helpdesk_mgmt's ``controllers/main.py``)."""

import unicodedata

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.customer_zone.tools import request_input
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
WHITESPACE_CONTROLS = "\t\n\r"
# what the submit route sends back to the form, for it to explain ("size": a
# file too large, "empty": no subject or no description)
FORM_ERRORS = ("size", "empty")


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


def _require_tickets_page():
    """404 unless the user's zone shows the tickets page.

    These routes live on helpdesk_mgmt's controller, not on the zone's
    portal controller, so they ask the user's zone directly.
    """
    if not request.env.user._customer_zone_state().shows("tickets"):
        raise request.not_found()


class CustomerZoneHelpdeskTicket(HelpdeskTicketController):
    """A new ticket (the form, its values, the "about this document" link, the
    checks of the submit) and the closing of a ticket, inside the zone."""

    # ------------------------------------------------------------------
    # new ticket
    # ------------------------------------------------------------------
    # read/write: helpdesk_mgmt's form page calls core's session_info, which
    # creates the user's settings row on a first visit
    @http.route()
    def create_new_ticket(self, **kw):
        _require_tickets_page()
        return super().create_new_ticket(**kw)

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        document = self._customer_zone_document(kw.get("customer_zone_document"))
        if document:
            values["customer_zone_document"] = document.sudo()
        if kw.get("customer_zone_error") in FORM_ERRORS:
            values["customer_zone_error"] = kw["customer_zone_error"]
        return values

    @staticmethod
    def _customer_zone_document(raw):
        """The document named "model,id" that a ticket may be about, if the
        user may read it; else None."""
        model, _sep, res_id = str(raw or "").partition(",")
        document_id = request_input.record_id(res_id)
        Ticket = request.env["helpdesk.ticket"]
        allowed = Ticket._fields["customer_zone_document_ref"].get_values(request.env)
        if model not in allowed or document_id is None:
            return None
        document = request.env[model].browse(document_id).exists()
        if not document or not document.has_access("read"):
            return None
        return document

    @http.route(methods=["POST"])
    def submit_ticket(self, **kw):
        """Creates a ticket: a POST only (Odoo checks the CSRF token of POSTs
        only; helpdesk_mgmt's route takes a GET too, and the form posts).

        Refuse oversize files and an empty subject or description with a
        message, drop control characters and ignore malformed ids.
        """
        _require_tickets_page()
        if not self._customer_zone_clean_uploads():
            return request.redirect("/new/ticket?customer_zone_error=size")
        kw = self._customer_zone_clean_ticket_input(kw)
        if not kw["subject"] or not kw["description"].strip():
            return request.redirect("/new/ticket?customer_zone_error=empty")
        return super().submit_ticket(**kw)

    @staticmethod
    def _customer_zone_clean_uploads():
        """False when a file is over MAX_ATTACHMENT_BYTES; else True, with the
        files' names made plain text (helpdesk_mgmt stores them as sent)."""
        for upload in request.httprequest.files.getlist("attachment"):
            upload.stream.seek(0, 2)
            size = upload.stream.tell()
            upload.stream.seek(0)
            if size > MAX_ATTACHMENT_BYTES:
                return False
            if upload.filename:
                upload.filename = _plain_text(upload.filename).strip() or "file"
        return True

    @staticmethod
    def _customer_zone_clean_ticket_input(kw):
        """The form's fields as helpdesk_mgmt may take them: plain text, and
        no category or team id that is not a plain number (it calls int())."""
        kw = dict(kw)
        kw["subject"] = _plain_text(kw.get("subject")).strip()
        kw["description"] = _plain_text(kw.get("description"), multiline=True)
        for key in ("category", "team"):
            if kw.get(key) and request_input.record_id(kw[key]) is None:
                kw.pop(key)
        return kw

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        document = self._customer_zone_document(kw.get("customer_zone_document"))
        if document:
            vals["customer_zone_document_ref"] = f"{document._name},{document.id}"
        return vals

    # ------------------------------------------------------------------
    # closing
    # ------------------------------------------------------------------
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"])
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close a ticket from the zone: a POST, by someone who may see it.

        helpdesk_mgmt closes any ticket named in a GET request, in sudo.
        """
        _require_tickets_page()
        ticket_id = request_input.record_id(ticket_id)
        stage_id = request_input.record_id(stage_id)
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
