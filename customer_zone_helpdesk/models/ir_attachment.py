import re

from odoo import models
from odoo.fields import Domain

TICKET_MODEL = "helpdesk.ticket"
# a file shown in an HTML field: /web/image/42-1a2b3c4d?access_token=...
EMBEDDED_FILE = re.compile(r"/web/(?:image|content)/([0-9]+)")


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _customer_zone_ticket_files_shown(self):
        """The files of tickets, among these, that the tickets' customers see.

        A customer sees the files of the messages it sees (mail's rule for
        share users: no internal note, no internal subtype), the files uploaded
        from its side (helpdesk_mgmt's ticket form creates them as the portal
        user, on no message) and the images of the ticket's description.
        """
        files = self.sudo().filtered(
            lambda file: file.res_model == TICKET_MODEL and not file.res_field
        )
        if not files:
            return self.browse()
        shown = files.filtered(lambda file: file.create_uid.share)
        shown |= files._customer_zone_public_message_files()
        shown |= files._customer_zone_description_files()
        return self.filtered(lambda file: file.id in shown._ids)

    def _customer_zone_public_message_files(self):
        Message = self.env["mail.message"]
        messages = Message.sudo().search_fetch(
            Domain("attachment_ids", "in", self.ids)
            & Domain("model", "=", TICKET_MODEL)
            & Message._get_search_domain_share(),
            ["res_id", "attachment_ids"],
        )
        return self.filtered(
            lambda file: any(
                file in message.attachment_ids and file.res_id == message.res_id
                for message in messages
            )
        )

    def _customer_zone_description_files(self):
        """Images the editor put in the ticket's description. Such a link
        carries the file's own access token, which a customer cannot know for
        a file it was never shown: naming a file id in its own text (the
        portal form, an email to the alias) shows nothing."""
        tickets = self.env[TICKET_MODEL].sudo().browse(set(self.mapped("res_id")))
        descriptions = {
            ticket.id: str(ticket.description or "") for ticket in tickets.exists()
        }

        def embedded(file):
            description = descriptions.get(file.res_id, "")
            return (
                bool(file.access_token)
                and f"access_token={file.access_token}" in description
                and any(
                    int(file_id) == file.id
                    for file_id in EMBEDDED_FILE.findall(description)
                )
            )

        return self.filtered(embedded)

    def _customer_zone_hidden_ticket_file(self):
        """A file of a ticket that its customers must not get."""
        self.ensure_one()
        file_sudo = self.sudo()
        return (
            file_sudo.res_model == TICKET_MODEL
            and not file_sudo.public
            and not file_sudo._customer_zone_ticket_files_shown()
        )

    def _can_return_content(self, field_name=None, access_token=None):
        """helpdesk_mgmt's ticket page gave out a permanent token for every file
        of the ticket, internal notes' included: for anyone but an employee,
        such a token no longer opens a file the customer may not see."""
        if (
            not self.env.user._is_internal()
            and self._customer_zone_hidden_ticket_file()
        ):
            return False
        return super()._can_return_content(field_name, access_token)
