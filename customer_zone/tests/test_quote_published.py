import html
import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestQuotePublished(CustomerZoneHttpCommon):
    """Publishing a draft quotation emails the customer a link to it in the
    zone, from the salesperson (else the company), logged on the quotation;
    the link follows the link rules; none in the cases that call for none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "email": "office@company.test",
                "customer_zone_quote_published_email": True,
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="cz_seller",
            groups="sales_team.group_sale_salesman",
            name="Sam Seller",
            email="sam@company.test",
            company_id=cls.company.id,
        )

    def _draft(self, partner=None, user=None, **values):
        """A draft quotation, not published, of the salesperson."""
        return self.env["sale.order"].create(
            {
                "partner_id": (partner or self.alpha).id,
                "user_id": (user if user is not None else self.salesperson).id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 50})
                ],
                **values,
            }
        )

    def _mails(self, order):
        return self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    def _published_messages(self, order):
        return order.message_ids.filtered(
            lambda m: m.message_type == "comment" and order.name in (m.subject or "")
        )

    def _link(self, mail):
        """The quotation link of ``mail``, as a path of this server."""
        urls = [
            html.unescape(url)
            for url in re.findall(r'href="([^"]+)"', mail.body_html)
            if "access_token" in url and "/my/orders/" in url
        ]
        self.assertTrue(urls, "the email links to the quotation")
        return re.sub(r"^https?://[^/]+", "", urls[0])

    def _open(self, path):
        """``path`` opened by a visitor who is not logged in."""
        self.authenticate(None, None)
        return self._get(path)

    def test_publishing_emails_the_customer_a_working_link(self):
        order = self._draft()
        self.assertFalse(self._mails(order))
        # as the salesperson does it, on the form
        order.with_user(self.salesperson).customer_zone_published = True
        mail = self._mails(order)
        self.assertEqual(len(mail), 1, "one email queued")
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.alpha)
        self.assertEqual(mail.email_from, self.salesperson.email_formatted)
        # Odoo's default reply-to (the catchall): replies reach the chatter
        self.assertEqual(
            mail.reply_to,
            order.sudo()._notify_get_reply_to(default=mail.email_from)[order.id],
        )
        self.assertIn(order.name, mail.subject)
        # logged on the quotation, by the salesperson
        message = self._published_messages(order)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.salesperson.partner_id)
        self.assertIn(self.alpha, message.partner_ids)
        self.assertTrue(order.customer_zone_published_mailed_on)
        # the salesperson follows the quotation, as Odoo does for its own
        self.assertIn(self.salesperson.partner_id, order.message_partner_ids)
        # the link opens the quotation for whoever holds it
        path = self._link(mail)
        self.assertIn(f"/my/orders/{order.id}", path)
        response = self._open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(order.name, response.text)
        # valid for the days Settings give
        delay = order.customer_zone_token_expires_on - fields.Datetime.now()
        self.assertAlmostEqual(delay.days, 29, delta=1)

    def test_link_after_its_validity_leads_to_login(self):
        order = self._draft()
        order.customer_zone_published = True
        path = self._link(self._mails(order))
        order.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        response = self._open(path)
        self._assert_redirect(response, "/my")
        login_page = self.url_open("/my")
        self.assertIn("/web/login", login_page.url)
        self.assertIn("This link has expired", login_page.text)
        self.assertNotIn(order.name, login_page.text)

    def test_link_after_revocation_opens_nothing(self):
        order = self._draft()
        order.customer_zone_published = True
        path = self._link(self._mails(order))
        self.alpha.action_customer_zone_revoke_links()
        response = self._open(path)
        self._assert_redirect(response, "/my")
        self.assertNotIn(order.name, self.url_open("/my").text)

    def test_links_off_ask_to_log_in(self):
        order = self._draft()
        order.customer_zone_published = True
        path = self._link(self._mails(order))
        self.company.customer_zone_document_links = False
        self._assert_redirect(self._open(path), "/my")
        self.assertIn("Please log in", self.url_open("/my").text)

    def test_without_salesperson_from_the_company(self):
        order = self._draft(user=self.env["res.users"])
        order.write({"user_id": False})
        order.customer_zone_published = True
        mail = self._mails(order)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_from, self.company.email_formatted)
        self.assertEqual(
            mail.reply_to,
            order.sudo()._notify_get_reply_to(default=mail.email_from)[order.id],
        )

    def test_published_at_creation_is_a_publication(self):
        order = self._draft(customer_zone_published=True)
        self.assertEqual(len(self._mails(order)), 1)

    def test_one_email_per_publication(self):
        order = self._draft()
        order.customer_zone_published = True
        # unpublished and published again the same day (a click undone):
        # no second email
        order.customer_zone_published = False
        order.customer_zone_published = True
        # writing True again is no publication
        order.write({"customer_zone_published": True})
        self.assertEqual(len(self._mails(order)), 1)
        # a later publication (the last email two days old) is a new one
        order.customer_zone_published = False
        order.customer_zone_published_mailed_on = fields.Datetime.now() - timedelta(
            days=2
        )
        order.customer_zone_published = True
        self.assertEqual(len(self._mails(order)), 2)
        self.assertEqual(len(self._published_messages(order)), 2)

    def test_no_email_in_these_cases(self):
        cases = {}
        # the setting off
        self.company.customer_zone_quote_published_email = False
        cases["setting off"] = self._draft()
        cases["setting off"].customer_zone_published = True
        self.company.customer_zone_quote_published_email = True
        # the quotation sent already (not a draft)
        sent = self._draft()
        sent.action_quotation_sent()
        sent.customer_zone_published = True
        cases["sent"] = sent
        # the customer's own quotation from the catalog (a portal user)
        cases["customer's own"] = (
            self.env["sale.order"]
            .with_user(self.user_alpha)
            .sudo()
            .create(
                {
                    "partner_id": self.alpha.id,
                    "customer_zone_published": True,
                    "user_id": self.salesperson.id,
                }
            )
        )
        for name, order in cases.items():
            with self.subTest(case=name):
                self.assertFalse(self._mails(order))
                self.assertFalse(self._published_messages(order))
                self.assertFalse(order.customer_zone_published_mailed_on)

    def test_zone_off_or_no_email_says_why_on_the_chatter(self):
        self.alpha.customer_zone_access = "blocked"
        zone_off = self._draft()
        zone_off.customer_zone_published = True
        self.alpha.customer_zone_access = "default"
        no_email = self._draft(partner=self.beta)
        self.beta.email = False
        no_email.customer_zone_published = True
        for order, why in (
            (zone_off, "does not show quotations"),
            (no_email, "has no email address"),
        ):
            with self.subTest(why=why):
                self.assertFalse(self._mails(order))
                self.assertFalse(order.customer_zone_published_mailed_on)
                note = order.message_ids.filtered(lambda m, w=why: w in (m.body or ""))
                self.assertEqual(len(note), 1)
                self.assertTrue(note.subtype_id.internal, "an internal note")
        # once the customer has an address, publishing again emails it
        self.beta.email = "c@beta.test"
        no_email.customer_zone_published = False
        no_email.customer_zone_published = True
        self.assertEqual(len(self._mails(no_email)), 1)

    # ------------------------------------------------------------------
    # after the attack review of issue 15 (atkB)
    # ------------------------------------------------------------------
    def test_only_the_customer_is_emailed(self):
        """Someone else (here another customer) wrote on the quotation, and
        the earlier customer follows it: the email goes to its customer
        only, never to the suggested recipients nor the followers."""
        order = self._draft()
        order.message_subscribe(partner_ids=self.alpha.ids)
        order.message_post(
            body="Hello, about this quote",
            author_id=self.beta.id,
            email_from=self.beta.email,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self._mails(order).unlink()
        order.with_user(self.salesperson).customer_zone_published = True
        mails = self._mails(order)
        self.assertEqual(mails.recipient_ids, self.alpha)
        self.assertFalse(mails.filtered("email_to"))
        # the customer corrected to Beta, published again later: Beta only
        order.with_user(self.salesperson).customer_zone_published = False
        order.with_user(self.salesperson).partner_id = self.beta
        order.customer_zone_published_mailed_on = fields.Datetime.now() - timedelta(
            days=2
        )
        self._mails(order).unlink()
        order.with_user(self.salesperson).customer_zone_published = True
        mails = self._mails(order)
        self.assertEqual(mails.recipient_ids, self.beta)
        self.assertIn(self.alpha, order.message_partner_ids, "still a follower")
        message = self._published_messages(order)[:1]
        self.assertEqual(message.partner_ids, self.beta)

    def test_links_off_a_login_link_and_no_token(self):
        self.company.customer_zone_document_links = False
        order = self._draft()
        order.with_user(self.salesperson).customer_zone_published = True
        mail = self._mails(order)
        self.assertEqual(len(mail), 1)
        self.assertNotIn("access_token", mail.body_html)
        self.assertIn(
            f"/web/login?redirect=%2Fmy%2Forders%2F{order.id}",
            html.unescape(mail.body_html),
        )
        self.assertFalse(order.access_token, "no link minted")

    def test_republication_renews_a_link_about_to_expire(self):
        order = self._draft()
        token = order._portal_ensure_token()
        order.customer_zone_token_expires_on = fields.Datetime.now() + timedelta(days=1)
        order.customer_zone_published = True
        self.assertIn(token, self._link(self._mails(order)))
        delay = order.customer_zone_token_expires_on - fields.Datetime.now()
        self.assertAlmostEqual(delay.days, 29, delta=1)

    def test_setting_in_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.customer_zone_quote_published_email)
        settings.customer_zone_quote_published_email = False
        settings.execute()
        self.assertFalse(self.company.customer_zone_quote_published_email)
