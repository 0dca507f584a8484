"""Files an accountant attached to an invoice, a credit note, a quotation or
an order for the customer: listed on the document's page, downloaded through
one route that checks access to the document, never the file's own access
(portal users have none: Odoo's attachments stay private)."""

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from ..models.ir_attachment import ZONE_FILE_MODELS
from ..tools import request_input
from .portal import CustomerZonePortal


class CustomerZoneAttachmentPortal(CustomerZonePortal):
    def _get_page_view_values(
        self, document, access_token, values, session_history, no_breadcrumbs, **kwargs
    ):
        """The page of an invoice or an order lists the files shown to the
        customer (``customer_zone_files``, one query whatever their number),
        whose links carry the token the page was opened with, if any
        (``customer_zone_file_token``; a page's ``access_token`` may be the
        document's own, set for its payment form)."""
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name in ZONE_FILE_MODELS:
            values["customer_zone_files"] = request.env[
                "ir.attachment"
            ]._customer_zone_files(document)
            values["customer_zone_file_token"] = access_token
        return values

    @http.route(
        "/my/zone_files/<int:attachment_id>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
    )
    def customer_zone_file(self, attachment_id, access_token=None, **kw):
        """Download a file shown to the customer of its document.

        Whoever may open the document (its customer's users, a link's holder
        while the link is valid, within the zone's rules) gets the file if it
        is marked visible; anything else is a 404 that says nothing of the
        file, and a visitor without a link is asked to log in. A download is
        counted as a view of the document.
        """
        if request.env.user._is_public() and not access_token:
            return request.redirect_query(
                "/web/login", {"redirect": f"/my/zone_files/{attachment_id}"}
            )
        attachment_sudo, document_sudo = self._customer_zone_file_access(
            attachment_id, access_token
        )
        request.env["customer.zone.view.event"]._note_view(
            document_sudo,
            target="attachment",
            kind="download",
            name=attachment_sudo.name,
        )
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment_sudo)
            .get_response(as_attachment=True)
        )

    def _customer_zone_file_access(self, attachment_id, access_token):
        """The file ``attachment_id`` and its document, both in sudo, when the
        current user (or the link's token) may open the document and the file
        is shown on it; else 404."""
        attachment_id = request_input.record_id(attachment_id)
        if attachment_id is None:
            raise request.not_found()
        # sudo: only to learn which document the file belongs to; nothing of
        # it leaves this method unless the document's access check passes
        attachment_sudo = (
            request.env["ir.attachment"].sudo().browse(attachment_id).exists()
        )
        if not (
            attachment_sudo.customer_zone_visible
            and attachment_sudo.type == "binary"
            and attachment_sudo._customer_zone_document()
        ):
            raise request.not_found()
        try:
            document_sudo = self._document_check_access(
                attachment_sudo.res_model,
                attachment_sudo.res_id,
                access_token=access_token,
            )
        except (AccessError, MissingError):
            raise request.not_found() from None
        return attachment_sudo, document_sudo
