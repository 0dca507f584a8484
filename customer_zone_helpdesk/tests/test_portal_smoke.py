from odoo.tests import tagged

from odoo.addons.customer_zone.tests.common import CustomerZoneHttpCommon


@tagged("post_install", "-at_install")
class TestHelpdeskPortalSmoke(CustomerZoneHttpCommon):
    """The demo's tickets, as the demo customer Acme sees them."""

    def test_demo_tickets_have_public_and_internal_messages(self):
        ticket = self.env.ref("customer_zone_helpdesk.ticket_acme_invoice_demo")
        messages = ticket.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertTrue(messages.filtered(lambda m: not m.subtype_id.internal))
        self.assertTrue(messages.filtered(lambda m: m.subtype_id.internal))

    def test_ticket_pages_answer(self):
        ticket = self.env.ref("customer_zone_helpdesk.ticket_acme_invoice_demo")
        other = self.env.ref("customer_zone_helpdesk.ticket_bluebird_statement_demo")
        self.authenticate("acme", "acme")
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        self.assertIn(ticket.number, response.text)
        self.assertIn(f"/my/ticket/{ticket.id}?", response.text)
        self.assertNotIn(other.number, response.text)
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Could you explain the consulting hours", response.text)
        self.assertIn(f'data-res_id="{ticket.id}"', response.text, "the chatter")
