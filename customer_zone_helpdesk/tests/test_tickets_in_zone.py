from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.customer_zone.tests.common import CustomerZoneFixtures


@tagged("post_install", "-at_install")
class TestTicketsInZone(CustomerZoneFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()
        Ticket = cls.env["helpdesk.ticket"]
        cls.ticket_a = Ticket.create(
            {
                "name": "Alpha question",
                "description": "<p>Q</p>",
                "partner_id": cls.alpha.id,
            }
        )
        cls.ticket_b = Ticket.create(
            {
                "name": "Beta question",
                "description": "<p>Q</p>",
                "partner_id": cls.beta.id,
            }
        )
        cls.ticket_a.message_post(
            body="Public reply for Alpha",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.ticket_a.message_post(
            body="Internal note never shown",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")

    def _close(self, ticket, stage):
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "ticket_id": ticket.id,
                "stage_id": stage.id,
            },
            allow_redirects=False,
        )

    # helpdesk_mgmt's own close tests pass too: a POST by the owner closes
    # and answers 302, a stage not meant for the portal changes nothing
    def test_owner_closes_with_a_post(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._close(self.ticket_a, self.done)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket_a.id}")
        )
        self.assertEqual(self.ticket_a.stage_id, self.done)
        self.assertTrue(self.ticket_a.closed)

    def test_closing_with_a_get_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/ticket/close?ticket_id={self.ticket_a.id}&stage_id={self.done.id}"
            )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.ticket_a.closed)

    def test_another_customer_cannot_close(self):
        self.authenticate("cz_beta", "cz_beta")
        with mute_logger("odoo.http"):
            self.assertEqual(self._close(self.ticket_a, self.done).status_code, 404)
        self.assertFalse(self.ticket_a.closed)

    def test_closing_to_a_stage_not_meant_for_the_portal_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            response = self._close(self.ticket_a, self.rejected)
            self.assertEqual(response.status_code, 302, "back to the ticket")
            response = self.url_open(
                "/ticket/close",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "ticket_id": "abc",
                    "stage_id": "1",
                },
            )
            self.assertEqual(response.status_code, 404)
        self.assertNotEqual(self.ticket_a.stage_id, self.rejected)
        self.assertFalse(self.ticket_a.closed)

    def test_followers_from_another_company_see_the_ticket(self):
        self.ticket_a.message_subscribe(partner_ids=self.beta.ids)
        self.authenticate("cz_beta", "cz_beta")
        page = self.url_open("/my/tickets").text
        self.assertIn(f"/my/ticket/{self.ticket_a.id}?", page)
        self.assertEqual(
            self.url_open(f"/my/ticket/{self.ticket_a.id}").status_code, 200
        )

    def test_internal_notes_never_reach_the_customer(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/ticket/{self.ticket_a.id}").text
        self.assertNotIn("Internal note never shown", page)
        messages = self._call_kw(
            "mail.message",
            "search_read",
            [
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.ticket_a.id),
                ],
                ["body"],
            ],
        )
        bodies = " ".join(message["body"] for message in messages)
        self.assertIn("Public reply for Alpha", bodies)
        self.assertNotIn("Internal note never shown", bodies)

    def test_tickets_follow_the_zone(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self.assertEqual(self.url_open("/my/tickets").status_code, 404)
        count = self._call_kw("helpdesk.ticket", "search_count", [[]])
        self.assertEqual(count, 0)
        self.alpha.customer_zone_access = "default"
        self.company.customer_zone_mode = "invoices"
        self.assertEqual(self.url_open("/my/tickets").status_code, 404)

    def test_open_tickets_in_the_summary(self):
        self.authenticate("cz_alpha", "cz_alpha")
        home = self.url_open("/my/home").text
        self.assertIn("o_customer_zone_open_tickets", home)
        self.assertRegex(home, r'o_customer_zone_open_tickets"[^>]*>1<')
        self.ticket_a.write({"stage_id": self.done.id})
        home = self.url_open("/my/home").text
        self.assertRegex(home, r'o_customer_zone_open_tickets"[^>]*>0<')


@tagged("post_install", "-at_install")
class TestTicketAboutDocument(CustomerZoneFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()
        cls.invoice_a = cls._invoice(cls.alpha, 55.0, "2026-01-10")
        cls.invoice_b = cls._invoice(cls.beta, 66.0, "2026-01-10")

    def _submit(self, document):
        return self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "About my invoice",
                "description": "Why two hours?",
                "customer_zone_document": document,
            },
            allow_redirects=False,
        )

    def test_ask_about_an_invoice(self):
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(self.invoice_a.get_portal_url()).text
        self.assertIn(
            f"/new/ticket?customer_zone_document=account.move,{self.invoice_a.id}", page
        )
        form = self.url_open(
            f"/new/ticket?customer_zone_document=account.move,{self.invoice_a.id}"
        ).text
        self.assertIn(self.invoice_a.name, form)
        self._submit(f"account.move,{self.invoice_a.id}")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "About my invoice")])
        self.assertEqual(ticket.customer_zone_document_ref, self.invoice_a)
        self.assertEqual(ticket.partner_id, self.alpha)

    def test_another_customer_document_is_not_linked(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for raw in (
            f"account.move,{self.invoice_b.id}",
            "res.users,2",
            "abc",
            "account.move,x",
        ):
            with self.subTest(raw=raw):
                form = self.url_open(f"/new/ticket?customer_zone_document={raw}")
                self.assertEqual(form.status_code, 200)
                self.assertNotIn(self.invoice_b.name, form.text)
        self._submit(f"account.move,{self.invoice_b.id}")
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "About my invoice")])
        self.assertTrue(ticket)
        self.assertFalse(ticket.customer_zone_document_ref)


