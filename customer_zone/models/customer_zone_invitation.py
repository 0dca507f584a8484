import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

_logger = logging.getLogger(__name__)

# an invitation batch up to this size is sent at once, a larger one by the cron
SEND_NOW_LIMIT = 20
CRON_BATCH = 50


class CustomerZoneInvitation(models.Model):
    """One invitation of one contact to the zone: queued, sent, skipped or failed.

    Sending reuses Odoo's portal wizard (user creation from the portal
    template, sign-up token, the "Portal: new user" email). A small batch is
    sent inside the request; a larger one waits as "queued" invitations, which
    hold no link, and a cron sends them by batches. Each email is sent at
    once and bound to no document, so that the sign-up link never waits
    where other employees can read it (``portal.wizard.user._send_email``).
    """

    _name = "customer.zone.invitation"
    _description = "Customer Zone: invitation"
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, readonly=True, index=True, ondelete="cascade"
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, string="Customer"
    )
    email = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", readonly=True, ondelete="set null")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    message = fields.Html(readonly=True, sanitize=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("skipped", "Skipped"),
            ("failed", "Failed"),
        ],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )
    reason = fields.Char(readonly=True)
    sent_on = fields.Datetime(readonly=True)
    first_login_on = fields.Datetime(
        related="partner_id.customer_zone_first_login_on", string="First login"
    )

    # ------------------------------------------------------------------
    # who can be invited
    # ------------------------------------------------------------------
    @api.model
    def _skip_reason(self, partner, taken_logins):
        """Why ``partner`` cannot be invited, or False."""
        env = self.env
        email = email_normalize(partner.email or "")
        if not partner.email:
            return env._("No email address")
        if not email:
            return env._("Invalid email address: %(email)s", email=partner.email)
        users = partner.with_context(active_test=False).user_ids
        if users and not users[0].share:
            return env._("Is an internal user")
        if not users and email in taken_logins:
            return env._(
                "The email %(email)s is already another user's login", email=email
            )
        if not partner.customer_zone_enabled:
            return env._("Customer Zone access is blocked for this customer")
        return False

    @api.model
    def _taken_logins(self, partners):
        emails = [email_normalize(p.email or "") for p in partners]
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("login", "in", [e for e in emails if e])])
        )
        return {user.login: user for user in users}

    @api.model
    def _invite(self, partners, message):
        """Record an invitation per partner; send small batches now."""
        taken = self._taken_logins(partners)
        invitations = self.create(
            [
                {
                    "partner_id": partner.id,
                    "email": partner.email,
                    "message": message,
                    **self._initial_state(partner, taken),
                }
                for partner in partners
            ]
        )
        queued = invitations.filtered(lambda i: i.state == "queued")
        if len(queued) <= SEND_NOW_LIMIT:
            queued._send()
        else:
            self.env.ref("customer_zone.ir_cron_send_invitations")._trigger()
        return invitations

    @api.model
    def _initial_state(self, partner, taken):
        reason = self._skip_reason(partner, taken)
        return {"state": "skipped", "reason": reason} if reason else {"state": "queued"}

    # ------------------------------------------------------------------
    # sending
    # ------------------------------------------------------------------
    def _send(self):
        for invitation in self:
            try:
                with self.env.cr.savepoint():
                    invitation._send_one()
            except UserError as error:
                invitation.write({"state": "failed", "reason": str(error)})

    def _send_one(self):
        self.ensure_one()
        partner = self.partner_id
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .with_company(self.company_id)
            .create(
                {
                    "partner_ids": [fields.Command.set(partner.ids)],
                    "welcome_message": self.message and self.message.striptags() or "",
                }
            )
        )
        line = wizard.user_ids.filtered(lambda u: u.partner_id == partner)
        line = line.with_context(customer_zone_invitation=True)
        if line.is_portal:
            line.action_invite_again()
        else:
            line.action_grant_access()
        now = fields.Datetime.now()
        self.write({"state": "sent", "sent_on": now, "user_id": line.user_id.id})
        partner.sudo().customer_zone_invited_on = now

    @api.model
    def _cron_send_invitations(self):
        """Send queued invitations by batches, committing as it goes."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        while queued := self.search([("state", "=", "queued")], limit=CRON_BATCH):
            queued._send()
            if not in_cron:
                continue  # called by hand (or a test): one transaction
            remaining = self.search_count([("state", "=", "queued")])
            if not self.env["ir.cron"]._commit_progress(
                len(queued), remaining=remaining
            ):
                break
