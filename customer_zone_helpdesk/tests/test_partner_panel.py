from odoo.tests import new_test_user, tagged

from .common import CustomerZoneHelpdeskCommon


@tagged("post_install", "-at_install")
class TestPartnerPanelTickets(CustomerZoneHelpdeskCommon):
    """The customer's 360° panel counts its open tickets, its contacts'
    included, for an accountant without helpdesk rights."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="cz_desk_accountant", groups="account.group_account_invoice"
        )
        cls._create_ticket(cls.alpha, "Open one")
        cls._create_ticket(cls.alpha_buyer, "Open two")
        cls._create_ticket(cls.alpha, "Done", stage_id=cls.stage_done.id)
        cls._create_ticket(cls.beta, "Beta's")

    def test_open_tickets(self):
        self.assertFalse(self.accountant.has_group("helpdesk_mgmt.group_helpdesk_user"))
        counts = {
            partner: partner.with_user(self.accountant).customer_zone_open_ticket_count
            for partner in (self.alpha, self.alpha_buyer, self.beta)
        }
        self.assertEqual(counts, {self.alpha: 2, self.alpha_buyer: 2, self.beta: 1})
