from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _send_email(self):
        """Queue the invitation email when the Customer Zone sends it.

        Core sends it at once (``force_send=True``); a batch of a thousand
        invitations must go through the mail queue instead.
        """
        if not self.env.context.get("customer_zone_queue_mail"):
            return super()._send_email()
        self.ensure_one()
        template = self.env.ref("auth_signup.portal_set_password_email")
        user_sudo = self.user_id.sudo()
        user_sudo.partner_id.signup_prepare()
        template.with_context(
            dbname=self.env.cr.dbname,
            lang=user_sudo.lang,
            welcome_message=self.wizard_id.welcome_message,
            medium="portalinvite",
        ).send_mail(user_sudo.id, force_send=False)
        return True
