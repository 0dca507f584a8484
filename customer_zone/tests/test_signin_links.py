import re
from datetime import timedelta
from urllib.parse import urlparse

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestSigninLinks(CustomerZoneHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_signin_links": True,
                "customer_zone_signin_link_minutes": 30,
            }
        )

    def _path(self, url):
        parsed = urlparse(url)
        return f"{parsed.path}?{parsed.query}"

    def _use(self, url):
        """Open the link as a visitor, then press the button."""
        self.authenticate(None, None)
        page = self.url_open(self._path(url))
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="token" value="([^"]+)"', page.text)
        return self.url_open(
            "/customer_zone/signin",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "token": token.group(1) if token else "",
            },
            allow_redirects=False,
        )

    def _events(self):
        return self.env["customer.zone.login.event"].search(
            [("user_id", "=", self.user_alpha.id), ("method", "=", "link")]
        )

    def test_link_signs_in_once(self):
        url = self.user_alpha._customer_zone_signin_url()
        response = self._use(url)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        home = self.url_open("/my/home")
        self.assertIn("Alpha Zone Test Co", home.text)
        self.assertEqual(self._events().result, "success")
        # single use
        again = self._use(url)
        self.assertEqual(again.status_code, 200)
        self.assertIn("can no longer be used", again.text)
        self.assertEqual(
            sorted(self._events().mapped("result")), ["refused", "success"]
        )

    def test_get_does_not_use_up_the_link(self):
        url = self.user_alpha._customer_zone_signin_url()
        self.authenticate(None, None)
        for _attempt in range(3):  # a mail scanner opening it
            self.assertEqual(self.url_open(self._path(url)).status_code, 200)
        self.assertEqual(self._use(url).status_code, 303)

    def test_expired_link_is_refused(self):
        url = self.user_alpha._customer_zone_signin_url()
        link = self.env["customer.zone.signin.link"].search(
            [("user_id", "=", self.user_alpha.id)]
        )
        link.expires_on = fields.Datetime.now() - timedelta(minutes=1)
        self.assertIn("can no longer be used", self._use(url).text)

    def test_password_change_voids_the_link(self):
        url = self.user_alpha._customer_zone_signin_url()
        self.user_alpha.password = "a-new-password-1"
        self.assertIn("can no longer be used", self._use(url).text)

    def test_tampered_token_is_refused(self):
        url = self.user_alpha._customer_zone_signin_url()
        self.assertIn("can no longer be used", self._use(url[:-3] + "abc").text)
        response = self.url_open(
            "/customer_zone/signin",
            data={"csrf_token": http.Request.csrf_token(self), "token": "garbage"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("can no longer be used", response.text)
        self.assertFalse(self._events().filtered("success"))

    def test_switch_off_and_internal_users(self):
        with self.assertRaises(UserError):
            self.env.ref("base.user_admin")._customer_zone_signin_url()
        self.company.customer_zone_signin_links = False
        with self.assertRaises(UserError):
            self.user_alpha._customer_zone_signin_url()

    def test_accountant_sends_the_link_by_email(self):
        self.alpha.action_customer_zone_send_signin_link()
        # bound to no document, so that no other employee reads the link
        # (tests/test_auth_links_hardening.py checks who reads what)
        mails = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.user_alpha.partner_id.ids)]
        )
        self.assertEqual(len(mails), 1)
        self.assertFalse(mails.model)
        self.assertIn("/customer_zone/signin?token=", mails.body_html)
        self.assertTrue(mails.auto_delete)
