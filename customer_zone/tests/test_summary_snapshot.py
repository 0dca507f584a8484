"""The account summary kept between visits (customer.zone.summary.snapshot):
a visit reads it while nothing it was computed from has changed, and the
ledger's figures as soon as anything has.

Each test shows that the page reads the kept row (a figure planted in it is
what the page shows), then makes one change and shows the page is back on
the ledger's figures."""

import re
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, tagged
from odoo.tools import SQL

from ..models.customer_zone_summary_snapshot import MAX_GENERATIONS
from .common import CustomerZoneHttpCommon

PLANTED = 123456.78
PLANTED_TEXT = "123,456.78"


@tagged("post_install", "-at_install")
class TestSummarySnapshot(CustomerZoneHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.today = today
        cls.invoice = cls._invoice(
            cls.alpha, 100, today - timedelta(days=40), due=today - timedelta(days=10)
        )
        cls._invoice(cls.alpha, 50, today - timedelta(days=2), due=today + timedelta(5))
        cls._invoice(cls.beta, 70, today, due=today)

    def setUp(self):
        super().setUp()
        self.authenticate("cz_alpha", "cz_alpha")

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _balance(self):
        # what the test wrote reaches the database (and its triggers), as
        # every request's writes do when it ends
        self.env.flush_all()
        page = self._get("/my/home")
        self.assertEqual(page.status_code, 200)
        found = re.search(
            r"o_customer_zone_balance\b[^>]*>(.*?)</div>", page.text, re.S
        ).group(1)
        return re.sub(r"[^\d.,-]", "", re.sub(r"<[^>]+>", "", found))

    def _kept(self, partner=None):
        return self.env["customer.zone.summary.snapshot"].search(
            [("partner_id", "=", (partner or self.alpha).id)]
        )

    def _plant(self, partner=None):
        """Plant a balance in the kept row (no tracked table changes): a page
        that shows it read the kept row."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE customer_zone_summary_snapshot
                      SET summary = jsonb_set(
                              summary, '{receivable}', to_jsonb(%s::numeric))
                    WHERE partner_id = %s""",
                PLANTED,
                (partner or self.alpha).id,
            )
        )
        self.env.invalidate_all()

    def _kept_and_planted(self):
        """Visit, so that the summary is kept; plant a figure; show that the
        next visit reads it."""
        self.assertEqual(self._balance(), "150.00", "the ledger's: 100 + 50")
        self.assertEqual(len(self._kept()), 1, "kept once the page answered")
        self._plant()
        # receivable 123,456.78 - no deposits
        self.assertEqual(self._balance(), PLANTED_TEXT, "read from the kept row")

    # ------------------------------------------------------------------
    # kept, and read
    # ------------------------------------------------------------------
    def test_a_visit_keeps_the_summary_and_the_next_reads_it(self):
        self._kept_and_planted()
        kept = self._kept()
        self.assertEqual(kept.company_id, self.company)
        self.assertLessEqual(kept.valid_from or self.today, self.today)
        self.assertGreaterEqual(kept.valid_to or self.today, self.today)

    def test_the_kept_page_is_the_live_page(self):
        """The page from the kept row is the page computed live, byte for
        byte (but for the CSRF token)."""
        live = self._get("/my/home").text
        kept = self._get("/my/home").text

        def strip(html):
            return re.sub(
                r'csrf_token[^>]*?value="[^"]*"|csrf_token: "[^"]*"', "", html
            )

        self.assertEqual(strip(kept), strip(live))
        self.assertTrue(self._kept())

    def test_each_user_reads_the_terms_in_their_language(self):
        """One kept row for the customer, each of its users reads the name
        of its payment terms in their own language."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.user_alpha_buyer.lang = "fr_FR"
        self.authenticate("cz_alpha_buyer", "cz_alpha_buyer")
        self.url_open("/my/home")  # (by way of /fr/my/home)
        self.env.cr.execute(
            SQL(
                """UPDATE customer_zone_summary_snapshot
                      SET summary = jsonb_set(summary, '{payment_term}', %s::jsonb)
                    WHERE partner_id = %s""",
                '{"en_US": "Planted terms", "fr_FR": "Conditions plantées"}',
                self.alpha.id,
            )
        )
        page = self.url_open("/my/home").text
        self.assertIn("Conditions plantées", page)
        self.assertNotIn("Planted terms", page)
        self.opener.cookies.clear()  # the language chosen on /fr/...
        self.authenticate("cz_alpha", "cz_alpha")
        page = self._get("/my/home").text
        self.assertIn("Planted terms", page)
        self.assertEqual(len(self._kept()), 1)

    def test_another_customer_reads_its_own(self):
        self._kept_and_planted()
        self.authenticate("cz_beta", "cz_beta")
        self.assertEqual(self._balance(), "70.00")
        self.assertEqual(len(self._kept(self.beta)), 1)

    def test_portal_users_cannot_read_kept_summaries(self):
        self._balance()
        with self.assertRaises(AccessError):
            self.env["customer.zone.summary.snapshot"].with_user(
                self.user_alpha
            ).search_read([])
        with self.assertRaises(JsonRpcException):
            self._call_kw("customer.zone.summary.snapshot", "search_read", [[]])

    # ------------------------------------------------------------------
    # what makes the kept summary stale
    # ------------------------------------------------------------------
    def test_a_new_invoice(self):
        self._kept_and_planted()
        self._invoice(self.alpha_buyer, 30, self.today)
        self.assertEqual(self._balance(), "180.00")

    def test_a_payment(self):
        self._kept_and_planted()
        self._register_payment(self.invoice, 40, self.today)
        self.assertEqual(self._balance(), "110.00")

    def test_an_invoice_reset_to_draft(self):
        self._kept_and_planted()
        self.invoice.button_draft()
        self.assertEqual(self._balance(), "50.00")

    def test_a_write_in_plain_sql(self):
        """As the big customer's generator writes: no ORM, the triggers see it."""
        self._kept_and_planted()
        self.env.cr.execute(
            SQL(
                """UPDATE account_move_line SET amount_residual = amount_residual - 1,
                          amount_residual_currency = amount_residual_currency - 1
                    WHERE move_id = %s AND date_maturity IS NOT NULL""",
                self.invoice.id,
            )
        )
        self.assertEqual(self._balance(), "149.00")

    def test_a_contact_moved_to_another_customer(self):
        self._invoice(self.alpha_buyer, 30, self.today)
        self.assertEqual(self._balance(), "180.00")
        self._plant()
        self.assertEqual(self._balance(), PLANTED_TEXT)
        self.alpha_buyer.parent_id = self.beta
        # the invoice's journal items are still Alpha's (a journal item is
        # the commercial partner's of its posting): the ledger's figure, no
        # longer the kept one
        self.assertEqual(self._balance(), "180.00")

    def test_a_credit_limit(self):
        self._kept_and_planted()
        self.company.account_use_credit_limit = True
        self.alpha.write({"credit_limit": 1000.0, "use_partner_credit_limit": True})
        self.assertEqual(self._balance(), "150.00")

    def test_the_default_credit_limit(self):
        """A customer without a limit of its own has the company's default
        (an ir.default, not the customer's row)."""
        self.company.account_use_credit_limit = True
        self._kept_and_planted()
        self.env["ir.default"].set(
            "res.partner", "credit_limit", 500.0, company_id=self.company.id
        )
        self.assertEqual(self._balance(), "150.00")

    def test_an_order_billed_to_the_customer(self):
        """An order placed by another partner and billed to the customer
        counts in its credit: a change of its lines is the customer's."""
        self.company.customer_zone_credit_include_orders = True
        order = self.env["sale.order"].create(
            {
                "partner_id": self.beta.id,
                "partner_invoice_id": self.alpha_buyer.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "price_unit": 9})
                ],
            }
        )
        order.action_confirm()
        self._kept_and_planted()
        order.order_line.price_unit = 11
        self.assertEqual(self._balance(), "150.00")

    def test_generations_started_over(self):
        """The prune starts the generations over once they pile up: every
        kept summary is then stale."""
        self._kept_and_planted()
        self.env.cr.execute(
            SQL(
                "INSERT INTO customer_zone_summary_generation (source)"
                " SELECT 'test' FROM generate_series(1, %s)",
                MAX_GENERATIONS + 1,
            )
        )
        self._balance()  # kept again, with these generations
        self._plant()
        self.assertEqual(self._balance(), PLANTED_TEXT)
        self.env["customer.zone.summary.snapshot"]._cron_prune()
        self.env.cr.execute("SELECT COUNT(*) FROM customer_zone_summary_generation")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertEqual(self._balance(), "150.00")

    def test_the_companys_settings(self):
        self._kept_and_planted()
        self.company.customer_zone_credit_include_orders = (
            not self.company.customer_zone_credit_include_orders
        )
        self.assertEqual(self._balance(), "150.00")

    def test_a_receivable_account(self):
        self._kept_and_planted()
        account = self.invoice.line_ids.account_id.filtered(
            lambda account: account.account_type == "asset_receivable"
        )
        # a statement that sets the accounts' type counts, whatever the value
        self.env.cr.execute(
            "UPDATE account_account SET account_type = account_type WHERE id = %s",
            [account.id],
        )
        self.assertEqual(self._balance(), "150.00")

    def test_a_kept_summary_of_other_pages_is_not_read(self):
        """The kept row is the summary of the pages the zone showed."""
        self._kept_and_planted()
        # the mode changed, and the company's last write did not: only the
        # pages tell the two summaries apart
        self.env.cr.execute(
            "UPDATE res_company SET customer_zone_mode = 'invoices' WHERE id = %s",
            [self.company.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self._balance(), "150.00")

    # ------------------------------------------------------------------
    # the date
    # ------------------------------------------------------------------
    def test_the_row_holds_until_the_next_due_date(self):
        """Kept on a day, the summary holds until an open item falls due:
        the invoice due in 5 days makes the 6th day another summary."""
        self._balance()
        kept = self._kept()
        self.assertEqual(kept.valid_to, self.today + timedelta(days=5))
        self.assertEqual(kept.valid_from, self.today - timedelta(days=9))
        Snapshot = self.env["customer.zone.summary.snapshot"]
        zone = self.user_alpha._customer_zone_state()
        variant = kept.variant
        for day, fresh in ((0, True), (5, True), (6, False), (-9, True), (-10, False)):
            with self.subTest(day=day):
                row = Snapshot._customer_zone_fresh(
                    zone, self.today + timedelta(days=day), variant
                )
                self.assertEqual(row is not None, fresh)

    # ------------------------------------------------------------------
    # a page that fails keeps nothing
    # ------------------------------------------------------------------
    def test_nothing_kept_for_a_page_not_shown(self):
        self.company.customer_zone_mode = "off"
        page = self._get("/my/home")
        self.assertEqual(page.status_code, 200)
        self.assertFalse(self._kept())
