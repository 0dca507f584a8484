from odoo import models


class PortalWizardUser(models.TransientModel):
    _inherit = "portal.wizard.user"

    def _send_email(self):
        """Send the invitation email of the Customer Zone out of others' reach.

        Core sends it at once (``force_send=True``) as a mail on the user,
        readable as a ``mail.message`` by every employee who can read that
        user until it is sent and deleted, or forever if sending fails. The
        zone sends it at once too, as a mail bound to no document
        (``res.users._customer_zone_send_auth_mail``). Large batches still go
        through a queue: the invitations themselves, sent by a cron
        (``customer.zone.invitation``), which hold no link.
        """
        if not self.env.context.get("customer_zone_invitation"):
            return super()._send_email()
        self.ensure_one()
        template = self.env.ref("auth_signup.portal_set_password_email")
        user_sudo = self.user_id.sudo()
        user_sudo.partner_id.signup_prepare()
        user_sudo._customer_zone_send_auth_mail(
            template,
            dbname=self.env.cr.dbname,
            welcome_message=self.wizard_id.welcome_message,
            medium="portalinvite",
        )
        return True
