from werkzeug.routing import ValidationError

from odoo import models

from odoo.addons.base.models.ir_http import SignedIntConverter


class BoundedSignedIntConverter(SignedIntConverter):
    """Core's ``<int:…>`` converter, with a 404 for a number no record or
    page can have: Python's int() refuses more than 4,300 digits and Odoo
    answered such a path (``/my/invoices/999…9``) with a server error."""

    regex = r"-?\d{1,30}"

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValueError:
            raise ValidationError() from None


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_converters(cls):
        return dict(super()._get_converters(), int=BoundedSignedIntConverter)
