"""Cross-addon journey: an accountant invites three demo customers at once.

Each gets an email, sent at once and bound to no record, whose link leads to
the sign-up (set your password) page; their invoice emails carry links that stop working
once revoked.
"""

import html
import re
from urllib.parse import urlparse

from odoo.tests import HttpCase, tagged

from odoo.addons.customer_zone.tests.common import NoWallClock

DEMO = ("partner_acme_demo", "partner_bluebird_demo", "partner_cedar_demo")


@tagged("post_install", "-at_install")
class TestInviteDemoCustomers(NoWallClock, HttpCase):
    def _links(self, body):
        return [html.unescape(url) for url in re.findall(r'href="([^"]+)"', body)]

    def test_invite_three_demo_customers_in_one_batch(self):
        partners = self.env["res.partner"].browse(
            [self.env.ref(f"customer_zone.{xmlid}").id for xmlid in DEMO]
        )
        wizard = (
            self.env["customer.zone.invite.wizard"]
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create({"message": "<p>Our new customer zone is open.</p>"})
        )
        self.assertEqual(wizard.invite_count, 3)
        wizard.action_invite()
        for partner in partners:
            with self.subTest(customer=partner.name):
                # sent at once and bound to no record: other employees, who
                # read what is bound to the users they see, never read the link
                mail = self.env["mail.mail"].search(
                    [
                        ("recipient_ids", "in", partner.user_ids.partner_id.ids),
                        ("body_html", "ilike", "Our new customer zone is open."),
                    ]
                )
                self.assertEqual(len(mail), 1)
                self.assertFalse(mail.model)
                self.assertFalse(mail.res_id)
                self.assertIn("Our new customer zone is open.", mail.body_html)
                signup = next(
                    url for url in self._links(mail.body_html) if "token=" in url
                )
                parsed = urlparse(signup)
                self.authenticate(None, None)
                page = self.url_open(f"{parsed.path}?{parsed.query}")
                self.assertEqual(page.status_code, 200)
                self.assertIn('name="password"', page.text)
                self.assertIn('name="confirm_password"', page.text)
                self.assertTrue(partner.customer_zone_invited_on)

    def test_login_page_offers_password_reset(self):
        self.authenticate(None, None)
        page = self.url_open("/web/login").text
        self.assertIn("/web/reset_password", page)

    def test_invoice_email_link_stops_after_revocation(self):
        acme = self.env.ref("customer_zone.partner_acme_demo")
        invoice = self.env["account.move"].search(
            [("partner_id", "=", acme.id), ("move_type", "=", "out_invoice")], limit=1
        )
        link = f"{invoice.access_url}?access_token={invoice._portal_ensure_token()}"
        self.authenticate(None, None)
        self.assertEqual(self.url_open(link, allow_redirects=False).status_code, 200)
        acme.action_customer_zone_revoke_links()
        self.assertEqual(self.url_open(link, allow_redirects=False).status_code, 303)
