import logging
import re
from datetime import timedelta

from odoo import fields, http
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHelpdeskCommon

_logger = logging.getLogger(__name__)

INTERNAL_CONTENT = b"our margin on this customer is 80%"
PUBLIC_CONTENT = b"how to reset the device"
UPLOAD_CONTENT = b"photo of the damaged box"


@tagged("post_install", "-at_install")
class TestTicketFiles(CustomerZoneHelpdeskCommon):
    """The ticket page lists and serves the files of public messages and the
    customer's own uploads, never those of internal notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.alpha, "Files")
        note = cls._post_message(
            cls.ticket,
            "Internal note with a file",
            internal=True,
            author=cls.agent,
            attachments=[("internal-costing.txt", INTERNAL_CONTENT)],
        )
        reply = cls._post_message(
            cls.ticket,
            "Public reply with a file",
            author=cls.agent,
            attachments=[("public-guide.txt", PUBLIC_CONTENT)],
        )
        cls.internal_file = note.attachment_ids
        cls.public_file = reply.attachment_ids

    def _tokens_shown(self, page):
        """Every token the page hands out, whatever it is meant for."""
        return set(re.findall(r"access_token=([\w.-]+)", page)) | set(
            re.findall(r'data-token="([\w.-]+)"', page)
        )

    def _served(self, attachment, token=None):
        url = f"/web/content/{attachment.id}?download=true"
        if token is not None:
            url += f"&access_token={token}"
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        return response.status_code == 200 and INTERNAL_CONTENT in response.content

    def test_page_lists_and_serves_only_public_files(self):
        self.assertEqual(len(self.internal_file), 1)
        self.assertEqual(self.internal_file.res_id, self.ticket.id)
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn("public-guide.txt", page)
        self.assertNotIn("internal-costing.txt", page)
        self.assertNotIn(f"/web/content/{self.internal_file.id}?", page)
        tokens = self._tokens_shown(page)
        self.assertTrue(tokens, "the public file's link carries a token")
        for token in [None, *tokens]:
            with self.subTest(token=token):
                self.assertFalse(self._served(self.internal_file, token))
        link = re.search(rf'href="(/web/content/{self.public_file.id}\?[^"]+)"', page)
        self.assertTrue(link, "the public file is linked")
        response = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PUBLIC_CONTENT)

    def test_a_visit_mints_no_permanent_token(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self.url_open(f"/my/ticket/{self.ticket.id}").status_code, 200)
        self.env.invalidate_all()
        self.assertFalse(self.public_file.access_token)
        self.assertFalse(self.internal_file.access_token)

    def test_an_old_permanent_token_no_longer_opens_an_internal_file(self):
        # helpdesk_mgmt's page minted one for every file of the ticket
        (internal_token,) = self.internal_file.generate_access_token()
        (public_token,) = self.public_file.generate_access_token()
        for login in ("cz_alpha", None):
            with self.subTest(login=login):
                self.authenticate(login, login)
                self.assertFalse(self._served(self.internal_file, internal_token))
                response = self.url_open(
                    f"/web/content/{self.public_file.id}?access_token={public_token}"
                )
                self.assertEqual(response.content, PUBLIC_CONTENT)
        self.authenticate("admin", "admin")
        self.assertTrue(self._served(self.internal_file), "agents keep them")

    def test_images_of_the_description_still_open(self):
        # the HTML editor stores them on the ticket, with a permanent token
        image = self.env["ir.attachment"].create(
            {
                "name": "diagram.txt",
                "raw": PUBLIC_CONTENT,
                "res_model": "helpdesk.ticket",
                "res_id": self.ticket.id,
            }
        )
        (token,) = image.generate_access_token()
        self.ticket.description = (
            f'<p>See <img src="/web/image/{image.id}?access_token={token}"></p>'
        )
        self.authenticate("cz_alpha", "cz_alpha")
        response = self.url_open(f"/web/content/{image.id}?access_token={token}")
        self.assertEqual(response.content, PUBLIC_CONTENT)

    def test_naming_an_internal_file_in_the_description_shows_nothing(self):
        # a customer's own text (form or email) may name any file id
        self.ticket.description = (
            f"<p>/web/content/{self.internal_file.id} "
            f'<img src="/web/image/{self.internal_file.id}"></p>'
        )
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertNotIn(self.internal_file.name, page)
        (old_token,) = self.internal_file.generate_access_token()
        self.assertFalse(self._served(self.internal_file, old_token))

    def test_the_customer_sees_its_own_uploads(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._submit_ticket(
            subject="With a photo",
            description="See the photo",
            files={"attachment": ("damaged-box.txt", UPLOAD_CONTENT)},
        )
        ticket = self._find_ticket("With a photo")
        self.assertEqual(len(ticket), 1)
        self._post_message(
            ticket,
            "A note on the photo",
            internal=True,
            attachments=[("internal-costing.txt", INTERNAL_CONTENT)],
        )
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("damaged-box.txt", page)
        self.assertNotIn("internal-costing.txt", page)
        upload = ticket.attachment_ids.filtered(lambda a: a.name == "damaged-box.txt")
        link = re.search(rf'href="(/web/content/{upload.id}\?[^"]+)"', page)
        response = self.url_open(link.group(1).replace("&amp;", "&"))
        self.assertEqual(response.content, UPLOAD_CONTENT)


@tagged("post_install", "-at_install")
class TestTicketChatterLinks(CustomerZoneHelpdeskCommon):
    """The chatter of a ticket reached by its token obeys the link's expiry
    and the company's switch (``_get_thread_with_access`` of customer_zone's
    ``customer.zone.link.mixin``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "customer_zone_document_links": True,
                "customer_zone_link_validity_days": 30,
            }
        )
        cls.ticket = cls._create_ticket(cls.alpha, "Chatter")
        cls._post_message(cls.ticket, "Public word on the ticket")

    def _fetch(self, token):
        return self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket.id,
                "token": token,
            },
        )

    def _post(self, token):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket.id,
                "post_data": {
                    "body": "Posted through the ticket link",
                    "message_type": "comment",
                },
                "token": token,
            },
        )

    def _upload(self, token):
        with mute_logger("odoo.http"):
            return self.url_open(
                "/mail/attachment/upload",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "thread_id": self.ticket.id,
                    "thread_model": "helpdesk.ticket",
                    "token": token,
                },
                files={"ufile": ("through-the-link.txt", b"x")},
            )

    def _uploads(self):
        return self.env["ir.attachment"].search_count(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)]
        )

    def _messages(self):
        return self.env["mail.message"].search_count(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", self.ticket.id)]
        )

    def _assert_refused(self, token):
        self.authenticate(None, None)
        before = self._messages()
        with self.assertRaises(JsonRpcException, msg="chatter_fetch refused") as fetch:
            self._fetch(token)
        self.assertIn("NotFound", str(fetch.exception))
        with self.assertRaises(JsonRpcException, msg="message/post refused"):
            self._post(token)
        self.assertEqual(self._messages(), before, "nothing posted through the link")
        self.assertEqual(self._upload(token).status_code, 404)
        self.assertEqual(self._uploads(), 0, "nothing uploaded through the link")

    def test_fresh_link_reads_and_posts(self):
        token = self.ticket._portal_ensure_token()
        self.authenticate(None, None)
        result = self._fetch(token)
        bodies = str([message["body"] for message in result["data"]["mail.message"]])
        self.assertIn("Public word on the ticket", bodies)
        before = self._messages()
        self._post(token)
        self.assertEqual(self._messages(), before + 1)
        self.assertEqual(self._upload(token).status_code, 200)
        self.assertEqual(self._uploads(), 1)

    def test_expired_link_reads_and_posts_nothing(self):
        token = self.ticket._portal_ensure_token()
        self.ticket.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self._assert_refused(token)

    def test_links_off_read_and_post_nothing(self):
        token = self.ticket._portal_ensure_token()
        self.company.customer_zone_document_links = False
        self._assert_refused(token)

    def test_logged_in_customer_keeps_the_chatter_after_expiry(self):
        token = self.ticket._portal_ensure_token()
        self.ticket.customer_zone_token_expires_on = fields.Datetime.now() - timedelta(
            minutes=1
        )
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertTrue(self._fetch(token)["messages"], "own rights, not the link")


