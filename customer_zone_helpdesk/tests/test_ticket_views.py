from odoo.tests import tagged

from .common import CustomerZoneHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketViews(CustomerZoneHelpdeskCommon):
    """A ticket's page is a view of it, as an invoice's: one row per view,
    by its customer (logged in or through a link), never by another customer
    and never by an agent; the ticket's form counts them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.customer_zone_document_links = True
        cls.ticket_a = cls._create_ticket(cls.alpha, "Alpha question")
        cls.ticket_b = cls._create_ticket(cls.beta, "Beta question")

    def _events(self, ticket):
        self.env.invalidate_all()
        return self.env["customer.zone.view.event"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def test_ticket_page_is_one_view(self):
        self.authenticate("cz_alpha", "cz_alpha")
        url = f"/my/ticket/{self.ticket_a.id}"
        self.assertEqual(self._get(url).status_code, 200)
        self.assertEqual(self._get(url).status_code, 200)
        event = self._events(self.ticket_a)
        self.assertEqual(len(event), 1, "a reload in the window counts once")
        self.assertRecordValues(
            event,
            [
                {
                    "target": "ticket",
                    "kind": "page",
                    "access": "session",
                    "partner_id": self.alpha.id,
                    "user_id": self.user_alpha.id,
                    "document_name": self.ticket_a.display_name,
                }
            ],
        )
        ticket = self.ticket_a.with_user(self.agent)
        self.assertEqual(ticket.customer_zone_view_count, 1)
        self.assertEqual(
            self.env["helpdesk.ticket"].search([("customer_zone_viewed", "=", True)]),
            self.ticket_a,
        )

    def test_link_view_and_refusals(self):
        token = self.ticket_a._portal_ensure_token()
        url = f"/my/ticket/{self.ticket_a.id}"
        self.authenticate(None, None)
        for refused in (url, f"{url}?access_token=wrong"):
            with self.subTest(url=refused):
                self.assertEqual(self._get(refused).status_code, 303)
        self.assertFalse(self._events(self.ticket_a))
        self.assertEqual(self._get(f"{url}?access_token={token}").status_code, 200)
        event = self._events(self.ticket_a)
        self.assertEqual(
            (event.access, event.user_id, event.partner_id),
            ("link", self.env["res.users"], self.alpha),
        )

    def test_another_customer_and_an_agent_are_no_view(self):
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._get(f"/my/ticket/{self.ticket_a.id}").status_code, 303)
        self.authenticate("admin", "admin")
        self.assertEqual(self._get(f"/my/ticket/{self.ticket_a.id}").status_code, 200)
        self.assertFalse(self._events(self.ticket_a))
