from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerZoneCommon


@tagged("post_install", "-at_install")
class TestVisibility(CustomerZoneCommon):
    """Who sees what, enforced in the ORM (what JSON-RPC reaches too)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_a = cls._invoice(cls.alpha, 100, "2026-01-10")
        cls.refund_a = cls._invoice(cls.alpha, 10, "2026-01-12", "out_refund")
        cls.payment_a = cls._payment_on_account(cls.alpha, 30, "2026-01-15")
        cls.quote_sent_a = cls._quotation(cls.alpha, "sent")
        cls.quote_draft_a = cls._quotation(cls.alpha, "draft")
        cls.quote_published_a = cls._quotation(cls.alpha, "draft", published=True)
        cls.order_a = cls._quotation(cls.alpha_buyer, "sale")
        cls.invoice_b = cls._invoice(cls.beta, 200, "2026-01-10")
        cls.payment_b = cls._payment_on_account(cls.beta, 40, "2026-01-15")

    def _seen(self, user, model):
        return self.env[model].with_user(user).search([("id", "!=", 0)])

    def test_owner_and_contact_see_their_company_documents(self):
        for user in (self.user_alpha, self.user_alpha_buyer):
            moves = self._seen(user, "account.move")
            self.assertEqual(moves, self.invoice_a | self.refund_a)
            self.assertEqual(self._seen(user, "account.payment"), self.payment_a)
            self.assertEqual(
                self._seen(user, "sale.order"),
                self.quote_sent_a | self.quote_published_a | self.order_a,
            )
            self.invoice_a.with_user(user).check_access("read")

    def test_other_customer_documents_are_refused(self):
        with self.assertRaises(AccessError):
            self.invoice_b.with_user(self.user_alpha).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.payment_b.with_user(self.user_alpha).read(["amount"])
        self.assertNotIn(self.invoice_b, self._seen(self.user_alpha, "account.move"))

    def test_draft_quotation_hidden_until_published_or_sent(self):
        with self.assertRaises(AccessError):
            self.quote_draft_a.with_user(self.user_alpha).read(["name"])
        self.quote_draft_a.customer_zone_published = True
        self.quote_draft_a.with_user(self.user_alpha).read(["name"])

    def test_customer_blocked_sees_nothing_at_once(self):
        self.alpha.customer_zone_access = "blocked"
        self.assertFalse(self.alpha_buyer.customer_zone_enabled)
        for model in (
            "account.move",
            "account.move.line",
            "account.payment",
            "sale.order",
        ):
            self.assertFalse(self._seen(self.user_alpha, model), model)
            self.assertFalse(self._seen(self.user_alpha_buyer, model), model)
        with self.assertRaises(AccessError):
            self.invoice_a.with_user(self.user_alpha).read(["name"])
        # Beta is untouched, and switching Alpha back applies at once too
        self.assertEqual(self._seen(self.user_beta, "account.move"), self.invoice_b)
        self.alpha.customer_zone_access = "default"
        self.assertTrue(self._seen(self.user_alpha, "account.move"))

    def test_company_default_and_customer_override(self):
        self.company.customer_zone_default_access = False
        self.assertFalse(self._seen(self.user_alpha, "account.move"))
        self.alpha.customer_zone_access = "allowed"
        self.assertEqual(
            self._seen(self.user_alpha, "account.move"), self.invoice_a | self.refund_a
        )

    def test_rules_read_company_settings_by_subquery(self):
        """The zone's rules read the document's company through a sub-query,
        never a join: PostgreSQL plans an OR across a join ten times slower
        than the search runs, on every portal search."""
        for model in ("account.move", "account.payment", "sale.order"):
            query = self.env[model].with_user(self.user_alpha)._search([])
            sql = query.select().code
            self.assertIn('FROM "res_company"', sql, model)
            self.assertNotIn('JOIN "res_company"', sql, model)

    def test_invoices_mode_shows_invoices_only(self):
        self.company.customer_zone_mode = "invoices"
        self.assertEqual(self._seen(self.user_alpha, "account.move"), self.invoice_a)
        self.assertFalse(self._seen(self.user_alpha, "account.payment"))
        self.assertFalse(self._seen(self.user_alpha, "sale.order"))
        with self.assertRaises(AccessError):
            self.refund_a.with_user(self.user_alpha).read(["name"])

    def test_off_mode_shows_nothing(self):
        self.company.customer_zone_mode = "off"
        for model in ("account.move", "account.payment", "sale.order"):
            self.assertFalse(self._seen(self.user_alpha, model), model)

    def test_internal_users_are_unaffected(self):
        self.alpha.customer_zone_access = "blocked"
        self.company.customer_zone_mode = "off"
        accountant = self.env.ref("base.user_admin")
        moves = (
            self.env["account.move"]
            .with_user(accountant)
            .search([("partner_id", "=", self.alpha.id), ("move_type", "!=", "entry")])
        )
        self.assertEqual(moves, self.invoice_a | self.refund_a)

    def test_portal_users_cannot_write(self):
        with self.assertRaises(AccessError):
            self.payment_a.with_user(self.user_alpha).write({"amount": 1})
        with self.assertRaises(AccessError):
            self.invoice_a.with_user(self.user_alpha).write({"ref": "changed"})
        self.assertEqual(self.payment_a.amount, 30)
