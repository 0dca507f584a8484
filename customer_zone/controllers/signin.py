import logging

from odoo import http
from odoo.exceptions import AccessDenied
from odoo.http import request

from odoo.addons.auth_signup.controllers.main import AuthSignupHome

from ..models.res_users import LINK_CREDENTIAL
from ..tools import request_input
from .portal import readonly_on_get

_logger = logging.getLogger(__name__)


class CustomerZoneSignin(http.Controller):
    """One-click sign-in: a GET only shows a button, so that mail scanners
    and link previews cannot use up the single-use link; the POST signs in."""

    @http.route(
        "/customer_zone/signin",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
        readonly=readonly_on_get,
    )
    def customer_zone_signin(self, token=None, **kw):
        if request.httprequest.method != "POST":
            return request.render("customer_zone.signin_link_page", {"token": token})
        user = request.env["customer.zone.signin.link"]._user_of(token)
        if user:
            credential = {"type": LINK_CREDENTIAL, "login": user.login, "token": token}
            try:
                request.session.authenticate(request.env, credential)
                return request.redirect("/my")
            except AccessDenied:
                _logger.info("Sign-in link refused for %s", user.login)
        return request.render(
            "customer_zone.signin_link_page",
            {
                "token": None,
                "error": request.env._(
                    "This sign-in link can no longer be used: it was already "
                    "used, it expired, or the password changed since. Log in "
                    "with your password, or ask us for a new link."
                ),
            },
        )


class CustomerZoneLogin(AuthSignupHome):
    """The login page says why a link from an email led there (it expired,
    or the business switched links off), once; a redirect target that is not
    printable text is dropped."""

    @http.route()
    def web_login(self, *args, **kw):
        redirect = request.params.get("redirect")
        if redirect is not None and request_input.printable(redirect) != redirect:
            # a line break or a NUL byte in the target: core sends it into a
            # Location header or a query, a server error; it is no page of ours
            request.params.pop("redirect")
            kw.pop("redirect", None)
        response = super().web_login(*args, **kw)
        if getattr(response, "is_qweb", False):
            response.qcontext["customer_zone_login_message"] = request.session.pop(
                "customer_zone_login_message", None
            )
        return response
