from odoo import Command
from odoo.tests import tagged

from .common import CustomerZoneCommon


@tagged("post_install", "-at_install")
class TestStatement(CustomerZoneCommon):
    """The statement's figures equal the ledger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls._date
        cls.inv1 = cls._invoice(cls.alpha, 1000, d("2026-01-05"), due=d("2026-02-04"))
        cls.inv2 = cls._invoice(cls.alpha, 500, d("2026-02-10"), due=d("2026-03-12"))
        cls._register_payment(cls.inv1, 400, d("2026-02-20"))  # partial
        cls.refund = cls._invoice(cls.alpha, 120, d("2026-03-01"), "out_refund")
        cls._register_payment(cls.refund, 120, d("2026-03-05"))  # paid back: a refund
        cls.credit = cls._invoice(cls.alpha, 80, d("2026-03-10"), "out_refund")
        cls._payment_on_account(cls.alpha, 50, d("2026-03-15"))
        cls.inv_eur = cls._invoice(
            cls.alpha, 300, d("2026-02-01"), currency=cls.other_currency
        )
        cls._register_payment(cls.inv_eur, 100, d("2026-03-20"))
        cls.inv_beta = cls._invoice(cls.beta, 999, d("2026-02-01"))

    def _statements(self, date_from, date_to, partner=None):
        return {
            s["currency"]: s
            for s in self.env["customer.zone.statement"]._get_statements(
                partner or self.alpha, self._date(date_from), self._date(date_to)
            )
        }

    def _ledger(self, date_to, currency, partner=None):
        lines = self.env["account.move.line"].search(
            [
                ("partner_id", "=", (partner or self.alpha).id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("date", "<=", date_to),
                ("currency_id", "=", currency.id),
            ]
        )
        return sum(lines.mapped("amount_currency"))

    def test_closing_balance_equals_ledger_per_currency(self):
        statements = self._statements("2026-01-01", "2026-03-31")
        self.assertEqual(set(statements), {self.currency, self.other_currency})
        main = statements[self.currency]
        # 1000 + 500 - 400 - 120 + 120 - 80 - 50
        self.assertAlmostEqual(main["closing"], 970.0)
        self.assertAlmostEqual(
            main["closing"], self._ledger("2026-03-31", self.currency)
        )
        self.assertAlmostEqual(main["opening"], 0.0)
        other = statements[self.other_currency]
        self.assertAlmostEqual(other["closing"], 200.0)
        self.assertAlmostEqual(
            other["closing"], self._ledger("2026-03-31", self.other_currency)
        )

    def test_running_balance_and_kinds(self):
        main = self._statements("2026-01-01", "2026-03-31")[self.currency]
        running = main["opening"]
        for line in main["lines"]:
            running += line["amount"]
            self.assertAlmostEqual(line["balance"], running)
        self.assertAlmostEqual(main["lines"][-1]["balance"], main["closing"])
        kinds = [line["kind"] for line in main["lines"]]
        self.assertEqual(
            kinds,
            [
                "Invoice",
                "Invoice",
                "Payment",
                "Credit note",
                "Refund",
                "Credit note",
                "Payment",
            ],
        )
        dates = [line["date"] for line in main["lines"]]
        self.assertEqual(dates, sorted(dates))

    def test_consecutive_periods_chain(self):
        first = self._statements("2026-01-01", "2026-02-14")[self.currency]
        second = self._statements("2026-02-15", "2026-03-31")[self.currency]
        self.assertAlmostEqual(first["closing"], 1500.0)
        self.assertAlmostEqual(second["opening"], first["closing"])
        self.assertAlmostEqual(second["closing"], 970.0)
        self.assertAlmostEqual(
            first["closing"], self._ledger("2026-02-14", self.currency)
        )

    def test_aging_adds_up_and_ignores_later_payments(self):
        # at 2026-02-14 nothing was paid yet: inv1 is 10 days overdue, inv2 current
        early = self._statements("2026-01-01", "2026-02-14")[self.currency]["aging"]
        self.assertAlmostEqual(early["1_30"], 1000.0)
        self.assertAlmostEqual(early["current"], 500.0)
        self.assertAlmostEqual(sum(early.values()), 1500.0)
        late = self._statements("2026-01-01", "2026-05-15")[self.currency]
        aging = late["aging"]
        self.assertAlmostEqual(sum(aging.values()), late["closing"])
        # inv1's 600 left is 100 days overdue; inv2's 500 is 64 days overdue
        self.assertAlmostEqual(aging["over_90"], 600.0)
        self.assertAlmostEqual(aging["61_90"], 500.0 - 80.0 - 50.0)

    def test_other_customer_lines_never_appear(self):
        statements = self._statements("2026-01-01", "2026-03-31")
        names = {line["move_name"] for s in statements.values() for line in s["lines"]}
        self.assertNotIn(self.inv_beta.name, names)
        beta = self._statements("2026-01-01", "2026-03-31", self.beta)[self.currency]
        self.assertAlmostEqual(beta["closing"], 999.0)

    def test_contact_invoices_count_for_the_company(self):
        self._invoice(self.alpha_buyer, 25, self._date("2026-03-30"))
        main = self._statements("2026-01-01", "2026-03-31")[self.currency]
        self.assertAlmostEqual(main["closing"], 995.0)

    def test_printed_report(self):
        # Odoo's test mode renders reports as HTML (wkhtmltopdf would call back
        # into the server, which the test's cursor blocks): assert that HTML.
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_zone.action_report_statement",
                self.alpha.ids,
                data={"date_from": "2026-01-01", "date_to": "2026-03-31"},
            )[0]
            .decode()
        )
        self.assertIn("Statement of account", html)
        self.assertIn("970.00", html)
        self.assertIn("200.00", html, "the second currency's closing balance")
        self.assertNotIn(self.inv_beta.name, html)

    def test_internal_reference_of_a_miscellaneous_entry_stays_internal(self):
        receivable = self.inv1.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).account_id
        journal = self.env["account.journal"].search(
            [("type", "=", "general"), ("company_id", "=", self.company.id)], limit=1
        )
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": "2026-03-25",
                "ref": "Write-off: customer is slow, do not chase",
                "line_ids": [
                    Command.create(
                        {"account_id": receivable.id, "partner_id": self.alpha.id,
                         "credit": 5.0}
                    ),
                    Command.create(
                        {"account_id": self.inv1.invoice_line_ids.account_id.id,
                         "debit": 5.0}
                    ),
                ],
            }
        )  # fmt: skip
        entry.action_post()
        main = self._statements("2026-03-01", "2026-03-31")[self.currency]
        line = next(line for line in main["lines"] if line["move_id"] == entry.id)
        self.assertFalse(line["ref"])
        self.assertAlmostEqual(line["amount"], -5.0)
