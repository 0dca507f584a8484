from werkzeug.routing import ValidationError

from odoo import models
from odoo.http import request

from odoo.addons.base.models.ir_http import SignedIntConverter

from .customer_zone_summary_snapshot import (
    PENDING_ATTRIBUTE as PENDING_SUMMARY_ATTRIBUTE,
)
from .customer_zone_view_event import PENDING_ATTRIBUTE


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


_BOUNDED = {}


def _bounded(converter):
    """``converter`` (core's ``<model(…)>``/``<models(…)>``), answering 404
    instead of a server error when the id in the path is no id at all: more
    digits than int() accepts, an empty item in a list."""
    if converter not in _BOUNDED:

        class Bounded(converter):
            def to_python(self, value):
                try:
                    return super().to_python(value)
                except ValueError:
                    raise ValidationError() from None

        Bounded.__name__ = f"Bounded{converter.__name__}"
        Bounded.__qualname__ = Bounded.__name__
        _BOUNDED[converter] = Bounded
    return _BOUNDED[converter]


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_converters(cls):
        converters = dict(super()._get_converters(), int=BoundedSignedIntConverter)
        for name in ("model", "models"):
            if name in converters:
                converters[name] = _bounded(converters[name])
        return converters

    @classmethod
    def _pre_dispatch(cls, rule, args):
        # a read-only route retried on a read/write cursor starts afresh
        if hasattr(request, PENDING_ATTRIBUTE):
            setattr(request, PENDING_ATTRIBUTE, [])
        if hasattr(request, PENDING_SUMMARY_ATTRIBUTE):
            setattr(request, PENDING_SUMMARY_ATTRIBUTE, None)
        return super()._pre_dispatch(rule, args)

    @classmethod
    def _post_dispatch(cls, response):
        result = super()._post_dispatch(response)
        request.env["customer.zone.view.event"]._flush_request_views(response)
        request.env[
            "customer.zone.summary.snapshot"
        ]._customer_zone_flush_request_refresh(response)
        return result
