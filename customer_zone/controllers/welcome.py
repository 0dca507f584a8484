"""The first login's welcome on /my/home, and the POST that hides it."""

from odoo import http
from odoo.http import request

from ..models.res_users import WELCOME_SESSION_KEY
from .portal import CustomerZonePortal


class CustomerZoneWelcome(CustomerZonePortal):
    @http.route(
        "/my/welcome/dismiss",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_customer_zone_welcome_dismiss(self, **kw):
        """Hide the welcome: it lives in the session of the first login only
        (``res.users._customer_zone_flag_welcome``), so this writes no
        record, and a session cannot touch another's."""
        request.session.pop(WELCOME_SESSION_KEY, None)
        return request.redirect("/my/home")
