from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketsInZone(CustomerZoneHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_ticket(cls.alpha, "Alpha question")
        cls.ticket_b = cls._create_ticket(cls.beta, "Beta question")
        cls._post_message(cls.ticket_a, "Public reply for Alpha")
        cls._post_message(cls.ticket_a, "Internal note never shown", internal=True)

    # helpdesk_mgmt's own close tests pass too: a POST by the owner closes
    # and answers 302, a stage not meant for the portal changes nothing
    def test_owner_closes_with_a_post(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._close_ticket(self.ticket_a.id, self.stage_done.id)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/ticket/{self.ticket_a.id}")
        )
        self.assertEqual(self.ticket_a.stage_id, self.stage_done)
        self.assertTrue(self.ticket_a.closed)

    def test_closing_with_a_get_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/ticket/close?ticket_id={self.ticket_a.id}"
                f"&stage_id={self.stage_done.id}"
            )
        self.assertEqual(response.status_code, 405)
        self.assertFalse(self.ticket_a.closed)

    def test_another_customer_cannot_close(self):
        self.authenticate("cz_beta", "cz_beta")
        with mute_logger("odoo.http"):
            response = self._close_ticket(self.ticket_a.id, self.stage_done.id)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.ticket_a.closed)

    def test_closing_to_a_stage_not_meant_for_the_portal_is_refused(self):
        self.authenticate("cz_alpha", "cz_alpha")
        with mute_logger("odoo.http"):
            response = self._close_ticket(self.ticket_a.id, self.stage_rejected.id)
            self.assertEqual(response.status_code, 302, "back to the ticket")
            response = self._close_ticket("abc", "1")
            self.assertEqual(response.status_code, 404)
        self.assertNotEqual(self.ticket_a.stage_id, self.stage_rejected)
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
        self.ticket_a.write({"stage_id": self.stage_done.id})
        home = self.url_open("/my/home").text
        self.assertRegex(home, r'o_customer_zone_open_tickets"[^>]*>0<')

    def test_open_ticket_count_of_a_customer(self):
        self.assertEqual(self.alpha._customer_zone_open_ticket_count(), 1)
        self._create_ticket(self.alpha_buyer, "A contact's question")
        self.assertEqual(self.alpha._customer_zone_open_ticket_count(), 2)
        self.ticket_a.stage_id = self.stage_done
        self.assertEqual(self.alpha._customer_zone_open_ticket_count(), 1)
        self.company.customer_zone_mode = "invoices"
        self.assertEqual(self.alpha._customer_zone_open_ticket_count(), 0)


