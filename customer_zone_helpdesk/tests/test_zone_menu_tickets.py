from odoo.tests import tagged

from odoo.addons.customer_zone.tests.test_empty_states import EMPTY_RE, empty_state
from odoo.addons.customer_zone.tests.test_zone_menu import menu_of

from .common import CustomerZoneHelpdeskCommon


@tagged("post_install", "-at_install")
class TestZoneMenuTickets(CustomerZoneHelpdeskCommon):
    """The tickets in the zone's section menu, and the empty list."""

    def test_tickets_entry_follows_the_zone(self):
        ticket = self._create_ticket(self.alpha, "Zone menu ticket")
        self.authenticate("cz_alpha", "cz_alpha")
        for url in ("/my/tickets", f"/my/ticket/{ticket.id}", "/new/ticket"):
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 200)
                keys, current = menu_of(response.text)
                self.assertIn("tickets", keys)
                self.assertEqual(current, ["tickets"])
        self.company.customer_zone_mode = "invoices"
        keys, _current = menu_of(self._get("/my/home").text)
        self.assertNotIn("tickets", keys, "the invoices mode shows no tickets")

    def test_no_tickets_offers_a_new_one(self):
        self.authenticate("cz_beta", "cz_beta")
        page = self._get("/my/tickets").text
        self.assertIn("You have no tickets.", empty_state(page))
        self.assertIn('href="/new/ticket"', EMPTY_RE.search(page).group(0))
        self.assertNotIn("No tickets found.", page)
