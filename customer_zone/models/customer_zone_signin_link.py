import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import hash_sign, verify_hash_signed

from .res_company import SIGNIN_LINK_MINUTES_MAX, SIGNIN_LINK_MINUTES_MIN

SCOPE = "customer_zone.signin"


class CustomerZoneSigninLink(models.Model):
    """A one-click sign-in link: signed, single use, short-lived, bound to a
    user and void once that user's password changes."""

    _name = "customer.zone.signin.link"
    _description = "Customer Zone: one-click sign-in link"
    _order = "create_date desc, id desc"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="cascade"
    )
    nonce = fields.Char(required=True, readonly=True, copy=False)
    expires_on = fields.Datetime(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        index=True,
        help="The company of the user when the link was issued.",
    )
    used_on = fields.Datetime(readonly=True)
    password_fingerprint = fields.Char(readonly=True)

    _nonce_unique = models.UniqueIndex("(nonce)")

    @api.model
    def _password_fingerprint(self, user):
        """Changes whenever the user's password does (hash of its hash)."""
        self.env["res.users"].flush_model(["password"])
        self.env.cr.execute(
            SQL("SELECT COALESCE(password, '') FROM res_users WHERE id = %s", user.id)
        )
        stored = self.env.cr.fetchone()[0]
        return hashlib.sha256(stored.encode()).hexdigest()[:32]

    @api.model
    def _usable_for(self, user, company):
        """Whether ``user`` may sign in with a link issued for ``company``: the
        feature is on and the user is still an active portal user."""
        user = user.sudo()
        return bool(
            user.active
            and user._is_portal()
            and all(
                (company.sudo() | user.company_id).mapped("customer_zone_signin_links")
            )
        )

    @api.model
    def _validity_minutes(self, company):
        minutes = company.customer_zone_signin_link_minutes or 60
        return min(max(minutes, SIGNIN_LINK_MINUTES_MIN), SIGNIN_LINK_MINUTES_MAX)

    @api.model
    def _issue(self, user):
        """A new link for ``user``; the company must allow such links."""
        user = user.sudo()
        company = user.company_id
        if not company.customer_zone_signin_links:
            raise UserError(self.env._("One-click sign-in links are switched off."))
        if not self._usable_for(user, company):
            raise UserError(self.env._("Sign-in links are for active portal users."))
        expires = fields.Datetime.now() + timedelta(
            minutes=self._validity_minutes(company)
        )
        link = self.sudo().create(
            {
                "user_id": user.id,
                "company_id": company.id,
                "nonce": secrets.token_urlsafe(24),
                "expires_on": expires,
                "password_fingerprint": self._password_fingerprint(user),
            }
        )
        token = hash_sign(
            self.sudo().env,
            SCOPE,
            {"id": link.id, "nonce": link.nonce},
            expiration=expires,
        )
        return f"{user.get_base_url()}/customer_zone/signin?token={token}"

    @api.model
    def _consume(self, token, user):
        """Mark the link used and return True when it is valid for ``user``."""
        try:
            payload = verify_hash_signed(self.sudo().env, SCOPE, token or "")
        except (ValueError, TypeError):
            payload = None
        if not isinstance(payload, dict):
            return False
        link = self.sudo().browse(payload.get("id")).exists()
        valid = (
            link
            and link.nonce == payload.get("nonce")
            and link.user_id == user
            and not link.used_on
            and link.expires_on > fields.Datetime.now()
            and self._usable_for(link.user_id, link.company_id)
            and link.password_fingerprint == self._password_fingerprint(user)
        )
        if not valid:
            return False
        link.used_on = fields.Datetime.now()
        return True

    @api.model
    def _user_of(self, token):
        """The user a token names (for the login, before it is checked)."""
        try:
            payload = verify_hash_signed(self.sudo().env, SCOPE, token or "")
        except (ValueError, TypeError):
            payload = None
        if not isinstance(payload, dict):
            return self.env["res.users"]
        return self.sudo().browse(payload.get("id")).exists().user_id
