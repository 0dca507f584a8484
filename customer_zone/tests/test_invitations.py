from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.customer_zone.models import customer_zone_invitation

from .common import CustomerZoneCommon, CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestInvitations(CustomerZoneCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.gamma = Partner.create(
            {"name": "Gamma Ltd", "is_company": True, "email": "ap@gamma.test"}
        )
        cls.no_email = Partner.create({"name": "No Email Co", "is_company": True})
        cls.bad_email = Partner.create(
            {"name": "Bad Email Co", "email": "not an email"}
        )
        cls.taken = Partner.create(
            {"name": "Taken Co", "email": "cz_alpha@example.com"}
        )
        cls.env["res.users"].search(
            [("login", "=", "cz_alpha")]
        ).login = "cz_alpha@example.com"
        cls.blocked = Partner.create(
            {
                "name": "Blocked Co",
                "email": "blocked@blocked.test",
                "customer_zone_access": "blocked",
            }
        )

    def _wizard(self, partners, message="<p>Welcome aboard</p>"):
        return (
            self.env["customer.zone.invite.wizard"]
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"message": message})
        )

    def _mails_to(self, partners):
        # invitation mails are bound to no document (test_auth_links_hardening)
        return self.env["mail.mail"].search([("recipient_ids", "in", partners.ids)])

    def test_mixed_batch_lists_every_contact_with_a_reason(self):
        partners = (
            self.gamma | self.no_email | self.bad_email | self.taken | self.blocked
        )
        wizard = self._wizard(partners)
        status = {
            line.partner_id: (line.status, line.reason) for line in wizard.line_ids
        }
        self.assertEqual(status[self.gamma], ("new", False))
        self.assertEqual(status[self.no_email][0], "skip")
        self.assertIn("No email", status[self.no_email][1])
        self.assertIn("Invalid email", status[self.bad_email][1])
        self.assertIn("already another user", status[self.taken][1])
        self.assertIn("blocked", status[self.blocked][1])
        self.assertEqual((wizard.invite_count, wizard.skip_count), (1, 4))

        wizard.action_invite()
        invitations = self.env["customer.zone.invitation"].search(
            [("partner_id", "in", partners.ids)]
        )
        self.assertEqual(len(invitations), 5, "skipped contacts are recorded too")
        by_partner = {inv.partner_id: inv for inv in invitations}
        self.assertEqual(by_partner[self.gamma].state, "sent")
        self.assertTrue(self.gamma.customer_zone_invited_on)
        user = self.gamma.user_ids
        self.assertTrue(user._is_portal())
        mail = self._mails_to(self.gamma)
        self.assertTrue(mail.auto_delete, "sent at once, then deleted")
        self.assertIn("Welcome aboard", mail.body_html)
        self.assertRegex(mail.body_html, r"/web/signup\?|auth_signup|signup")
        for partner in partners - self.gamma:
            self.assertEqual(by_partner[partner].state, "skipped")
            self.assertFalse(partner.user_ids)
            self.assertFalse(self._mails_to(partner))

    def test_reinvite_keeps_the_user(self):
        self._wizard(self.gamma).action_invite()
        user = self.gamma.user_ids
        wizard = self._wizard(self.gamma)
        self.assertEqual(wizard.line_ids.status, "again")
        wizard.action_invite()
        self.assertEqual(self.gamma.user_ids, user)
        self.assertEqual(len(self._mails_to(self.gamma)), 2)

    def test_company_without_email_invites_its_contacts(self):
        buyer = self.env["res.partner"].create(
            {
                "name": "Nora",
                "parent_id": self.no_email.id,
                "email": "nora@noemail.test",
            }
        )
        wizard = self._wizard(self.no_email)
        self.assertEqual(wizard.line_ids.partner_id, buyer)

    def test_large_batch_goes_through_the_cron(self):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Bulk {i}", "email": f"bulk{i}@bulk.test"}
                for i in range(customer_zone_invitation.SEND_NOW_LIMIT + 5)
            ]
        )
        self._wizard(partners).action_invite()
        invitations = self.env["customer.zone.invitation"].search(
            [("partner_id", "in", partners.ids)]
        )
        self.assertEqual(set(invitations.mapped("state")), {"queued"})
        self.assertFalse(partners.user_ids)
        self.env["customer.zone.invitation"]._cron_send_invitations()
        self.assertEqual(set(invitations.mapped("state")), {"sent"})
        self.assertEqual(len(partners.user_ids), len(partners))
        self.assertEqual(len(self._mails_to(partners)), len(partners))

    def test_portal_users_cannot_invite_or_read_invitations(self):
        self._wizard(self.gamma).action_invite()
        Invitation = self.env["customer.zone.invitation"].with_user(self.user_alpha)
        with self.assertRaises(AccessError):
            Invitation.search([])
        with self.assertRaises(AccessError):
            self.env["customer.zone.invite.wizard"].with_user(self.user_alpha).create(
                {}
            )
        with self.assertRaises(AccessError):
            self.env["customer.zone.login.event"].with_user(self.user_alpha).search([])

    def test_password_reset_link(self):
        self.alpha.action_customer_zone_reset_password()
        self.assertEqual(self.user_alpha.partner_id.signup_type, "reset")
        self.assertTrue(self.user_alpha.partner_id._get_signup_url())


@tagged("post_install", "-at_install")
class TestLoginEvents(CustomerZoneHttpCommon):
    def _events(self, login):
        return self.env["customer.zone.login.event"].search([("login", "=", login)])

    def test_success_failure_and_first_login(self):
        self.assertFalse(self.alpha.customer_zone_first_login_on)
        response = self._login_form("cz_alpha", "wrong")
        self.assertEqual(response.status_code, 200)
        self._login_form("nobody-here", "x")
        response = self._login_form("cz_alpha", "cz_alpha")
        self.assertEqual(response.status_code, 303)
        events = self._events("cz_alpha")
        self.assertEqual(sorted(events.mapped("result")), ["success", "wrong_password"])
        success = events.filtered("success")
        self.assertEqual(success.user_id, self.user_alpha)
        self.assertEqual(success.partner_id, self.alpha)
        self.assertTrue(success.portal)
        self.assertEqual(success.ip_address, "127.0.0.1")
        self.assertEqual(self._events("nobody-here").result, "unknown_login")
        self.assertTrue(self.alpha.customer_zone_first_login_on)
        first = self.alpha.customer_zone_first_login_on
        self._login_form("cz_alpha", "cz_alpha")
        self.assertEqual(self.alpha.customer_zone_first_login_on, first)
        self.assertEqual(len(self._events("cz_alpha").filtered("success")), 2)
