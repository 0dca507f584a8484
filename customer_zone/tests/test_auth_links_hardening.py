import html
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.customer_zone.models import customer_zone_invitation
from odoo.addons.mail.tests.common import MockEmail

from .common import CustomerZoneCommon

SIGNUP_TOKEN = re.compile(r"[?&]token=([^\"'&<>\s]+)")
SIGNIN_URL = re.compile(
    r"(https?://[^\"'<>\s]*/customer_zone/signin\?token=[^\"'<>\s]+)"
)


@tagged("post_install", "-at_install")
class TestAuthLinksHardening(CustomerZoneCommon, MockEmail):
    """Sign-in and sign-up links reach the customer, and no other employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_signin_links": True,
                "customer_zone_signin_link_minutes": 30,
            }
        )
        cls.gamma = cls.env["res.partner"].create(
            {
                "name": "Gamma Links Ltd",
                "is_company": True,
                "email": "ap@gamma-links.test",
            }
        )
        company_ids = [Command.set(cls.company.ids)]
        cls.clerk = new_test_user(
            cls.env,
            login="cz_clerk",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.biller = new_test_user(
            cls.env,
            login="cz_biller",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=company_ids,
        )
        cls.manager = new_test_user(
            cls.env,
            login="cz_manager",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=company_ids,
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _invite(self, partners, user):
        wizard = (
            self.env["customer.zone.invite.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"message": "<p>Welcome aboard</p>"})
        )
        wizard.action_invite()

    def _sent_to(self, email):
        """Bodies of the emails that left through the mocked SMTP gateway."""
        return [
            html.unescape(mail["body"])
            for mail in self._mails
            if any(email in recipient for recipient in mail["email_to"])
        ]

    def _assert_unreadable_by_clerk(self, secret):
        """What an employee who did not send the mail can read holds no
        trace of ``secret``: the user's messages, any message, the mails."""
        Message = self.env["mail.message"].with_user(self.clerk)
        for values in Message.search_read([("model", "=", "res.users")], ["body"]):
            self.assertNotIn(secret, values["body"] or "")
        self.assertFalse(Message.search([("body", "ilike", secret)]))
        with self.assertRaises(AccessError):
            self.env["mail.mail"].with_user(self.clerk).search_read([], ["body_html"])

    # ------------------------------------------------------------------
    # 1. the links stay out of other employees' reach
    # ------------------------------------------------------------------
    def test_invitation_link_reaches_the_customer_only(self):
        with self.mock_mail_gateway(mail_unlink_sent=True):
            self._invite(self.gamma, self.biller)
        bodies = self._sent_to(self.gamma.email)
        self.assertEqual(len(bodies), 1, "sent at once, inside the request")
        self.assertIn("Welcome aboard", bodies[0])
        token = SIGNUP_TOKEN.search(bodies[0]).group(1)
        # the customer's link works: the token names the customer
        self.assertEqual(
            self.env["res.partner"]._get_partner_from_token(token), self.gamma
        )
        self._assert_unreadable_by_clerk(token)
        # sent, then deleted: nothing with the token is left anywhere
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("body_html", "ilike", token)])
        )
        self.assertFalse(
            self.env["mail.message"].sudo().search([("body", "ilike", token)])
        )

    def test_unsent_invitation_is_not_readable(self):
        """A mail that could not leave yet (here: tests send nothing) waits
        bound to no document, so other employees cannot read it."""
        self._invite(self.gamma, self.biller)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", self.gamma.ids)])
        )
        self.assertEqual(len(mail), 1)
        self.assertFalse(mail.model)
        self.assertFalse(mail.res_id)
        self.assertTrue(mail.auto_delete)
        token = SIGNUP_TOKEN.search(html.unescape(mail.body_html)).group(1)
        self._assert_unreadable_by_clerk(token)

    def test_large_batch_keeps_no_link_in_the_queue(self):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Bulk link {i}", "email": f"bulk{i}@bulk-links.test"}
                for i in range(customer_zone_invitation.SEND_NOW_LIMIT + 3)
            ]
        )
        with self.mock_mail_gateway(mail_unlink_sent=True):
            self._invite(partners, self.biller)
            # queued as invitations, which hold no link: no mail, no user yet
            self.assertFalse(self._mails)
            self.assertFalse(
                self.env["mail.mail"]
                .sudo()
                .search([("recipient_ids", "in", partners.ids)])
            )
            self.env["customer.zone.invitation"]._cron_send_invitations()
        self.assertEqual(len(self._mails), len(partners))
        for partner in partners:
            (body,) = self._sent_to(partner.email)
            token = SIGNUP_TOKEN.search(body).group(1)
            self.assertEqual(
                self.env["res.partner"]._get_partner_from_token(token), partner
            )
            self._assert_unreadable_by_clerk(token)
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", partners.ids)])
        )

    def test_signin_link_reaches_the_customer_only(self):
        with self.mock_mail_gateway(mail_unlink_sent=True):
            self.alpha.with_user(self.manager).action_customer_zone_send_signin_link()
        (body,) = self._sent_to(self.user_alpha.email)
        url = SIGNIN_URL.search(body).group(1)
        token = url.split("token=", 1)[1]
        self._assert_unreadable_by_clerk(token)
        self._assert_unreadable_by_clerk("/customer_zone/signin")
        self.assertFalse(
            self.env["mail.mail"].sudo().search([("body_html", "ilike", token)])
        )
        # the customer's link works, once
        Link = self.env["customer.zone.signin.link"]
        self.assertEqual(Link._user_of(token), self.user_alpha)
        self.assertTrue(Link._consume(token, self.user_alpha))
        self.assertFalse(Link._consume(token, self.user_alpha))

    # ------------------------------------------------------------------
    # 2. who may issue links, revoke them and reset passwords
    # ------------------------------------------------------------------
    def test_only_accounting_managers_send_signin_links(self):
        for user in (self.clerk, self.biller):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.alpha.with_user(user).action_customer_zone_send_signin_link()
        self.assertFalse(
            self.env["customer.zone.signin.link"].search(
                [("user_id", "=", self.user_alpha.id)]
            )
        )
        self.alpha.with_user(self.manager).action_customer_zone_send_signin_link()
        self.assertEqual(
            len(
                self.env["customer.zone.signin.link"].search(
                    [("user_id", "=", self.user_alpha.id)]
                )
            ),
            1,
        )

    def test_only_billing_users_revoke_links_and_reset_passwords(self):
        alpha = self.alpha.with_user(self.clerk)
        with self.assertRaises(AccessError):
            alpha.action_customer_zone_revoke_links()
        with self.assertRaises(AccessError):
            alpha.action_customer_zone_reset_password()
        self.assertFalse(self.user_alpha.partner_id.signup_type)
        alpha = self.alpha.with_user(self.biller)
        self.assertTrue(alpha.action_customer_zone_revoke_links())
        alpha.action_customer_zone_reset_password()
        self.assertEqual(self.user_alpha.partner_id.signup_type, "reset")

    # ------------------------------------------------------------------
    # 3. a link dies with the feature and with the portal access
    # ------------------------------------------------------------------
    def _token(self, user):
        return user._customer_zone_signin_url().split("token=", 1)[1]

    def test_link_refused_once_links_are_switched_off(self):
        token = self._token(self.user_alpha)
        self.company.customer_zone_signin_links = False
        Link = self.env["customer.zone.signin.link"]
        self.assertFalse(Link._consume(token, self.user_alpha))
        self.company.customer_zone_signin_links = True
        self.assertTrue(Link._consume(token, self.user_alpha), "never used")

    def test_link_refused_once_the_user_is_internal(self):
        token = self._token(self.user_alpha)
        self.user_alpha.write(
            {
                "group_ids": [
                    Command.unlink(self.env.ref("base.group_portal").id),
                    Command.link(self.env.ref("base.group_user").id),
                ]
            }
        )
        self.assertFalse(self.user_alpha.share)
        Link = self.env["customer.zone.signin.link"]
        self.assertFalse(Link._consume(token, self.user_alpha))

    def test_link_validity_is_bounded(self):
        for minutes in (0, 4, 1441, 10**9):
            with (
                self.subTest(minutes=minutes),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                self.company.customer_zone_signin_link_minutes = minutes
        for minutes in (5, 1440):
            self.company.customer_zone_signin_link_minutes = minutes
            before = fields.Datetime.now()
            self._token(self.user_alpha)
            after = fields.Datetime.now()
            link = self.env["customer.zone.signin.link"].search(
                [("user_id", "=", self.user_alpha.id)], limit=1
            )
            lifetime = timedelta(minutes=minutes)
            self.assertGreaterEqual(link.expires_on, before + lifetime)
            self.assertLessEqual(link.expires_on, after + lifetime)
            self.assertEqual(link.company_id, self.company)
