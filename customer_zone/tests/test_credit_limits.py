from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerZoneHttpCommon

History = "customer.zone.credit.limit.change"
Wizard = "customer.zone.credit.limit.wizard"


@tagged("post_install", "-at_install")
class TestCreditLimits(CustomerZoneHttpCommon):
    """Every change of a credit limit is in its history, with who and why;
    the suggested limit is the customer's invoicing; only accountants see
    either."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.account_use_credit_limit = True
        cls.company.customer_zone_credit_limit_factor = 2.0
        cls.accountant = new_test_user(
            cls.env,
            login="cz_credit_accountant",
            groups="account.group_account_invoice,base.group_partner_manager",
            company_id=cls.company.id,
        )
        cls.salesman = new_test_user(
            cls.env,
            login="cz_credit_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )

    def _history(self, partner=None):
        """The history of ``partner`` (Alpha), newest first."""
        return self.env[History].search(
            [("partner_id", "=", (partner or self.alpha).id)]
        )

    def _wizard(self, user=None, partner=None, **values):
        """The Change limit wizard opened from ``partner``'s form by ``user``."""
        partner = partner or self.alpha
        return (
            self.env[Wizard]
            .with_user(user or self.accountant)
            .with_context(active_model="res.partner", active_id=partner.id)
            .create(values)
        )

    # ------------------------------------------------------------------
    # history
    # ------------------------------------------------------------------
    def test_raise_then_lower_with_the_wizard(self):
        wizard = self._wizard()
        self.assertEqual(wizard.partner_id, self.alpha)
        self.assertEqual(wizard.current_limit, 0.0)
        self.assertEqual(wizard.new_limit, 0.0, "the current limit to start with")
        wizard.write({"new_limit": 1000, "reason": "Pays on time"})
        wizard.action_save()
        self.assertEqual(self.alpha.credit_limit, 1000.0)
        self.assertTrue(self.alpha.use_partner_credit_limit, "core uses it")

        lower = self._wizard(new_limit=400)
        self.assertEqual(lower.current_limit, 1000.0)
        self.assertTrue(lower.lowering)
        with self.assertRaises(UserError, msg="lowering needs a reason"):
            lower.action_save()
        self.assertEqual(len(self._history()), 1)
        lower.reason = "Two invoices overdue"
        lower.action_save()
        self.assertEqual(self.alpha.credit_limit, 400.0)

        history = self._history()
        self.assertEqual(
            [
                (c.old_limit, c.new_limit, c.user_id, c.reason, c.source, c.company_id)
                for c in history
            ],
            [
                (
                    1000,
                    400,
                    self.accountant,
                    "Two invoices overdue",
                    "wizard",
                    self.company,
                ),
                (0, 1000, self.accountant, "Pays on time", "wizard", self.company),
            ],
        )
        self.assertEqual(history.mapped("difference"), [-600, 1000])
        self.assertEqual(self.alpha.customer_zone_credit_limit_change_ids, history)
        self.assertEqual(
            self.alpha.customer_zone_credit_limit_change_ids[0].new_limit, 400
        )
        notes = self.alpha.message_ids.filtered(
            lambda message: "Credit limit" in (message.body or "")
        )
        self.assertEqual(len(notes), 2, "a log note per change")
        self.assertIn("Two invoices overdue", notes[0].body)
        # the history is read, never written by its readers
        with self.assertRaises(AccessError):
            history[0].with_user(self.accountant).write({"new_limit": 1})
        with self.assertRaises(AccessError):
            history[0].with_user(self.accountant).unlink()

    def test_the_same_value_records_nothing(self):
        self.alpha.write({"use_partner_credit_limit": True, "credit_limit": 800})
        self.assertEqual(len(self._history()), 1)
        self.alpha.write({"credit_limit": 800})
        self.alpha.with_user(self.accountant).write({"credit_limit": 800.0})
        self._wizard(reason="nothing new").action_save()
        self.assertEqual(len(self._history()), 1)
        # the contact's copy of the limit (commercial field) is no change
        self.assertEqual(self.alpha_buyer.credit_limit, 800.0)
        self.assertFalse(self._history(self.alpha_buyer))

    def test_the_form_records_without_reason(self):
        alpha = self.alpha.with_user(self.accountant)
        alpha.write({"use_partner_credit_limit": True, "credit_limit": 750})
        # unticking the partner's limit takes it back to the company's (0)
        alpha.write({"use_partner_credit_limit": False})
        self.assertEqual(self.alpha.credit_limit, 0.0)
        self.assertEqual(
            [
                (c.old_limit, c.new_limit, c.user_id, c.reason, c.source)
                for c in self._history()
            ],
            [
                (750, 0, self.accountant, False, "form"),
                (0, 750, self.accountant, False, "form"),
            ],
        )

    def test_a_customer_created_with_a_limit(self):
        gamma = self.env["res.partner"].create(
            {"name": "Gamma Credit Co", "is_company": True, "credit_limit": 300}
        )
        history = self._history(gamma)
        self.assertEqual(
            [(c.old_limit, c.new_limit) for c in history], [(0, 300)], "one row"
        )
        self.assertFalse(
            self._history(self.env["res.partner"].create({"name": "No limit Co"}))
        )

    def test_bad_limits_are_refused(self):
        self.alpha.write({"use_partner_credit_limit": True, "credit_limit": 500})
        for value in (-1, -0.01, 2e12, "lots", float("inf")):
            with self.subTest(value=value):
                with self.assertRaises(ValidationError) as caught:
                    self.alpha.with_user(self.accountant).write({"credit_limit": value})
                self.assertIn("credit limit", str(caught.exception))
        for value in (-5, 2e12):
            with self.subTest(wizard=value):
                with self.assertRaises(ValidationError):
                    self._wizard(new_limit=value, reason="typo")
                wizard = self._wizard(reason="typo")
                with self.assertRaises(ValidationError):
                    wizard.write({"new_limit": value})
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create({"name": "Minus Co", "credit_limit": -10})
        self.env.invalidate_all()
        self.assertEqual(self.alpha.credit_limit, 500.0, "unchanged")
        self.assertEqual(len(self._history()), 1, "only the first change")

    def test_another_company_has_its_own_limit_and_history(self):
        company_b = self.env["res.company"].create({"name": "Zone Credit Limits B"})
        self.accountant.company_ids = [Command.link(company_b.id)]
        self.alpha.write({"use_partner_credit_limit": True, "credit_limit": 500})
        self.alpha.with_company(company_b).write(
            {"use_partner_credit_limit": True, "credit_limit": 9000}
        )
        self.assertEqual(self.alpha.credit_limit, 500.0)
        rows = self._history()
        self.assertEqual(
            {c.company_id: c.new_limit for c in rows},
            {company_b: 9000, self.company: 500},
        )
        # the accountant sees the history of the companies it works in
        visible = (
            self.env[History]
            .with_user(self.accountant)
            .with_context(allowed_company_ids=self.company.ids)
            .search([("partner_id", "=", self.alpha.id)])
        )
        self.assertEqual(visible.new_limit, 500)

    # ------------------------------------------------------------------
    # suggested limit
    # ------------------------------------------------------------------
    def test_suggested_limit(self):
        today = fields.Date.today()
        self._invoice(self.alpha, 1000, today - relativedelta(days=10))
        self._invoice(self.alpha_buyer, 600, today - relativedelta(months=11))
        self._invoice(self.alpha, 400, today - relativedelta(months=2), "out_refund")
        # out of the 12 months, another customer's, or not posted
        self._invoice(self.alpha, 5000, today - relativedelta(months=13))
        self._invoice(self.beta, 7000, today)
        draft = self._invoice(self.alpha, 3000, today)
        draft.button_draft()
        # (1000 + 600 - 400) / 12 = 100 a month, x 2
        self.assertEqual(self.alpha.customer_zone_suggested_credit_limit, 200.0)
        self.assertEqual(self.alpha_buyer.customer_zone_suggested_credit_limit, 200.0)
        self.company.customer_zone_credit_limit_factor = 3.5
        self.env.invalidate_all()
        self.assertEqual(
            self.alpha.customer_zone_suggested_credit_limit, 400.0, "350 up"
        )
        # 1300 / 12 = 108.33 a month x 3.5 = 379.17: up to the next 100
        self._invoice(self.alpha, 100, today)
        self.env.invalidate_all()
        self.assertEqual(self.alpha.customer_zone_suggested_credit_limit, 400.0)
        self.assertEqual(self.beta.customer_zone_suggested_credit_limit, 2100.0)

        wizard = self._wizard()
        self.assertEqual(wizard.invoiced, 1300.0)
        self.assertEqual(wizard.suggested_limit, 400.0)
        self.assertIn("3.5", wizard.suggestion_note)
        self.assertIn("108.33", wizard.suggestion_note)
        wizard.action_apply_suggested()
        self.assertEqual(wizard.new_limit, 400.0)
        wizard.action_save()
        self.assertEqual(self.alpha.credit_limit, 400.0)
        self.assertEqual(self._history().new_limit, 400.0)

    def test_no_invoicing_suggests_nothing(self):
        self.assertEqual(self.beta.customer_zone_suggested_credit_limit, 0.0)
        self._invoice(self.beta, 100, fields.Date.today(), move_type="out_refund")
        self.env.invalidate_all()
        self.assertEqual(self.beta.customer_zone_suggested_credit_limit, 0.0)

    # ------------------------------------------------------------------
    # who may
    # ------------------------------------------------------------------
    def test_backend_access(self):
        self.alpha.write({"use_partner_credit_limit": True, "credit_limit": 500})
        rows = self.env[History].with_user(self.accountant).search([])
        self.assertIn(self.alpha, rows.partner_id)
        self.assertEqual(
            self.alpha.with_user(self.accountant).customer_zone_credit_limit_change_ids,
            self._history(),
        )
        alpha = self.alpha_buyer.with_user(self.accountant)
        action = alpha.action_customer_zone_credit_limit_history()
        self.assertEqual(action["res_model"], History)
        self.assertEqual(action["domain"], [("partner_id", "=", self.alpha.id)])
        action = alpha.action_customer_zone_change_credit_limit()
        self.assertEqual(action["res_model"], Wizard)
        self.assertEqual(action["context"], {"default_partner_id": self.alpha.id})
        with self.assertRaises(AccessError):
            self.alpha.with_user(
                self.salesman
            ).action_customer_zone_change_credit_limit()
        with self.assertRaises(AccessError):
            self.env[History].with_user(self.salesman).search([])
        # an auditor (accounting read-only) reads the history, changes nothing
        auditor = new_test_user(
            self.env, login="cz_credit_auditor", groups="account.group_account_readonly"
        )
        self.assertEqual(
            self.alpha.with_user(auditor).customer_zone_credit_limit_change_ids,
            self._history(),
        )
        with self.assertRaises(AccessError):
            self._wizard(user=auditor)
        with self.assertRaises(AccessError):
            self.alpha.with_user(auditor).write({"credit_limit": 1})
        with self.assertRaises(AccessError):
            self._wizard(user=self.salesman)
        with self.assertRaises(AccessError):
            self.alpha.with_user(self.salesman).read(
                ["customer_zone_available_balance"]
            )
        with self.assertRaises(AccessError):
            self.alpha.with_user(self.salesman).write({"credit_limit": 1})
        self.assertEqual(len(self._history()), 1)

    @mute_logger("odoo.http")
    def test_portal_users_read_nothing_of_credit_over_rpc(self):
        self.alpha.write({"use_partner_credit_limit": True, "credit_limit": 500})
        self.authenticate("cz_alpha", "cz_alpha")
        with self.assertRaises(JsonRpcException):
            self._call_kw(History, "search_read", [[]], {"fields": ["new_limit"]})
        for partner in (self.alpha, self.beta):
            for field in (
                "customer_zone_available_balance",
                "credit_limit",
                "customer_zone_credit_limit_change_ids",
                "customer_zone_suggested_credit_limit",
            ):
                with self.subTest(partner=partner.name, field=field):
                    with self.assertRaises(JsonRpcException):
                        self._call_kw("res.partner", "read", [[partner.id], [field]])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.partner",
                "search_read",
                [[("id", "=", self.alpha.id)]],
                {"fields": ["customer_zone_available_balance"]},
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(Wizard, "create", [{"partner_id": self.alpha.id}])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.partner", "write", [[self.alpha.id], {"credit_limit": 99999}]
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "res.partner",
                "action_customer_zone_change_credit_limit",
                [[self.alpha.id]],
            )
        self.env.invalidate_all()
        self.assertEqual(self.alpha.credit_limit, 500.0)
        self.assertEqual(len(self._history()), 1)
