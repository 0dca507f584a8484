import os
from urllib.parse import urlencode

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import CUSTOMER_MOVE_TYPES

# the documents whose files an accountant may show to the customer
ZONE_FILE_MODELS = ("account.move", "sale.order")
MEGABYTE = 1024 * 1024


class IrAttachment(models.Model):
    """Files of an invoice, a credit note, a quotation or an order that the
    customer may download from the document's page in the zone.

    The choice is per file and the file itself stays private: it is neither
    made public nor given an access token; the zone's download route streams
    it after checking access to the document (``controllers/attachment.py``).
    """

    _inherit = "ir.attachment"

    customer_zone_visible = fields.Boolean(
        string="Visible in the Customer Zone",
        copy=False,
        groups="account.group_account_invoice",
        help="The customer can download this file from the document's page "
        "in the Customer Zone. Size and type limits are set in Settings.",
    )

    @api.constrains(
        "customer_zone_visible", "name", "file_size", "type", "res_model", "res_id"
    )
    def _check_customer_zone_visible(self):
        """A file shown to customers belongs to a document the zone shows
        and keeps within the limits of that document's company: checked when
        it is chosen, and again when its name, content or document change."""
        for attachment in self.sudo().filtered("customer_zone_visible"):
            document = attachment._customer_zone_document()
            if not document:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not attached to a customer invoice, credit "
                        "note, quotation or order: it cannot be shown in the "
                        "Customer Zone.",
                        name=attachment.name,
                    )
                )
            if attachment.type != "binary":
                raise ValidationError(
                    self.env._(
                        "%(name)s is a link, not a file: only files can be "
                        "shown in the Customer Zone.",
                        name=attachment.name,
                    )
                )
            attachment._check_customer_zone_limits(document.company_id)

    def _check_customer_zone_limits(self, company):
        """The size and type limits of ``company`` (Settings), with a message
        that says what the file is and what is allowed."""
        self.ensure_one()
        max_mb = company.customer_zone_attachment_max_mb
        if self.file_size > max_mb * MEGABYTE:
            raise ValidationError(
                self.env._(
                    "%(name)s is %(size)s; files shown to customers may be "
                    "%(max)s MB at most.",
                    name=self.name,
                    size=self._customer_zone_size_label(),
                    max=max_mb,
                )
            )
        types = self._customer_zone_allowed_types(company)
        extension = self._customer_zone_extension()
        if extension not in types:
            allowed = ", ".join(types) or self.env._("none")
            if not extension:
                raise ValidationError(
                    self.env._(
                        "%(name)s has no file type (extension); the types shown "
                        "to customers are: %(types)s.",
                        name=self.name,
                        types=allowed,
                    )
                )
            raise ValidationError(
                self.env._(
                    "%(name)s: type .%(type)s is not among the types shown to "
                    "customers: %(types)s.",
                    name=self.name,
                    type=extension,
                    types=allowed,
                )
            )

    @api.model
    def _customer_zone_allowed_types(self, company):
        """The extensions ``company`` lets customers download, as typed in
        Settings ("pdf, .PNG" reads as pdf and png)."""
        return [
            kind.strip().lstrip(".").lower()
            for kind in (company.customer_zone_attachment_types or "").split(",")
            if kind.strip().lstrip(".")
        ]

    def _customer_zone_extension(self):
        """The file's extension, lower case, without the dot ("" if none)."""
        self.ensure_one()
        return os.path.splitext(self.name or "")[1].lstrip(".").lower()

    def _customer_zone_document(self):
        """The document the zone shows this file on (in sudo), or an empty
        recordset: a customer invoice, credit note or receipt, or a quotation
        or order; never a file stored in a field of a record."""
        self.ensure_one()
        if self.res_model not in ZONE_FILE_MODELS or not self.res_id or self.res_field:
            return self.env["account.move"]
        document = self.env[self.res_model].sudo().browse(self.res_id).exists()
        if document._name == "account.move" and (
            document.move_type not in CUSTOMER_MOVE_TYPES
        ):
            return document.browse()
        return document

    def _customer_zone_size_label(self):
        """The file's size as people read it: 512 bytes, 38 KB, 14.2 MB."""
        self.ensure_one()
        size = self.file_size or 0
        if size < 1024:
            return self.env._("%(size)s bytes", size=size)
        if size < MEGABYTE:
            return self.env._("%(size)s KB", size=round(size / 1024))
        return self.env._("%(size)s MB", size=f"{size / MEGABYTE:.1f}")

    @api.model
    def _customer_zone_files(self, document):
        """The files of ``document`` its customer may download, in sudo, with
        what the page shows of them read in one query whatever their number.

        Only for a document the current user was granted (``document`` comes
        from the controller's access check): portal users have no access to
        attachments of their own.
        """
        if document._name not in ZONE_FILE_MODELS:
            return self.browse()
        # sudo: portal users and visitors read no attachment; the document's
        # access was checked by the caller
        return self.sudo().search_fetch(
            [
                ("res_model", "=", document._name),
                ("res_id", "=", document.id),
                ("customer_zone_visible", "=", True),
                ("type", "=", "binary"),
            ],
            ["name", "file_size"],
            order="name, id",
        )

    def _customer_zone_download_url(self, access_token=None):
        """The zone's download link of this file; with the document's token
        when the page was opened by a link, so that the download is too."""
        self.ensure_one()
        url = f"/my/zone_files/{self.id}"
        if access_token:
            url = f"{url}?{urlencode({'access_token': access_token})}"
        return url