@tagged("post_install", "-at_install")
class TestTicketListFirstVisit(CustomerZoneHelpdeskCommon):
    """/my/tickets runs as many queries with 200 tickets as with 3 or 10, on
    a first visit (tickets that never had a link) as on later ones, and a
    visit writes no access token."""

    TOKEN_TABLES = ("helpdesk_ticket",)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._add_tickets(3)

    @classmethod
    def _add_tickets(cls, count):
        cls.env["helpdesk.ticket"].create(
            [
                cls._ticket_values(cls.alpha, f"Question {index}")
                for index in range(count)
            ]
        )

    def _tickets_up_to(self, total):
        Ticket = self.env["helpdesk.ticket"]
        count = Ticket.search_count([("partner_id", "=", self.alpha.id)])
        self._add_tickets(total - count)

    def test_first_visit_costs_the_same_at_any_number_of_tickets(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.url_open("/my/tickets")  # compile templates, warm routing
        counts = {}
        for total in (3, 10, 60, 200):
            self._tickets_up_to(total)
            counts[total] = self._first_and_later(["/my/tickets"])["/my/tickets"]
        _logger.info(
            "/my/tickets queries by number of tickets, (first visit, later visit): %s",
            counts,
        )
        for total, (first, later) in counts.items():
            with self.subTest(total=total):
                self.assertEqual(first, later, "first visit = later visit")
                self.assertEqual(first, counts[3][0])
        self._forget_tokens()
        with self.assertQueryCount(counts[10][0]):
            self.url_open("/my/tickets")  # first visit, 200 tickets
        self.assertEqual(self._tokens(), 0)

    def test_list_links_carry_no_token(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._forget_tokens()
        page = self.url_open("/my/tickets").text
        self.assertNotIn("access_token", page)

    def test_session_links_mint_no_token(self):
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.alpha.id)], limit=1
        )
        self._forget_tokens()
        listed = ticket.with_user(self.user_alpha).with_context(
            customer_zone_session_links=True
        )
        self.assertEqual(listed.get_portal_url(), f"/my/ticket/{ticket.id}")
        self.assertEqual(
            listed.get_portal_url(anchor="discussion"),
            f"/my/ticket/{ticket.id}#discussion",
        )
        self.assertEqual(self._tokens(), 0)
        # without the key, as in an email: a token, with its validity
        url = ticket.get_portal_url()
        self.assertIn(f"access_token={ticket.access_token}", url)
        self.assertTrue(ticket.customer_zone_token_expires_on)


