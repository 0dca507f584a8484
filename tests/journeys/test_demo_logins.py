"""Cross-addon journey: every demo login reaches its zone with all addons.

Run by setup/test with pytest-odoo against the database the Odoo tier built.
"""

import re

from odoo.tests import HttpCase, tagged

from odoo.addons.customer_zone.tests.common import NoWallClock

DEMO_LOGINS = {
    "acme": "customer_zone.partner_acme_demo",
    "acme-buyer": "customer_zone.partner_acme_demo",
    "bluebird": "customer_zone.partner_bluebird_demo",
    "cedar": "customer_zone.partner_cedar_demo",
    "delta": "customer_zone.partner_delta_demo",
}


@tagged("post_install", "-at_install")
class TestDemoLogins(NoWallClock, HttpCase):
    def test_each_demo_customer_logs_in_and_sees_its_own_documents(self):
        customers = {xmlid: self.env.ref(xmlid) for xmlid in DEMO_LOGINS.values()}
        invoices = {
            xmlid: self.env["account.move"].search(
                [
                    ("partner_id", "=", partner.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ],
                order="invoice_date desc, id desc",
                limit=1,
            )
            for xmlid, partner in customers.items()
        }
        for login, xmlid in DEMO_LOGINS.items():
            with self.subTest(login=login):
                self.authenticate(login, login)
                home = self.url_open("/my/home")
                self.assertEqual(home.status_code, 200)
                # the helpdesk tile shows where the zone shows tickets
                tile = "/my/tickets" in home.text
                self.assertEqual(tile, login != "delta", "helpdesk tile")
                listing = self.url_open("/my/invoices")
                self.assertEqual(listing.status_code, 200)
                if login == "delta":  # the zone is switched off for Delta
                    self.assertIn("o_customer_zone_off", home.text)
                    self.assertNotIn(invoices[xmlid].name, listing.text)
                    self.logout()
                    continue
                self.assertIn("o_customer_zone_summary", home.text)
                self.assertIn(invoices[xmlid].name, listing.text)
                for other, invoice in invoices.items():
                    if other != xmlid:
                        self.assertNotIn(f"/my/invoices/{invoice.id}?", listing.text)
                self.logout()

    def _login_form(self, login, password):
        """Log in through the real login form (authenticate() skips passwords)."""
        self.authenticate(None, None)
        page = self.url_open("/web/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
            allow_redirects=False,
        )

    def test_demo_passwords_are_the_logins(self):
        for login in DEMO_LOGINS:
            with self.subTest(login=login):
                response = self._login_form(login, login)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_wrong_password_is_refused(self):
        response = self._login_form("acme", "not-the-password")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Wrong login/password", response.text)
