"""Core portal "my account" routes, guarded against bad input.

The address, security and counters routes of ``portal`` stay reachable in the
customer zone. Core parses their parameters with ``int()``/``str2bool()`` and
forwards the rest of the query string as keyword arguments, so a malformed id,
a reserved key (``partner_sudo``…) or an oversized password answered a server
error. Each route below checks its input first, then calls core with clean
values only: a bad id answers 404 (or goes back to the address book), a bad
value an error in the form, and no record changes.
"""

import json

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..tools import request_input
from .portal import readonly_on_get

# Passlib refuses to hash or verify a password longer than this (in bytes),
# with an exception instead of a mismatch.
MAX_PASSWORD_BYTES = 4096
_ADDRESS_TYPES = ("billing", "delivery")
# Keys core uses as positional parameters of the methods the form data and the
# query string are forwarded to, or as an internal switch: never from a form.
_RESERVED_KEYS = frozenset(
    {"partner_sudo", "address_values", "verify_address_values", "self"}
)


def _record_id(value):
    """The id in ``value`` (digits, or a JSON integer), or None."""
    return request_input.record_id(value)


def _flag(value):
    """A yes/no parameter as core's str2bool reads it; anything else: no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("y", "yes", "1", "true", "t", "on")
    return False


def _address_type(value):
    return value if value in _ADDRESS_TYPES else "billing"


def _local_url(value, default=""):
    """A same-site path (``/my/...``), or ``default``."""
    if request_input.local_path(value):
        return value
    return default


def _too_long(password):
    return isinstance(password, str) and len(password.encode()) > MAX_PASSWORD_BYTES


class CustomerZoneMyAccount(CustomerPortal):
    # ------------------------------------------------------------------
    # counters
    # ------------------------------------------------------------------
    @http.route()
    def counters(self, counters=None, **kw):
        if not isinstance(counters, list):
            counters = []
        return super().counters([c for c in counters if isinstance(c, str)])

    # ------------------------------------------------------------------
    # address book
    # ------------------------------------------------------------------
    def _customer_zone_partner(self, partner_id):
        """The address ``partner_id`` names: an empty record for none, or
        None when the value is not the id of an existing partner."""
        if partner_id in (None, "", False):
            return request.env["res.partner"]
        record_id = _record_id(partner_id)
        if not record_id:
            return None
        return request.env["res.partner"].sudo().browse(record_id).exists() or None

    @http.route()
    def my_addresses(self, **query_params):
        return super().my_addresses(
            **{k: v for k, v in query_params.items() if k not in _RESERVED_KEYS}
        )

    @http.route()
    def portal_address(
        self,
        partner_id=None,
        address_type="billing",
        use_delivery_as_billing=False,
        **query_params,
    ):
        partner = self._customer_zone_partner(partner_id)
        if partner is None:
            return request.redirect("/my/addresses")
        params = {}
        callback = _local_url(query_params.get("callback"))
        if callback:
            params["callback"] = callback
        return super().portal_address(
            partner_id=partner.id or None,
            address_type=_address_type(address_type),
            use_delivery_as_billing="true"
            if _flag(use_delivery_as_billing)
            else "false",
            **params,
        )

    @http.route()
    def portal_address_submit(self, partner_id=None, **form_data):
        partner = self._customer_zone_partner(partner_id)
        if partner is None:
            raise NotFound()
        form_data = {k: v for k, v in form_data.items() if k not in _RESERVED_KEYS}
        form_data["address_type"] = _address_type(form_data.get("address_type"))
        form_data["use_delivery_as_billing"] = (
            "true" if _flag(form_data.get("use_delivery_as_billing")) else "false"
        )
        form_data["callback"] = _local_url(form_data.get("callback"), "/my/addresses")
        if not isinstance(form_data.get("required_fields", ""), str):
            form_data.pop("required_fields")
        invalid = self._customer_zone_invalid_relations(form_data)
        if invalid:
            return json.dumps(
                {
                    "invalid_fields": invalid,
                    "messages": [
                        request.env._("Some of the selected values are invalid.")
                    ],
                }
            )
        return super().portal_address_submit(
            partner_id=str(partner.id) if partner else None, **form_data
        )

    def _customer_zone_invalid_relations(self, form_data):
        """The many-to-one fields of the form whose value is not the id of an
        existing record (core would int() it or write a dangling id)."""
        Partner = request.env["res.partner"]
        writable = Partner._get_frontend_writable_fields()
        invalid = []
        for key, value in form_data.items():
            field = Partner._fields.get(key)
            if key not in writable or not field or field.type != "many2one":
                continue
            if isinstance(value, str):
                value = value.strip()
            if value in ("", False, None):
                continue
            record_id = _record_id(value)
            if (
                not record_id
                or not request.env[field.comodel_name].sudo().browse(record_id).exists()
            ):
                invalid.append(key)
        return invalid

    @http.route()
    def portal_address_country_info(self, country=None, address_type="billing", **kw):
        if not country or len(country) != 1 or not country.sudo().exists():
            raise NotFound()
        return super().portal_address_country_info(country, _address_type(address_type))

    @http.route()
    def address_archive(self, partner_id=None, **kw):
        partner = self._customer_zone_partner(partner_id)
        if not partner:
            raise NotFound()
        return super().address_archive(partner.id)

    # ------------------------------------------------------------------
    # security
    # ------------------------------------------------------------------
    @http.route(readonly=readonly_on_get)
    def security(self, **post):
        if request.httprequest.method == "POST":
            for key in ("old", "new1", "new2"):
                if not isinstance(post.get(key), str):
                    post[key] = ""
        return super().security(**post)

    def _update_password(self, old, new1, new2):
        if _too_long(old) and new1 and new1 == new2:
            # As core answers a wrong password.
            return {
                "errors": {
                    "password": {
                        "old": request.env._(
                            "The old password you provided is incorrect, "
                            "your password was not changed."
                        )
                    }
                }
            }
        if _too_long(new1) or _too_long(new2):
            return {
                "errors": {
                    "password": {
                        "new1": request.env._(
                            "The new password is too long, it was not changed."
                        )
                    }
                }
            }
        return super()._update_password(old, new1, new2)

    @http.route()
    def deactivate_account(self, validation=None, password=None, **post):
        if not isinstance(validation, str):
            validation = ""
        if not isinstance(password, str) or _too_long(password):
            # Core answers an empty password as a wrong one.
            password = ""
        return super().deactivate_account(validation, password, **post)