@tagged("post_install", "-at_install")
class TestTicketBadInputNeverFails(CustomerZoneHelpdeskCommon):
    """Malformed ids, dates, pages and searches are answered, never with a
    server error, and change no ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.alpha, "Untouched")
        cls.invoice = cls._invoice(cls.alpha, 12.0, "2026-01-10")

    def _state(self):
        self.env.invalidate_all()
        tickets = self.env["helpdesk.ticket"].search([])
        return {
            ticket.id: (ticket.stage_id.id, ticket.closed, ticket.category_id.id)
            for ticket in tickets
        }

    def test_ticket_list(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._state()
        self._assert_answered(
            [
                "/my/tickets?date_begin=x&date_end=y",
                "/my/tickets?date_begin=2026-02-30&date_end=2026-13-01",
                "/my/tickets?date_begin=2026-01-01&date_end=%00",
                "/my/tickets?page=%C2%B2",
                "/my/tickets?page=-3",
                "/my/tickets?page=99999999999999999999",
                "/my/tickets/page/999999999",
                "/my/tickets?filterby=nope",
                "/my/tickets?filterby=%00",
                "/my/tickets?groupby=%00x",
                "/my/tickets?search=a%00b",
                "/my/tickets?search=%00&search_in=number",
                "/my/tickets?search=x&search_in=nope",
                "/my/tickets?sortby=name&sortby=nope&page=2&page=%C2%B2",
                "/my/tickets?date_begin=x&date_begin=2026-01-01&date_end=y",
            ]
        )
        self.assertEqual(self._state(), before)
        page = self.url_open("/my/tickets?date_begin=x&date_end=y").text
        self.assertIn(self.ticket.number, page, "all tickets, with a message")
        self.assertIn("The dates given are not valid", page)
        page = self.url_open("/my/tickets?search=Untou%00ched").text
        self.assertIn(self.ticket.number, page)

    def test_ticket_page_and_new_ticket_form(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_answered(
            [
                "/my/ticket/99999999999",
                "/my/ticket/2147483648",
                f"/my/ticket/{self.ticket.id}?access_token=%00",
                "/new/ticket?customer_zone_document=account.move,%C2%B2",
                "/new/ticket?customer_zone_document=account.move,99999999999",
                "/new/ticket?customer_zone_document=account.move,-1",
                "/new/ticket?customer_zone_document=account.move,1e9",
                "/new/ticket?customer_zone_document=sale.order,%00",
            ]
        )
        form = self.url_open(
            f"/new/ticket?customer_zone_document=account.move,{self.invoice.id}"
        ).text
        self.assertIn(self.invoice.name, form, "a good reference still works")

    def test_submit_with_bad_ids(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self.company.helpdesk_mgmt_portal_select_team = True
        bad_ids = ("²", "-1", "1e9", "9" * 30, "0x1", " 1")
        for index, bad in enumerate(bad_ids):
            with self.subTest(bad=bad), mute_logger("odoo.http"):
                response = self._submit_ticket(
                    subject=f"Bad ids {index}",
                    description="x",
                    category=bad,
                    team=bad,
                    customer_zone_document=f"account.move,{bad}",
                )
                self.assertLess(response.status_code, 500)
                ticket = self._find_ticket(f"Bad ids {index}")
                self.assertEqual(len(ticket), 1, "the ticket, without the bad ids")
                self.assertFalse(ticket.category_id)
                self.assertFalse(ticket.customer_zone_document_ref)

    def test_close_with_bad_ids(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._state()
        good = {"ticket_id": str(self.ticket.id), "stage_id": str(self.stage_done.id)}
        for bad in ("²", "-1", "1e9", "9" * 30, "", "0x1", f" {self.ticket.id}"):
            for key in ("ticket_id", "stage_id"):
                with self.subTest(key=key, bad=bad), mute_logger("odoo.http"):
                    response = self._close_ticket(**dict(good, **{key: bad}))
                    self.assertEqual(response.status_code, 404)
        self.assertEqual(self._state(), before, "no ticket changed")
