import html
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from ..hooks import date_existing_links
from .common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestDocumentLinks(CustomerZoneHttpCommon):
    """Links in emails: expiry, rotation, revocation and the off switch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.invoice = cls._invoice(cls.alpha, 123.45, "2026-01-10")

    def _link(self, document):
        return f"{document.access_url}?access_token={document._portal_ensure_token()}"

    def _open(self, url):
        """Open ``url`` as a visitor who is not logged in."""
        self.authenticate(None, None)
        return self._get(url)

    def test_fresh_link_opens_and_expires_in_thirty_days(self):
        response = self._open(self._link(self.invoice))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice.name, response.text)
        delay = self.invoice.customer_zone_token_expires_on - fields.Datetime.now()
        self.assertAlmostEqual(delay.days, 29, delta=1)

    def test_expired_link_leads_to_login_with_a_message(self):
        old_link = self._link(self.invoice)
        self.invoice.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        response = self._open(old_link)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        login_page = self.url_open("/my")  # core sends visitors to log in
        self.assertIn("/web/login", login_page.url)
        self.assertIn("This link has expired", login_page.text)
        self.assertNotIn("This link has expired", self.url_open("/web/login").text)
        # logging in from there opens the document
        self._login_form("cz_alpha", "cz_alpha", keep_session=True)
        landing = self._get("/my")
        self.assertEqual(landing.status_code, 303)
        self.assertIn(f"/my/invoices/{self.invoice.id}", landing.headers["Location"])
        # the next email carries a new link; the old one stays dead
        new_link = self._link(self.invoice)
        self.assertNotEqual(new_link, old_link)
        self.assertEqual(self._open(new_link).status_code, 200)
        self.assertEqual(self._open(old_link).status_code, 303)
        # the customer, logged in, still reads it without any link
        self.authenticate("cz_alpha", "cz_alpha")
        self.invoice.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self.assertEqual(
            self._get(self.invoice.access_url).status_code,
            200,
        )

    def test_links_off_require_login(self):
        link = self._link(self.invoice)
        self.company.customer_zone_document_links = False
        response = self._open(link)
        self.assertEqual(response.status_code, 303)
        login_page = self.url_open("/my")
        self.assertIn("/web/login", login_page.url)
        self.assertIn("Please log in to see this document", login_page.text)
        # logged in, the customer reads it (the token plays no part then)
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get(link).status_code, 200)

    def test_revoke_all_links_of_a_customer(self):
        quote = self._quotation(self.alpha_buyer, "sent")
        links = [self._link(self.invoice), self._link(quote)]
        self.alpha.action_customer_zone_revoke_links()
        for link in links:
            with self.subTest(link=link):
                response = self._open(link)
                self.assertEqual(response.status_code, 303)
                self.assertTrue(response.headers["Location"].endswith("/my"))
        note = self.alpha.message_ids.filtered(lambda m: "revoked" in (m.body or ""))
        self.assertIn("2 documents", note.body)
        self.assertEqual(self._open(self._link(self.invoice)).status_code, 200)

    def _older_link(self, document):
        """A link issued before the zone governed links: a token, no end of
        validity."""
        token = document._portal_ensure_token()
        document.customer_zone_token_expires_on = False
        self.env.flush_all()
        return f"{document.access_url}?access_token={token}"

    def test_opening_an_older_link_writes_nothing(self):
        link = self._older_link(self.invoice)
        written = self.invoice.write_date
        response = self._open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice.name, response.text)
        self.invoice.invalidate_recordset()
        self.assertFalse(self.invoice.customer_zone_token_expires_on)
        self.assertEqual(self.invoice.write_date, written)

    def test_install_dates_the_links_issued_before(self):
        link = self._older_link(self.invoice)
        no_link = self._quotation(self.alpha, "sent")
        self.env.flush_all()
        date_existing_links(self.env)
        self.env.invalidate_all()
        delay = self.invoice.customer_zone_token_expires_on - fields.Datetime.now()
        self.assertAlmostEqual(delay.days, 29, delta=1)
        self.assertFalse(no_link.access_token)
        self.assertFalse(no_link.customer_zone_token_expires_on)
        # the link still opens, until then
        self.assertEqual(self._open(link).status_code, 200)

    def test_pager_from_the_list_mints_no_token(self):
        """An invoice opened from the list has previous / next links to its
        neighbours in the list: session links, so the page writes no token
        on them (core's pager mints one on each, at every page read)."""
        older = self._invoice(self.alpha, 10.0, "2026-01-05")
        newer = self._invoice(self.alpha, 20.0, "2026-01-15")
        neighbours = older | newer
        self.env.flush_all()
        before = neighbours.read(["access_token", "customer_zone_token_expires_on"])
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/invoices").status_code, 200)
        page = self._get(self.invoice.access_url)
        self.assertEqual(page.status_code, 200)
        for neighbour in neighbours:
            self.assertIn(f'href="{neighbour.access_url}"', page.text)
        self.assertNotIn("access_token=", page.text.split("o_portal_sidebar")[0])
        neighbours.invalidate_recordset()
        self.assertEqual(
            neighbours.read(["access_token", "customer_zone_token_expires_on"]),
            before,
        )

    def test_own_pages_mint_no_token(self):
        """The customer's own invoice and order pages, and an email's
        /mail/view link opened logged in, write no token: the session opens
        them (a GET writes nothing). (A quotation the customer is asked to pay
        still gets one: sale's payment form carries the order's token.)"""
        order = self._quotation(self.alpha, "sale")
        documents = [self.invoice, order]
        for document in documents:
            document.access_token = False
        self.env.flush_all()
        self.authenticate("cz_alpha", "cz_alpha")
        for document in documents:
            with self.subTest(document=document.display_name):
                page = self._get(document.access_url)
                self.assertEqual(page.status_code, 200)
                self.assertNotRegex(page.text, r"access_token=[0-9a-f]")
                view = self._get(
                    f"/mail/view?model={document._name}&res_id={document.id}"
                )
                self.assertEqual(view.status_code, 303)
                self.assertTrue(view.headers["Location"].endswith(document.access_url))
                document.invalidate_recordset()
                self.assertFalse(document.access_token)
                self.assertFalse(document.customer_zone_token_expires_on)

    def test_pager_skips_a_neighbour_deleted_since(self):
        older = self._invoice(self.alpha, 10.0, "2026-01-05")
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self._get("/my/invoices").status_code, 200)
        older.button_draft()
        older.unlink()
        self.assertEqual(self._get(self.invoice.access_url).status_code, 200)

    def test_links_get_a_validity_when_the_setting_gives_one(self):
        """Links issued while they had none (0 days) get one when Settings
        give links a validity: none would ever expire otherwise."""
        self.company.customer_zone_link_validity_days = 0
        link = self._link(self.invoice)
        self.assertFalse(self.invoice.customer_zone_token_expires_on)
        self.company.customer_zone_link_validity_days = 30
        self.invoice.invalidate_recordset()
        delay = self.invoice.customer_zone_token_expires_on - fields.Datetime.now()
        self.assertAlmostEqual(delay.days, 29, delta=1)
        self.assertEqual(self._open(link).status_code, 200)

    def test_no_expiry_when_validity_is_zero(self):
        self.company.customer_zone_link_validity_days = 0
        link = self._link(self.invoice)
        self.assertFalse(self.invoice.customer_zone_token_expires_on)
        self.assertEqual(self._open(link).status_code, 200)

    def test_email_to_the_customer_carries_a_working_link(self):
        self.invoice.message_post(
            body="Your invoice",
            partner_ids=self.alpha.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "account.move"), ("res_id", "=", self.invoice.id)],
            order="id desc",
            limit=1,
        )
        urls = [
            html.unescape(url)
            for url in re.findall(r'href="([^"]+)"', mail.body_html)
            if "access_token" in url
        ]
        self.assertTrue(urls, "the email has a button to the document")
        path = re.sub(r"^https?://[^/]+", "", urls[0])
        self.authenticate(None, None)
        response = self.url_open(path)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice.name, response.text)

    def test_statement_email_links_to_the_zone(self):
        action = self.alpha.action_customer_zone_send_statement()
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        wizard.action_send()
        self.env[
            "customer.zone.statement.mailing"
        ].sudo()._cron_send_statement_mailings()
        message = self.alpha.message_ids.filtered(
            lambda m: "statement of account" in (m.subject or "")
        )
        self.assertIn("/my/statement", message.body)
        self.assertEqual(len(message.attachment_ids), 1, "the statement, attached")
        self.assertIn(self.alpha, message.partner_ids)


