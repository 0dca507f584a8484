from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHelpdeskCommon

# names of the arguments of the methods a ticket page goes through
RESERVED_KEYS = (
    "ticket",
    "ticket_id",
    "access_token",
    "document",
    "values",
    "session_history",
    "no_breadcrumbs",
    "kwargs",
    "kw",
    "page",
    "messages",
    "counters",
)


@tagged("post_install", "-at_install")
class TestTicketReservedKeys(CustomerZoneHelpdeskCommon):
    """Query keys named like the arguments of the ticket pages' methods, a
    GET of the ticket form's target and control characters in a new ticket
    are answered without a server error and change nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(cls.alpha, "Untouched")
        cls.ticket._portal_ensure_token()

    def _state(self):
        self.env.invalidate_all()
        tickets = self.env["helpdesk.ticket"].search([])
        return {
            ticket.id: (
                ticket.name,
                ticket.stage_id.id,
                ticket.access_token,
                len(ticket.message_ids),
            )
            for ticket in tickets
        }

    def _submit_quietly(self, **data):
        """Exactly ``data`` (no subject or description unless given)."""
        with mute_logger("odoo.http"):
            return self._submit_ticket(
                **({"subject": None, "description": None} | data)
            )

    def test_reserved_keys_on_ticket_pages(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._state()
        pages = (
            f"/my/ticket/{self.ticket.id}",
            f"/my/ticket/{self.ticket.id}/{self.ticket.access_token}",
            "/my/tickets",
            "/my/tickets/page/1",
            "/new/ticket",
        )
        for page in pages:
            self._assert_answered(f"{page}?{key}=1" for key in RESERVED_KEYS)
            self._assert_answered(
                [f"{page}?" + "&".join(f"{key}=%00" for key in RESERVED_KEYS)]
            )
        self.assertEqual(self._state(), before, "no ticket changed")
        response = self._get(
            f"/my/ticket/{self.ticket.id}?ticket=1&document=1&values=1"
            "&session_history=1&no_breadcrumbs=1"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Untouched", response.text, "the ticket asked for, still")

    def test_reserved_keys_with_a_token_only(self):
        before = self._state()
        url = f"/my/ticket/{self.ticket.id}/{self.ticket.access_token}"
        for key in ("ticket", "document", "values", "session_history"):
            with self.subTest(key=key):
                response = self._get(f"{url}?{key}=1")
                self.assertEqual(response.status_code, 200)
                self.assertIn("Untouched", response.text)
        self.assertEqual(self._state(), before, "no ticket changed")

    def test_messages_of_the_page_still_shown(self):
        self.authenticate("cz_alpha", "cz_alpha")
        self._assert_answered([f"/my/ticket/{self.ticket.id}?error=%00&pid=%00&hash=x"])

    def test_submit_by_get_creates_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._state()
        with mute_logger("odoo.http"):
            response = self._get("/submitted/ticket?subject=By+GET&description=x")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self._state(), before, "no ticket created or changed")
        form = self._get("/new/ticket")
        self.assertEqual(form.status_code, 200)
        self.assertIn('action="/submitted/ticket"', form.text)
        self.assertRegex(form.text, r'action="/submitted/ticket"\s+method="POST"')
        response = self._submit_quietly(subject="By POST", description="x")
        self.assertIn(response.status_code, (302, 303))
        self.assertTrue(self._find_ticket("By POST"))

    def test_submit_without_csrf_token_creates_nothing(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._state()
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/submitted/ticket",
                data={"subject": "No token", "description": "x"},
                allow_redirects=False,
            )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self._state(), before)

    def test_control_characters_in_a_new_ticket(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._submit_quietly(
            subject="Broken\x00 box\x07\ttoday", description="Line 1\x00\nLine\x1b 2"
        )
        self.assertLess(response.status_code, 500)
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.alpha.id), ("name", "like", "Broken")]
        )
        self.assertEqual(ticket.name, "Broken box today")
        self.assertIn("Line 1<br>Line 2", str(ticket.description))

    def test_empty_or_missing_text_is_refused_with_a_message(self):
        self.authenticate("cz_alpha", "cz_alpha")
        before = self._state()
        for data in (
            {"subject": "\x00", "description": "x"},
            {"subject": "Nothing said", "description": "\x00\x01"},
            {"description": "x"},
            {"subject": "No description"},
            {},
        ):
            with self.subTest(data=data):
                response = self._submit_quietly(**data)
                self.assertLess(response.status_code, 500)
                self.assertIn(
                    "customer_zone_error=empty", response.headers.get("Location", "")
                )
        response = self._submit_quietly(
            files={"subject": ("a.txt", b"x"), "description": ("b.txt", b"y")}
        )
        self.assertLess(response.status_code, 500)
        self.assertEqual(self._state(), before, "no ticket created")
        form = self._get("/new/ticket?customer_zone_error=empty").text
        self.assertIn("Give your ticket a subject and a description.", form)

    def test_control_characters_in_a_file_name(self):
        self.authenticate("cz_alpha", "cz_alpha")
        response = self._submit_quietly(
            subject="With a file",
            description="x",
            files={"attachment": ("photo\x00.png", b"data")},
        )
        self.assertLess(response.status_code, 500)
        ticket = self._find_ticket("With a file")
        self.assertEqual(len(ticket), 1)
        self.assertNotIn("\x00", "".join(ticket.attachment_ids.mapped("name")))
