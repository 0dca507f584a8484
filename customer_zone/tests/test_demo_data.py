from datetime import timezone

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.fields import Domain
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
                lambda p: p.payment_type == "inbound"
                and not p.reconciled_invoice_ids
                and not self._online(p)
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

    # ------------------------------------------------------------------
    # the zone's use: logins, document views, online payments
    # ------------------------------------------------------------------
    @staticmethod
    def _online(payment):
        """Whether ``payment`` was paid online (customer_zone_payment's demo
        adds online payments on account; account_payment may be absent)."""
        return bool(payment._fields.get("payment_transaction_id")) and bool(
            payment.payment_transaction_id
        )

    def _built(self):
        """When the demo was built (its portal users' creation): the demo is
        dated from then, whatever the day the tests run."""
        return self.env.ref("customer_zone.user_acme_demo").create_date

    def _months(self, dates):
        return {(date.year, date.month) for date in dates}

    def _accountant(self):
        return self.env.ref("base.user_admin")

    def test_a_year_of_logins_some_failed(self):
        built = self._built()
        Event = self.env["customer.zone.login.event"].with_user(self._accountant())
        for partner in self.zone_customers:
            with self.subTest(customer=partner.name):
                events = Event.search([("partner_id", "=", partner.id)])
                results = set(events.mapped("result"))
                self.assertTrue({"success", "wrong_password"} <= results, results)
                dates = events.mapped("create_date")
                self.assertGreaterEqual(len(self._months(dates)), 12)
                # kept: within a year, the company's default retention
                self.assertGreater(min(dates), built - relativedelta(days=365))
                self.assertLessEqual(max(dates), fields.Datetime.now())
                self.assertIn((built.year, built.month), self._months(dates))
        everyone = Event.search([])
        self.assertIn("link", everyone.filtered("success").mapped("method"))
        unknown = everyone.filtered(lambda e: e.result == "unknown_login")
        self.assertTrue(unknown)
        self.assertFalse(unknown.user_id)
        self.assertTrue(self.acme_buyer.customer_zone_first_login_on)

    def test_a_year_of_document_views_the_newest_invoice_not_yet(self):
        built = self._built()
        Event = self.env["customer.zone.view.event"].with_user(self._accountant())
        for partner in self.zone_customers:
            with self.subTest(customer=partner.name):
                events = Event.search([("partner_id", "=", partner.id)])
                self.assertTrue(
                    {"invoice", "statement"} <= set(events.mapped("target"))
                )
                self.assertEqual(set(events.mapped("kind")), {"page", "pdf"})
                self.assertEqual(set(events.mapped("access")), {"session", "link"})
                self.assertFalse(events.filtered(lambda e: e.access == "link").user_id)
                months = self._months(events.mapped("create_date"))
                self.assertGreaterEqual(len(months), 12)
                self.assertIn((built.year, built.month), months)
                # documents of the customer, named as the accountant knows them
                documents = events.filtered("res_id")
                moves = self.env["account.move"].browse(
                    documents.filtered(lambda e: e.res_model == "account.move").mapped(
                        "res_id"
                    )
                )
                self.assertEqual(moves.commercial_partner_id, partner)
                for event in documents[:10]:
                    record = self.env[event.res_model].browse(event.res_id)
                    self.assertEqual(event.document_name, record.display_name)
                # the newest invoice waits to be opened
                newest = self._moves(partner, "out_invoice").sorted(
                    lambda m: (m.invoice_date, m.id)
                )[-1:]
                self.assertNotIn(newest.id, moves.ids)
        targets = set(Event.search([]).mapped("target"))
        self.assertTrue({"credit_note", "outstanding", "quotation"} <= targets)
        self.assertFalse(Event.search([("partner_id", "=", self.delta.id)]))

    def test_a_year_of_online_payments_in_every_state(self):
        if "customer.zone.payment.report" not in self.env:
            self.skipTest("customer_zone_payment is not installed")
        Report = self.env["customer.zone.payment.report"].with_user(self._accountant())
        rows = Report.search([])
        self.assertTrue({"done", "error", "cancel"} <= set(rows.mapped("state")))
        done = rows.filtered(lambda r: r.state == "done")
        self.assertTrue(done.filtered("on_account"), "paid on account")
        self.assertGreaterEqual(len(self._months(done.mapped("date"))), 6)
        for row in done:
            payment = row.payment_id
            self.assertEqual(payment.state, "in_process" if row.on_account else "paid")
            self.assertEqual(payment.date, row.date.date())
            invoices = row.transaction_id.invoice_ids
            self.assertEqual(payment.reconciled_invoice_ids, invoices)
            self.assertFalse(sum(invoices.mapped("amount_residual")))
        self.assertFalse(rows.filtered(lambda r: r.state != "done").payment_id)
        # the dashboard's default filters (successful, this month in the
        # accountant's time zone) on the day the demo was built
        built = max(done.payment_id.mapped("create_date"))
        local = fields.Datetime.context_timestamp(self._accountant(), built)
        month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        start = fields.Datetime.to_datetime(
            month_start.astimezone(timezone.utc).replace(tzinfo=None)
        )
        domain = Domain("state", "=", "done") & Domain("date", ">=", start)
        self.assertGreaterEqual(Report.search_count(domain), 2)