@tagged("post_install", "-at_install")
class TestChatterLinks(CustomerZoneHttpCommon):
    """The chatter behind a link obeys the link's expiry and the off switch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.invoice = cls._invoice(cls.alpha, 77.0, "2026-01-10")
        cls.invoice.message_post(
            body="Public word to the customer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _fetch(self, token):
        return self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "account.move", "thread_id": self.invoice.id,
             "token": token},
        )  # fmt: skip

    def _post(self, token):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "account.move",
                "thread_id": self.invoice.id,
                "post_data": {"body": "Posted through an old link",
                              "message_type": "comment"},
                "token": token,
            },
        )  # fmt: skip

    def _posted(self):
        return self.env["mail.message"].search_count(
            [("model", "=", "account.move"), ("res_id", "=", self.invoice.id),
             ("body", "ilike", "Posted through an old link")]
        )  # fmt: skip

    def _assert_refused(self, token):
        self.authenticate(None, None)
        with self.assertRaises(JsonRpcException, msg="chatter_fetch refused") as fetch:
            self._fetch(token)
        self.assertIn("NotFound", str(fetch.exception))
        with self.assertRaises(JsonRpcException, msg="message/post refused") as post:
            self._post(token)
        self.assertIn("NotFound", str(post.exception))
        self.assertEqual(self._posted(), 0, "nothing posted through the link")

    def test_fresh_link_reads_and_posts(self):
        token = self.invoice._portal_ensure_token()
        self.authenticate(None, None)
        result = self._fetch(token)
        bodies = " ".join(
            str(message["body"]) for message in result["data"]["mail.message"]
        )
        self.assertIn("Public word to the customer", bodies)
        self._post(token)
        self.assertEqual(self._posted(), 1)

    def test_expired_link_reads_and_posts_nothing(self):
        token = self.invoice._portal_ensure_token()
        self.invoice.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self._assert_refused(token)

    def test_links_off_read_and_post_nothing(self):
        token = self.invoice._portal_ensure_token()
        self.company.customer_zone_document_links = False
        self._assert_refused(token)

    def test_logged_in_customer_keeps_the_chatter_after_expiry(self):
        token = self.invoice._portal_ensure_token()
        self.invoice.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self.authenticate("cz_alpha", "cz_alpha")
        result = self._fetch(token)
        self.assertTrue(result["messages"], "own rights, not the link, apply")
