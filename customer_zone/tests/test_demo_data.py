from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CustomerZoneDemoCase


@tagged("post_install", "-at_install")
class TestDemoData(CustomerZoneDemoCase):
    """The demo database holds what the README promises a newcomer."""

    def _moves(self, partner, move_type):
        return self.env["account.move"].search(
            [
                ("partner_id", "=", partner.id),
                ("move_type", "=", move_type),
                ("state", "=", "posted"),
            ]
        )

    def test_portal_logins(self):
        for partner, login in [
            (self.acme, "acme"),
            (self.acme_buyer, "acme-buyer"),
            (self.bluebird, "bluebird"),
            (self.cedar, "cedar"),
            (self.delta, "delta"),
        ]:
            user = partner.user_ids
            self.assertEqual(user.login, login)
            self.assertTrue(user._is_portal(), f"{login} is a portal user")
        self.assertEqual(self.acme_buyer.commercial_partner_id, self.acme)

    def test_twelve_months_of_invoices_in_every_state(self):
        today = fields.Date.context_today(self.env.user)
        for partner in self.zone_customers:
            invoices = self._moves(partner, "out_invoice")
            self.assertLessEqual(
                min(invoices.mapped("invoice_date")),
                today - relativedelta(months=12),
            )
            states = set(invoices.mapped("payment_state"))
            self.assertTrue({"paid", "partial", "not_paid"} <= states, states)
            open_invoices = invoices.filtered(lambda m: m.amount_residual)
            overdue = open_invoices.filtered(lambda m: m.invoice_date_due < today)
            not_due = open_invoices.filtered(lambda m: m.invoice_date_due >= today)
            self.assertGreaterEqual(len(overdue), 2, partner.name)
            self.assertTrue(not_due, partner.name)
            self.assertTrue(
                invoices.filtered(lambda m: not m.customer_zone_allow_online_payment)
            )

    def test_credit_notes_payments_and_credit_limit(self):
        for partner in self.zone_customers:
            credit_notes = self._moves(partner, "out_refund")
            self.assertEqual(
                set(credit_notes.mapped("payment_state")), {"paid", "not_paid"}
            )
            payments = self.env["account.payment"].search(
                [("partner_id", "=", partner.id), ("state", "!=", "draft")]
            )
            self.assertIn("outbound", payments.mapped("payment_type"), "a refund")
            on_account = payments.filtered(
                lambda p: p.payment_type == "inbound" and not p.reconciled_invoice_ids
            )
            self.assertEqual(len(on_account), 1, "one payment on account")
            partial = self._moves(partner, "out_invoice").filtered(
                lambda m: m.payment_state == "partial"
            )
            self.assertAlmostEqual(
                partial.amount_residual,
                partial.amount_total
                - partial.currency_id.round(partial.amount_total / 2),
            )
            self.assertGreater(partner.credit_limit, 0)
            self.assertTrue(partner.use_partner_credit_limit)
        self.assertTrue(self.env.ref("base.main_company").account_use_credit_limit)

    def test_quotations_in_every_state(self):
        today = fields.Date.context_today(self.env.user)
        for partner in self.zone_customers:
            orders = self.env["sale.order"].search(
                [("partner_id", "child_of", partner.id)]
            )
            self.assertTrue(
                {"draft", "sent", "sale", "cancel"} <= set(orders.mapped("state"))
            )
            self.assertTrue(orders.filtered(lambda o: o.invoice_status == "invoiced"))
            expired = orders.filtered(
                lambda o: o.state == "sent" and o.validity_date < today
            )
            self.assertTrue(expired, "an expired quotation")
            self.assertTrue(orders.filtered("customer_zone_published"))
        by_contact = self.env["sale.order"].search(
            [("partner_id", "=", self.acme_buyer.id)]
        )
        self.assertTrue(by_contact, "a quotation addressed to Acme's contact")

    def test_zone_switch(self):
        self.assertFalse(self.delta.customer_zone_enabled)
        self.assertTrue(all(self.zone_customers.mapped("customer_zone_enabled")))
        self.assertTrue(self.acme_buyer.customer_zone_enabled, "follows its company")
