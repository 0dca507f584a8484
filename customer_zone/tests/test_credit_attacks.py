"""Regression tests of the attack review of the credit block (issue 13).

Each test replays one attack that once worked, as the attacker made it (a
salesman's or a portal user's JSON-RPC call, a tampered request), and asserts
what the user gets (the error and its text, the HTTP status) and what the
books say (the order's state, the history rows, the overrides).
"""

import json

from odoo.exceptions import UserError
from odoo.tests import JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .credit_common import CustomerZoneCreditCommon
from .test_portal_access import SIGNATURE

HISTORY = "customer.zone.credit.limit.change"
OVERRIDE = "customer.zone.credit.override"
OVERRIDE_WIZARD = "customer.zone.credit.override.wizard"


@tagged("post_install", "-at_install")
class TestCreditAttacks(CustomerZoneCreditCommon):
    """Alpha: limit 1,000, 600 open, 400 available, blocked over it. Beta:
    no limit (never checked) unless a test gives it one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.sales_manager
        cls.billing = new_test_user(
            cls.env,
            login="cz_atk_billing",
            password="cz_atk_billing",
            groups="base.group_user,base.group_partner_manager,"
            "account.group_account_invoice",
            company_id=cls.company.id,
        )

    def _assert_quotation(self, order):
        """Still a quotation, unsigned."""
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")
        self.assertFalse(order.signature)
        self.assertFalse(order.signed_by)

    # ------------------------------------------------------------------
    # 1. a salesman confirms a blocked order over JSON-RPC
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_salesman_writes_the_state(self):
        order = self._order(self.alpha, 5000.0)
        self.assertTrue(order.customer_zone_credit_blocked)
        self.authenticate("cz_salesman", "cz_salesman")
        name, message = self._rpc_error(
            "sale.order", "write", [[order.id], {"state": "sale"}]
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self.assertIn("Alpha Zone Test Co's available balance", message)
        self.assertIn(f"{self._money(4600)} short", message)
        # the key action_confirm hands write() is no key over JSON
        name, _message = self._rpc_error(
            "sale.order",
            "write",
            [[order.id], {"state": "sale"}],
            {"context": {"customer_zone_credit_checked": [order.id]}},
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self._assert_quotation(order)
        self.assertFalse(order.locked)

    @mute_logger("odoo.http")
    def test_salesman_writes_the_amounts_the_check_reads(self):
        order = self._order(self.alpha, 5000.0)
        self.authenticate("cz_salesman", "cz_salesman")
        for field, value in (
            ("amount_total", 1.0),
            ("amount_untaxed", 1.0),
            ("amount_tax", -4999.0),
            ("currency_rate", 1e6),
        ):
            with self.subTest(field=field):
                name, message = self._rpc_error(
                    "sale.order", "write", [[order.id], {field: value}]
                )
                self.assertEqual(name, "odoo.exceptions.UserError")
                self.assertEqual(
                    message, "An order's totals are computed from its lines."
                )
        name, _message = self._rpc_error("sale.order", "action_confirm", [[order.id]])
        self.assertEqual(name, "odoo.exceptions.UserError")
        self._assert_quotation(order)
        self.assertEqual(order.amount_total, 5000.0)
        self.assertEqual(order.currency_rate, 1.0)

    @mute_logger("odoo.http")
    def test_salesman_bills_another_customer_and_back(self):
        """Billed to Beta (no limit) the quotation is Beta's to pay, and may
        be confirmed; billing the confirmed order back to Alpha would move
        5,000 to Alpha's balance unchecked: refused."""
        order = self._order(self.alpha, 5000.0)
        self.authenticate("cz_salesman", "cz_salesman")
        self._call_kw(
            "sale.order", "write", [[order.id], {"partner_invoice_id": self.beta.id}]
        )
        self._call_kw("sale.order", "action_confirm", [[order.id]])
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        name, message = self._rpc_error(
            "sale.order", "write", [[order.id], {"partner_invoice_id": self.alpha.id}]
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self.assertEqual(
            message, "Only a manager bills a confirmed order to another customer."
        )
        order.invalidate_recordset()
        self.assertEqual(order.partner_invoice_id, self.beta)
        figures = self.alpha._customer_zone_credit_figures(self.company)[self.alpha.id]
        self.assertAlmostEqual(figures.orders, 0.0, msg="not on Alpha's balance")
        self.assertAlmostEqual(figures.available, 400.0)

    @mute_logger("odoo.http")
    def test_context_keys_confirm_nothing(self):
        order = self._order(self.alpha, 5000.0)
        # a manager's override of another order of Alpha's
        other = self._order(self.alpha, 500.0)
        self.env[OVERRIDE_WIZARD].with_user(self.manager).create(
            {"order_id": other.id, "reason": "Agreed"}
        ).action_confirm_override()
        override = self.env[OVERRIDE].search([("order_id", "=", other.id)])
        self.authenticate("cz_salesman", "cz_salesman")
        for context in (
            {"customer_zone_credit_override_ids": [1, 2, 3]},
            {"customer_zone_credit_override_ids": override.ids},
            {"customer_zone_credit_override_ids": "all"},
            {"customer_zone_credit_checked": [order.id]},
            {"bypass_risk": True, "customer_zone_credit_recording": True},
        ):
            with self.subTest(context=context):
                name, _message = self._rpc_error(
                    "sale.order", "action_confirm", [[order.id]], {"context": context}
                )
                self.assertEqual(name, "odoo.exceptions.UserError")
        self._assert_quotation(order)
        self.assertEqual(self.env[OVERRIDE].search([]), override)

    # ------------------------------------------------------------------
    # B. a manager's override serves one confirmation
    # ------------------------------------------------------------------
    def _override(self, order, reason):
        wizard = (
            self.env[OVERRIDE_WIZARD]
            .with_user(self.manager)
            .create({"order_id": order.id, "reason": reason})
        )
        wizard.action_confirm_override()
        return self.env[OVERRIDE].search([("order_id", "=", order.id)], limit=1)

    def test_an_override_serves_once(self):
        order = self._order(self.alpha, 500.0)
        first = self._override(order, "Pays on Friday")
        self.assertEqual(order.state, "sale")
        self.assertTrue(first.used)
        self.assertEqual(first.user_id, self.manager)
        # cancelled, reset to quotation: confirming again asks a new override
        order.with_user(self.manager)._action_cancel()
        order.with_user(self.manager).action_draft()
        self.assertEqual(order.state, "draft")
        as_manager = order.with_user(self.manager).with_context(
            customer_zone_credit_override_ids=first.ids
        )
        with self.assertRaises(UserError) as refusal:
            as_manager.action_confirm()
        self.assertIn("ask a manager to confirm it", str(refusal.exception))
        with self.assertRaises(UserError):
            as_manager.write({"state": "sale"})
        self.assertEqual(order.state, "draft")
        self.assertEqual(
            self.env[OVERRIDE].search([("order_id", "=", order.id)]), first
        )
        # the wizard records a second override, with its reason
        second = self._override(order, "Paid a deposit by cheque")
        self.assertEqual(order.state, "sale")
        overrides = self.env[OVERRIDE].search([("order_id", "=", order.id)])
        self.assertEqual(len(overrides), 2)
        self.assertEqual(second.reason, "Paid a deposit by cheque")
        self.assertTrue(all(overrides.mapped("used")))

    def test_an_override_of_another_manager_or_order_is_no_override(self):
        order = self._order(self.alpha, 500.0)
        other = self._order(self.alpha, 450.0)
        unused = (
            self.env[OVERRIDE]
            .sudo()
            .create(
                {
                    "order_id": other.id,
                    "partner_id": self.alpha.id,
                    "company_id": self.company.id,
                    "user_id": self.manager.id,
                    "amount": 450.0,
                    "shortfall": 50.0,
                    "reason": "For the other order",
                }
            )
        )
        another_manager = new_test_user(
            self.env,
            login="cz_atk_manager_2",
            groups="account.group_account_manager,sales_team.group_sale_salesman",
            company_id=self.company.id,
        )
        for user in (self.manager, another_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    order.with_user(user).with_context(
                        customer_zone_credit_override_ids=unused.ids
                    ).action_confirm()
                self.assertEqual(order.state, "sent")
        self.assertFalse(unused.used)

    # ------------------------------------------------------------------
    # 3. another customer's balance on a quotation page and in a refusal
    # ------------------------------------------------------------------
    def _billed_to_beta(self):
        """Alpha's quotation billed to Beta, whose limit of 100 has 30 left."""
        self.beta.with_company(self.company).credit_limit = 100.0
        self._invoice(self.beta, 70.0, self.today)
        order = self._order(self.alpha, 500.0)
        order.partner_invoice_id = self.beta
        self.assertTrue(order.customer_zone_credit_blocked)
        self.assertAlmostEqual(order.customer_zone_available_balance, 30.0)
        return order

    def test_no_balance_of_the_customer_billed_for_alpha(self):
        order = self._billed_to_beta()
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("This order cannot be accepted online yet.", page)
        self.assertNotIn("o_customer_zone_credit_available", page)
        self.assertNotIn(self._money(30), page)
        self.assertNotIn("470.00", page)
        result = self._accept(order)
        self.assertEqual(
            result,
            {
                "error": "This order cannot be accepted online: please contact "
                "Sam Seller (sam@seller.test, +32 2 555 01 01)."
            },
        )
        self._assert_quotation(order)

    def test_no_balance_for_a_link_holder(self):
        order = self._order(self.alpha, 500.0)
        self.authenticate(None, None)
        url = f"/my/orders/{order.id}?access_token={order.access_token}"
        page = self.url_open(url).text
        self.assertIn("This order cannot be accepted online yet.", page)
        self.assertNotIn("o_customer_zone_credit_available", page)
        self.assertNotIn(self._money(400), page)
        result = self._accept(order, access_token=order.access_token)
        self.assertEqual(
            result,
            {
                "error": "This order cannot be accepted online: please contact "
                "Sam Seller (sam@seller.test, +32 2 555 01 01)."
            },
        )
        self._assert_quotation(order)
        # the customer's own user reads its figures
        self.authenticate("cz_alpha", "cz_alpha")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("o_customer_zone_credit_available", page)
        self.assertIn(f"{self._money(100)} short", self._accept(order)["error"])

    # ------------------------------------------------------------------
    # 5. the limit history cannot be skipped nor forged by a context
    # ------------------------------------------------------------------
    def _history(self):
        return self.env[HISTORY].search([("partner_id", "=", self.alpha.id)])

    def test_limit_history_cannot_be_skipped(self):
        before = self._history()
        self.authenticate("cz_atk_billing", "cz_atk_billing")
        self._call_kw(
            "res.partner",
            "write",
            [[self.alpha.id], {"credit_limit": 999999.0}],
            {
                "context": {
                    "customer_zone_credit_limit_recording": True,
                    "allowed_company_ids": [self.company.id],
                }
            },
        )
        self.env.invalidate_all()
        self.assertEqual(self.alpha.with_company(self.company).credit_limit, 999999.0)
        row = self._history() - before
        self.assertEqual(len(row), 1, "the change is in the history")
        self.assertEqual((row.old_limit, row.new_limit), (1000.0, 999999.0))
        self.assertEqual(row.user_id, self.billing)

    def test_bad_source_or_reason_is_ignored(self):
        self.authenticate("cz_atk_billing", "cz_atk_billing")
        limit = 1000.0
        for source, reason in (
            ("suggested", "Approved by the CFO"),
            (["wizard"], ["x"]),
            ({"a": 1}, {"a": 1}),
            (5, 5),
            (None, ""),
        ):
            with self.subTest(source=source):
                limit += 100.0
                before = self._history()
                self._call_kw(
                    "res.partner",
                    "write",
                    [[self.alpha.id], {"credit_limit": limit}],
                    {
                        "context": {
                            "customer_zone_credit_limit_source": source,
                            "customer_zone_credit_limit_reason": reason,
                        }
                    },
                )
                row = self._history() - before
                self.assertEqual(len(row), 1)
                self.assertEqual(row.source, "form")
                self.assertEqual(
                    row.reason,
                    reason if isinstance(reason, str) and reason else False,
                )
                self.assertEqual(row.new_limit, limit)

    # ------------------------------------------------------------------
    # 6. the statement report's ids from the context
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_statement_report_context_ids(self):
        url = "/report/html/customer_zone.report_statement?context="
        self.authenticate("cz_atk_billing", "cz_atk_billing")
        for bad in (
            '{"active_ids": "abc"}',
            '{"active_ids": 5}',
            '{"active_ids": [[1]]}',
            '{"active_ids": [true]}',
        ):
            with self.subTest(context=bad):
                response = self.url_open(url + bad)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("Alpha Zone Test Co", response.text)
        beta = json.dumps({"active_ids": [self.beta.id]})
        response = self.url_open(url + beta)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Beta Zone Test Co", response.text)
        # neither a customer nor a salesman prints another's statement
        for login in ("cz_alpha", "cz_salesman"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(url + beta)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn("Beta Zone Test Co", response.text)

    # ------------------------------------------------------------------
    # what held: portal users over JSON-RPC, odd acceptances
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_portal_user_reads_and_calls_nothing_of_credit(self):
        self.beta.customer_zone_apply_credits = True
        order = self._order(self.alpha, 100.0)
        self.authenticate("cz_alpha", "cz_alpha")
        for field in (
            "customer_zone_apply_credits",
            "customer_zone_statement_monthly",
            "customer_zone_prepaid",
            "customer_zone_credit_policy",
            "credit_limit",
            "customer_zone_available_balance",
        ):
            with self.subTest(field=field):
                with self.assertRaises(JsonRpcException):
                    self._call_kw("res.partner", "read", [[self.beta.id], [field]])
        for field in ("customer_zone_apply_credits", "customer_zone_statement_monthly"):
            with self.subTest(write=field):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(
                        "res.partner", "write", [[self.alpha.id], {field: True}]
                    )
        for field in (
            "customer_zone_credit_message",
            "customer_zone_available_balance",
            "customer_zone_credit_override_ids",
        ):
            with self.subTest(order_field=field):
                with self.assertRaises(JsonRpcException):
                    self._call_kw("sale.order", "read", [[order.id], [field]])
        for model in (
            OVERRIDE,
            HISTORY,
            "customer.zone.statement.mailing",
            "customer.zone.partner.trend",
        ):
            with self.subTest(model=model):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(model, "search_read", [[]], {"fields": ["id"]})
        for model, method, ids in (
            ("res.partner", "action_customer_zone_send_statement", [self.beta.id]),
            ("res.partner", "action_customer_zone_notes", [self.beta.id]),
            ("res.partner", "action_customer_zone_trends", [self.beta.id]),
            (
                "res.partner",
                "action_customer_zone_credit_limit_history",
                [self.beta.id],
            ),
            ("sale.order", "action_confirm", [order.id]),
        ):
            with self.subTest(method=method):
                with self.assertRaises(JsonRpcException):
                    self._call_kw(model, method, [ids])
        # the override button's method only opens the wizard, which a
        # portal user cannot create (nor confirm)
        action = self._call_kw(
            "sale.order", "action_customer_zone_credit_override", [[order.id]]
        )
        self.assertEqual(action["res_model"], OVERRIDE_WIZARD)
        with self.assertRaises(JsonRpcException):
            self._call_kw(OVERRIDE_WIZARD, "create", [{"order_id": order.id}])
        self.env.invalidate_all()
        self.assertFalse(self.alpha.customer_zone_apply_credits)
        self.assertFalse(self.alpha.customer_zone_statement_monthly)
        self.assertEqual(order.state, "sent")

    @mute_logger("odoo.http")
    def test_odd_acceptances_change_nothing(self):
        order = self._order(self.alpha, 5000.0)
        self.authenticate("cz_alpha", "cz_alpha")
        for params in (
            {"access_token": [1]},
            {"access_token": {"a": 1}},
            {"name": ["x"]},
            {"signature": "notbase64!!"},
            {"signature": 5},
        ):
            with self.subTest(params=params):
                response = self.url_open(
                    f"/my/orders/{order.id}/accept",
                    json={
                        "id": 0,
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {"name": "x", "signature": SIGNATURE, **params},
                    },
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("error", response.json().get("result") or response.json())
        self._assert_quotation(order)
        within = self._order(self.alpha, 100.0)
        for login in ("cz_beta", None):
            self.authenticate(login, login)
            for token in ([1], {"a": 1}, 5, "x" * 5000):
                with self.subTest(login=login, token=str(token)[:8]):
                    response = self.url_open(
                        f"/my/orders/{within.id}/accept",
                        json={
                            "id": 0,
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "access_token": token,
                                "name": "x",
                                "signature": SIGNATURE,
                            },
                        },
                    )
                    self.assertEqual(response.status_code, 200)
                    self.assertIn(
                        "error", response.json().get("result") or response.json()
                    )
        self._assert_quotation(within)