@tagged("post_install", "-at_install")
class TestTicketsOutsideTheZone(CustomerZoneHelpdeskCommon):
    """Where the zone does not show tickets ("invoices" and "off" modes, a
    customer switched off), no route, tile or link of tickets is offered:
    the one page gate decides, as for every page of the zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._create_ticket(cls.alpha, "Alpha question")
        cls.invoice_a = cls._invoice(cls.alpha, 55.0, "2026-01-10")

    def _assert_no_tickets_here(self):
        home = self._get("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn("/my/tickets", home.text, "no tile, no summary link")
        with mute_logger("odoo.http"):
            for url in ("/my/tickets", "/new/ticket"):
                with self.subTest(url=url):
                    self.assertEqual(self._get(url).status_code, 404)
            self.assertEqual(self._submit_ticket(subject="Outside").status_code, 404)
            response = self._close_ticket(self.ticket_a.id, self.stage_done.id)
            self.assertEqual(response.status_code, 404)
        self.assertFalse(self._find_ticket("Outside"), "no ticket created")
        self.assertFalse(self.ticket_a.closed)

    def test_account_mode_offers_tickets(self):
        self.authenticate("cz_alpha", "cz_alpha")
        home = self._get("/my/home").text
        self.assertIn('href="/my/tickets"', home, "the tile")
        self.assertEqual(self._get("/new/ticket").status_code, 200)
        page = self._get(self.invoice_a.get_portal_url()).text
        self.assertIn("o_customer_zone_ask", page)

    def test_invoices_mode_offers_no_tickets(self):
        self.company.customer_zone_mode = "invoices"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_no_tickets_here()
        page = self._get(self.invoice_a.get_portal_url())
        self.assertEqual(page.status_code, 200, "the invoice shows")
        self.assertNotIn("o_customer_zone_ask", page.text, "no ticket about it")

    def test_off_mode_offers_no_tickets(self):
        self.company.customer_zone_mode = "off"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_no_tickets_here()

    def test_customer_switched_off_gets_no_tickets(self):
        self.alpha.customer_zone_access = "blocked"
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_no_tickets_here()


@tagged("post_install", "-at_install")
class TestTicketAboutDocument(CustomerZoneHelpdeskCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls._invoice(cls.alpha, 55.0, "2026-01-10")
        cls.invoice_b = cls._invoice(cls.beta, 66.0, "2026-01-10")

    def _submit_about(self, document):
        return self._submit_ticket(
            subject="About my invoice",
            description="Why two hours?",
            customer_zone_document=document,
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
        self._submit_about(f"account.move,{self.invoice_a.id}")
        ticket = self._find_ticket("About my invoice")
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
        self._submit_about(f"account.move,{self.invoice_b.id}")
        ticket = self._find_ticket("About my invoice")
        self.assertTrue(ticket)
        self.assertFalse(ticket.customer_zone_document_ref)


@tagged("post_install", "-at_install")
class TestTicketBadInput(CustomerZoneHelpdeskCommon):
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
        response = self._submit_ticket(
            subject="Too big",
            description="x",
            files={"attachment": ("big.bin", big)},
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("customer_zone_error=size", response.headers["Location"])
        self.assertFalse(self._find_ticket("Too big"))
        form = self.url_open("/new/ticket?customer_zone_error=size").text
        self.assertIn("10 MB at most", form)
        response = self._submit_ticket(
            subject="Bad category", description="x", category="abc"
        )
        self.assertIn(response.status_code, (302, 303), "to the new ticket")
        self.assertTrue(self._find_ticket("Bad category"))


@tagged("post_install", "-at_install")
class TestTicketJourney(CustomerZoneHelpdeskCommon):
    """A customer asks about an invoice; the agent answers and notes."""

    def test_customer_sees_the_reply_not_the_note(self):
        # the demo customer Acme, with one of its demo invoices
        acme = self.env.ref("customer_zone.partner_acme_demo")
        invoice = self.env["account.move"].search(
            [("partner_id", "=", acme.id), ("move_type", "=", "out_invoice")], limit=1
        )
        self.authenticate("acme", "acme")
        self._submit_ticket(
            subject="Journey question",
            description="Which hours?",
            customer_zone_document=f"account.move,{invoice.id}",
        )
        ticket = self._find_ticket("Journey question")
        self.assertEqual(ticket.customer_zone_document_ref, invoice)
        self._post_message(ticket, "The public answer", author=self.agent)
        self._post_message(ticket, "The private note", internal=True, author=self.agent)
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
        ticket = self._create_ticket(self.alpha, "Token")
        token = ticket._portal_ensure_token()
        self.authenticate(None, None)
        url = f"/my/ticket/{ticket.id}"
        self.assertEqual(self.url_open(f"{url}?access_token={token}").status_code, 200)
        for suffix in ("?access_token=wrong", ""):
            with self.subTest(suffix=suffix):
                response = self.url_open(url + suffix, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))

    def test_ticket_links_are_revoked_with_the_customer_links(self):
        ticket = self._create_ticket(self.alpha, "Linked")
        token = ticket._portal_ensure_token()
        self.assertTrue(ticket.customer_zone_token_expires_on)
        self.alpha.action_customer_zone_revoke_links()
        self.assertFalse(ticket.access_token)
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/ticket/{ticket.id}?access_token={token}", allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 200)