@tagged("post_install", "-at_install")
class TestTicketBadInput(CustomerZoneFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()

    def test_unknown_keys_get_a_message(self):
        self.authenticate("cz_alpha", "cz_alpha")
        for url in (
            "/my/tickets?sortby=nope",
            "/my/tickets?groupby=nope",
            "/my/tickets?filterby=nope",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
        self.assertIn("is not an option", self.url_open("/my/tickets?sortby=nope").text)

    def test_oversize_attachment_and_bad_ids(self):
        self.authenticate("cz_alpha", "cz_alpha")
        big = b"x" * (10 * 1024 * 1024 + 1)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Too big",
                "description": "x",
            },
            files={"attachment": ("big.bin", big)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("customer_zone_error=size", response.headers["Location"])
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Too big")]))
        form = self.url_open("/new/ticket?customer_zone_error=size").text
        self.assertIn("10 MB at most", form)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Bad category",
                "description": "x",
                "category": "abc",
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303), "to the new ticket")
        self.assertTrue(
            self.env["helpdesk.ticket"].search([("name", "=", "Bad category")])
        )


@tagged("post_install", "-at_install")
class TestTicketJourney(CustomerZoneFixtures, HttpCase):
    """A customer asks about an invoice; the agent answers and notes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_zone_fixtures()
        cls.invoice = cls._invoice(cls.alpha, 77.0, "2026-01-10")

    def test_customer_sees_the_reply_not_the_note(self):
        # the demo customer Acme, with one of its demo invoices
        acme = self.env.ref("customer_zone.partner_acme_demo")
        self.invoice = self.env["account.move"].search(
            [("partner_id", "=", acme.id), ("move_type", "=", "out_invoice")], limit=1
        )
        self.authenticate("acme", "acme")
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Journey question",
                "description": "Which hours?",
                "customer_zone_document": f"account.move,{self.invoice.id}",
            },
        )
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Journey question")])
        self.assertEqual(ticket.customer_zone_document_ref, self.invoice)
        agent = self.env.ref("base.user_admin")
        ticket.with_user(agent).message_post(
            body="The public answer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        ticket.with_user(agent).message_post(
            body="The private note",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        messages = self._call_kw(
            "mail.message",
            "search_read",
            [
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)],
                ["body"],
            ],
        )
        bodies = " ".join(message["body"] for message in messages)
        self.assertIn("The public answer", bodies)
        self.assertNotIn("The private note", bodies)
        self.assertNotIn(
            "The private note", self.url_open(f"/my/ticket/{ticket.id}").text
        )

    def test_public_with_right_wrong_and_absent_token(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Token", "description": "<p>x</p>", "partner_id": self.alpha.id}
        )
        token = ticket._portal_ensure_token()
        self.authenticate(None, None)
        url = f"/my/ticket/{ticket.id}"
        self.assertEqual(self.url_open(f"{url}?access_token={token}").status_code, 200)
        for suffix in ("?access_token=wrong", ""):
            with self.subTest(suffix=suffix):
                response = self.url_open(url + suffix, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))

    def test_ticket_links_are_revoked_with_the_customer_links(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Linked", "description": "<p>x</p>", "partner_id": self.alpha.id}
        )
        token = ticket._portal_ensure_token()
        self.assertTrue(ticket.customer_zone_token_expires_on)
        self.alpha.action_customer_zone_revoke_links()
        self.assertFalse(ticket.access_token)
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/ticket/{ticket.id}?access_token={token}", allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 200)
