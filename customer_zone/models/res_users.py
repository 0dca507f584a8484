from odoo import fields, models
from odoo.exceptions import AccessDenied


class ResUsers(models.Model):
    _inherit = "res.users"

    def _login(self, credential, user_agent_env):
        login = credential.get("login")
        Event = self.env["customer.zone.login.event"]
        try:
            auth_info = super()._login(credential, user_agent_env)
        except AccessDenied:
            user = self.sudo().search(self._get_login_domain(login), limit=1)
            Event._record(login, user, "wrong_password" if user else "unknown_login")
            raise
        user = self.sudo().browse(auth_info["uid"])
        Event._record(login, user, "success")
        user._customer_zone_note_first_login()
        return auth_info

    def _customer_zone_note_first_login(self):
        """The first login of an invited portal user, shown on the customer."""
        for user in self.sudo().filtered("share"):
            partner = user.partner_id
            if not partner.customer_zone_first_login_on:
                partner.customer_zone_first_login_on = fields.Datetime.now()
