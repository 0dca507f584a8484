from ast import literal_eval

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CustomerZoneCommon


@tagged("post_install", "-at_install")
class TestCashCustomers(CustomerZoneCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha.vat = "BE0477472701"
        cls.walk_in = cls.env["res.partner"].create(
            {"name": "Counter sale - J. Smith", "customer_zone_walk_in": True}
        )
        cls.cash_sale = cls._invoice(cls.walk_in, 42.0, "2026-02-02")
        cls._register_payment(cls.cash_sale, 42.0, "2026-02-02")

    def _alpha_sees(self):
        return self.env["account.move"].with_user(self.user_alpha).search([])

    def test_link_shows_cash_sales_in_the_zone_and_unlink_hides_them(self):
        self.assertNotIn(self.cash_sale, self._alpha_sees())
        self.walk_in.customer_zone_cash_customer_id = self.alpha
        self.assertEqual(self.walk_in.parent_id, self.alpha)
        self.assertIn(self.cash_sale, self._alpha_sees())
        statement = self.env["customer.zone.statement"]._get_statements(
            self.alpha, self._date("2026-01-01"), self._date("2026-12-31")
        )
        names = {line["move_name"] for s in statement for line in s["lines"]}
        self.assertIn(self.cash_sale.name, names)
        self.assertIn("Cash sales of", self.alpha.message_ids[:1].body)

        self.walk_in.customer_zone_cash_customer_id = False
        self.assertFalse(self.walk_in.parent_id)
        self.assertNotIn(self.cash_sale, self._alpha_sees())
        receivable = self.cash_sale.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.partner_id, self.walk_in, "the ledger follows")

    def test_only_walk_in_contacts_can_be_linked(self):
        with self.assertRaises(UserError):
            self.beta._customer_zone_link_cash_sales(self.alpha)
        contact = self.env["res.partner"].create({"name": "Not a walk-in"})
        with self.assertRaises(UserError):
            contact._customer_zone_link_cash_sales(self.alpha)

    def test_walk_in_list_in_settings(self):
        action = self.env.ref("customer_zone.res_partner_walk_in_action")
        walk_ins = self.env["res.partner"].search(literal_eval(action.domain))
        self.assertIn(self.walk_in, walk_ins)
        self.assertNotIn(self.alpha, walk_ins)

    def test_clearing_the_link_on_an_ordinary_contact_changes_nothing(self):
        invoice = self._invoice(self.alpha_buyer, 10.0, "2026-02-03")
        self.alpha_buyer.customer_zone_cash_customer_id = False
        self.assertEqual(self.alpha_buyer.parent_id, self.alpha, "still a contact")
        self.assertEqual(invoice.commercial_partner_id, self.alpha)
        with self.assertRaises(UserError):
            self.alpha_buyer._customer_zone_unlink_cash_sales()
