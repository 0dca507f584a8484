from odoo import fields, models
from odoo.exceptions import AccessDenied

LINK_CREDENTIAL = "customer_zone_link"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _login(self, credential, user_agent_env):
        login = credential.get("login")
        Event = self.env["customer.zone.login.event"]
        method = "link" if credential.get("type") == LINK_CREDENTIAL else "password"
        try:
            auth_info = super()._login(credential, user_agent_env)
        except AccessDenied:
            user = self.sudo().search(self._get_login_domain(login), limit=1)
            if method == "link":
                result = "refused"
            else:
                result = "wrong_password" if user else "unknown_login"
            Event._record(login, user, result, method=method)
            raise
        user = self.sudo().browse(auth_info["uid"])
        Event._record(login, user, "success", method=method)
        user._customer_zone_note_first_login()
        return auth_info

    def _check_credentials(self, credential, env):
        if credential.get("type") != LINK_CREDENTIAL:
            return super()._check_credentials(credential, env)
        links = self.env["customer.zone.signin.link"]
        if not links._consume(credential.get("token"), self):
            raise AccessDenied()
        return {"uid": self.id, "auth_method": LINK_CREDENTIAL, "mfa": "default"}

    def _customer_zone_signin_url(self):
        """A one-click sign-in link for this portal user."""
        self.ensure_one()
        return self.env["customer.zone.signin.link"]._issue(self)

    def _customer_zone_note_first_login(self):
        """The first login of an invited portal user, shown on the customer."""
        for user in self.sudo().filtered("share"):
            partner = user.partner_id
            if not partner.customer_zone_first_login_on:
                partner.customer_zone_first_login_on = fields.Datetime.now()
