from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request

from odoo.addons.customer_zone.controllers.portal import (
    CustomerZonePortal,
    CustomerZoneZone,
)
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class CustomerZoneTicketClose(HelpdeskTicketController):
    @staticmethod
    def _customer_zone_document(raw):
        """The invoice or quotation named "model,id", if the user may read it."""
        model, _sep, res_id = str(raw or "").partition(",")
        if model not in ("account.move", "sale.order") or not res_id.isdigit():
            return None
        document = request.env[model].browse(int(res_id)).exists()
        if not document or not document.has_access("read"):
            return None
        return document

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        document = self._customer_zone_document(kw.get("customer_zone_document"))
        if document:
            values["customer_zone_document"] = document.sudo()
        return values

    @http.route()
    def submit_ticket(self, **kw):
        """Refuse oversize files with a message, and ignore non-numeric ids."""
        files = request.httprequest.files.getlist("attachment")
        for upload in files:
            upload.stream.seek(0, 2)
            size = upload.stream.tell()
            upload.stream.seek(0)
            if size > MAX_ATTACHMENT_BYTES:
                return request.redirect("/new/ticket?customer_zone_error=size")
        for key in ("category", "team"):
            if kw.get(key) and not str(kw[key]).isdigit():
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
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(ticket_id)).exists()
            stage = request.env["helpdesk.ticket.stage"].browse(int(stage_id)).exists()
            if not ticket or not stage:
                raise MissingError(request.env._("No such ticket."))
            ticket.check_access("read")
        except (TypeError, ValueError, AccessError, MissingError):
            raise request.not_found() from None
        if not stage.sudo().close_from_portal:
            raise request.not_found()
        # sudo: decided above; portal users cannot write tickets themselves
        ticket.sudo().stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}")


class CustomerZoneTickets(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_tickets(self, *args, **kw):
        """The zone's switch and mode apply; unknown keys get a message.

        helpdesk_mgmt answers an unknown sort key with a server error.
        """
        if CustomerZoneZone.state()["mode"] != "account":
            raise request.not_found()
        known = {
            "sortby": self._ticket_get_searchbar_sortings(),
            "groupby": self._ticket_get_searchbar_groupby(),
        }
        messages = []
        for key, options in known.items():
            value = kw.get(key)
            if value and value not in options:
                messages.append(
                    request.env._(
                        "“%(value)s” is not an option here; it was ignored.",
                        value=str(value)[:64],
                    )
                )
                kw[key] = None
        response = super().portal_my_tickets(*args, **kw)
        if messages and hasattr(response, "qcontext"):
            response.qcontext["customer_zone_messages"] = messages
        return response


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
