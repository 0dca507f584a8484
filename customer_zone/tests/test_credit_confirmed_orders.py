"""Regression tests of the second attack review of the credit block (issue
13): confirmed orders. A blocked order reaches 'sale' only through a check
(or a manager's override), whatever the path: a cancelled order written to
'sale', a confirmation and a change in one write, an order created or copied
confirmed; a confirmed order is not grown or moved to another customer past
its balance; products invoiced on delivery take their share of the balance.
Legitimate flows (form saves, duplicates, down payments, cancel and reset,
two companies) still work."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .credit_common import CustomerZoneCreditCommon


@tagged("post_install", "-at_install")
class TestCreditConfirmedOrders(CustomerZoneCreditCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env,
            login="cz_confirmed_billing",
            groups="base.group_user,account.group_account_invoice,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=cls.company.id,
        )

    def _line(self, amount):
        return Command.create(
            {
                "product_id": self.product.id,
                "product_uom_qty": 1,
                "price_unit": amount,
                "tax_ids": [Command.clear()],
            }
        )

    def _available(self):
        self.env.invalidate_all()
        return self.alpha._customer_zone_credit_figures(self.company)[
            self.alpha.id
        ].available

    # ------------------------------------------------------------------
    # findings
    # ------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_a_cancelled_order_is_not_written_to_sale(self):
        order = self._order(self.alpha, 5000.0)
        self.assertTrue(order.customer_zone_credit_blocked)
        self.authenticate("cz_salesman", "cz_salesman")
        self.assertTrue(self._rpc("sale.order", "action_cancel", [[order.id]])[0])
        ok, _res = self._rpc("sale.order", "write", [[order.id], {"state": "sale"}])
        order.invalidate_recordset()
        self.assertFalse(ok, "a cancelled blocked order written to 'sale'")
        self.assertEqual(order.state, "cancel")

    @mute_logger("odoo.http")
    def test_confirmed_and_billed_to_another_in_one_write(self):
        order = self._order(self.beta, 5000.0)  # Beta: no limit, never checked
        self.authenticate("cz_salesman", "cz_salesman")
        ok, _res = self._rpc(
            "sale.order",
            "write",
            [[order.id], {"state": "sale", "partner_invoice_id": self.alpha.id}],
        )
        order.invalidate_recordset()
        self.assertFalse(ok, "confirmed and billed to Alpha in one write")
        self.assertEqual(order.state, "sent")
        self.assertAlmostEqual(self._available(), 400.0)

    @mute_logger("odoo.http")
    def test_confirmed_and_grown_in_one_write(self):
        order = self._order(self.alpha, 100.0)  # within Alpha's 400
        self.authenticate("cz_salesman", "cz_salesman")
        ok, _res = self._rpc(
            "sale.order",
            "write",
            [[order.id], {"state": "sale", "order_line": [self._line(5000.0)]}],
        )
        order.invalidate_recordset()
        self.assertFalse(ok, "confirmed with 5,000 more in one write")
        self.assertEqual(order.state, "sent")
        self.assertAlmostEqual(self._available(), 400.0)

    @mute_logger("odoo.http")
    def test_a_confirmed_order_is_not_moved_to_another_customer(self):
        order = self._order(self.beta, 5000.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.authenticate("cz_salesman", "cz_salesman")
        ok, _res = self._rpc(
            "sale.order", "write", [[order.id], {"partner_id": self.alpha.id}]
        )
        order.invalidate_recordset()
        self.assertFalse(
            ok,
            f"confirmed order moved to Alpha (billed {order.partner_invoice_id.name},"
            f" Alpha's available {self._available()})",
        )
        self.assertEqual(order.partner_invoice_id, self.beta)

    @mute_logger("odoo.http")
    def test_a_confirmed_order_is_not_grown_past_the_balance(self):
        order = self._order(self.alpha, 100.0)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")
        self.authenticate("cz_salesman", "cz_salesman")
        ok, _res = self._rpc(
            "sale.order",
            "write",
            [[order.id], {"order_line": [self._line(5000.0)]}],
        )
        order.invalidate_recordset()
        self.assertFalse(
            ok, f"5,000 added after confirmation: available {self._available()}"
        )

    def test_a_confirmed_orders_line_is_not_grown_through_another_order(self):
        """A line of a confirmed order, updated or moved through the write of
        another order (a quotation of Beta's), is checked as its own."""
        confirmed = self._order(self.alpha, 100.0)
        confirmed.with_user(self.salesman).action_confirm()
        line = confirmed.order_line
        quotation = self._order(self.beta, 10.0)
        self.authenticate("cz_salesman", "cz_salesman")
        ok, _res = self._rpc(
            "sale.order",
            "write",
            [
                [quotation.id],
                {"order_line": [Command.update(line.id, {"price_unit": 5000.0})]},
            ],
        )
        self.assertFalse(ok, "a confirmed order's line grown through a quotation")
        moved = quotation.order_line
        ok, _res = self._rpc(
            "sale.order.line",
            "write",
            [moved.ids, {"order_id": confirmed.id, "price_unit": 5000.0}],
        )
        self.assertFalse(ok, "a line of 5,000 moved into a confirmed order")
        confirmed.invalidate_recordset()
        self.assertAlmostEqual(confirmed.amount_total, 100.0)

    def test_a_manager_grows_a_confirmed_order_and_it_is_recorded(self):
        """A manager may change a confirmed order past the balance: it is an
        override like a confirmation's, recorded with a note on the order."""
        order = self._order(self.alpha, 100.0)
        order.with_user(self.salesman).action_confirm()
        order.with_user(self.sales_manager).write({"order_line": [self._line(5000.0)]})
        self.assertEqual(order.state, "sale")
        self.assertAlmostEqual(order.amount_total, 5100.0)
        override = self.env["customer.zone.credit.override"].search(
            [("order_id", "=", order.id)]
        )
        self.assertEqual(len(override), 1)
        self.assertEqual(override.user_id, self.sales_manager)
        self.assertEqual(override.reason, "Confirmed order changed by a manager")
        self.assertTrue(override.used)
        self.assertAlmostEqual(override.available_balance, 400.0 - 5100.0)
        self.assertAlmostEqual(override.shortfall, 4700.0)
        self.assertIn(
            "Changed after confirmation by Mia Manager",
            order.message_ids[:1].body,
        )

    # ------------------------------------------------------------------
    # legitimate flows that must keep working
    # ------------------------------------------------------------------
    def test_legitimate_flows_still_work(self):
        Order = (
            self.env["sale.order"].with_user(self.salesman).with_company(self.company)
        )
        # backend form: a new quotation, edited, saved, confirmed, edited again
        with Form(Order) as form:
            form.partner_id = self.alpha
            with form.order_line.new() as line:
                line.product_id = self.product
                line.price_unit = 100.0
                line.tax_ids.clear()
        order = form.record
        with Form(order) as form:
            with form.order_line.edit(0) as line:
                line.product_uom_qty = 2
        self.assertEqual(order.amount_total, 200.0)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        with Form(order) as form:
            form.client_order_ref = "PO 12"
        order.partner_invoice_id = self.alpha_buyer
        # duplicate
        copy = order.copy()
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.amount_total, 200.0)
        # down payment then invoice (accountant)
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_user(self.billing)
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 50})
        )
        wizard.create_invoices()
        self.assertEqual(len(order.invoice_ids), 1)
        order.invoice_ids.with_user(self.billing).action_post()
        invoice = order.with_user(self.billing)._create_invoices(final=True)
        self.assertTrue(invoice)
        # cancel / reset of a quotation
        copy.action_cancel()
        copy.action_draft()
        self.assertEqual(copy.state, "draft")
        copy.action_confirm()  # 200 within 400 - 200 (first order) = 200
        self.assertEqual(copy.state, "sale")

    def test_legitimate_flows_in_two_companies(self):
        company2 = self.env["res.company"].create({"name": "CZ atk2 second"})
        user = new_test_user(
            self.env,
            login="cz_atk2_mc",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | company2).ids)],
        )
        first = self._order(self.alpha, 100.0)
        first.user_id = user
        second = (
            self.env["sale.order"]
            .with_company(company2)
            .create(
                {
                    "partner_id": self.alpha.id,
                    "company_id": company2.id,
                    "user_id": user.id,
                    "order_line": [self._line(5000.0)],
                }
            )
        )
        both = (
            (first | second)
            .with_user(user)
            .with_context(allowed_company_ids=[self.company.id, company2.id])
        )
        both.action_confirm()
        self.assertEqual(set(both.mapped("state")), {"sale"})

    def test_products_invoiced_on_delivery_take_their_share(self):
        product = self.env["product.product"].create(
            {
                "name": "Delivered service",
                "type": "service",
                "invoice_policy": "delivery",
            }
        )
        orders = self.env["sale.order"]
        for _i in range(2):
            order = self._order(self.alpha, 300.0)
            order.order_line.product_id = product
            order.order_line.price_unit = 300.0
            order.order_line.tax_ids = [Command.clear()]
            orders |= order
        orders[0].with_user(self.salesman).action_confirm()
        self.assertAlmostEqual(self._available(), 100.0, msg="the first order counts")
        with self.assertRaises(UserError):
            orders[1].with_user(self.salesman).action_confirm()

    def test_products_invoiced_on_delivery_once_delivered_and_invoiced(self):
        """Half delivered and invoiced: the other half still counts."""
        product = self.env["product.product"].create(
            {
                "name": "Delivered service 2",
                "type": "service",
                "invoice_policy": "delivery",
            }
        )
        order = self._order(self.alpha, 100.0)
        order.order_line.write(
            {"product_id": product.id, "product_uom_qty": 2, "price_unit": 100.0}
        )
        order.order_line.tax_ids = [Command.clear()]
        order.action_confirm()
        self.assertAlmostEqual(self._available(), 200.0)
        order.order_line.qty_delivered = 1
        self.assertAlmostEqual(self._available(), 200.0)
        order._create_invoices().action_post()
        # 600 + 100 receivable, 100 to deliver: 1000 - 700 - 100
        self.assertAlmostEqual(self._available(), 200.0)

    @mute_logger("odoo.http")
    def test_an_order_created_confirmed_is_checked(self):
        self.authenticate("cz_salesman", "cz_salesman")
        ok, res = self._rpc(
            "sale.order",
            "create",
            [
                {
                    "partner_id": self.alpha.id,
                    "user_id": self.salesman.id,
                    "state": "sale",
                    "order_line": [self._line(5000.0)],
                }
            ],
        )
        created = self.env["sale.order"].search(
            [("partner_id", "=", self.alpha.id), ("state", "=", "sale")]
        )
        self.assertFalse(
            ok and created, f"created confirmed: available {self._available()}"
        )

    @mute_logger("odoo.http")
    def test_an_order_copied_confirmed_is_checked(self):
        order = self._order(self.alpha, 5000.0)
        self.authenticate("cz_salesman", "cz_salesman")
        ok, res = self._rpc(
            "sale.order", "copy", [[order.id]], {"default": {"state": "sale"}}
        )
        created = self.env["sale.order"].search(
            [("partner_id", "=", self.alpha.id), ("state", "=", "sale")]
        )
        self.assertFalse(
            ok and created, f"copied confirmed: available {self._available()}"
        )

    @mute_logger("odoo.http")
    def test_private_methods_are_not_callable(self):
        order = self._order(self.alpha, 5000.0)
        self.authenticate("cz_salesman", "cz_salesman")
        for method in (
            "_action_confirm",
            "_validate_order",
            "_customer_zone_credit_lock",
            "_customer_zone_credit_overrides",
        ):
            ok, name = self._rpc("sale.order", method, [[order.id]])
            self.assertFalse(ok, method)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sent")

    @mute_logger("odoo.http")
    def test_a_confirmed_orders_currency_is_not_moved_past_the_balance(self):
        order = self._order(self.alpha, 300.0)
        order.with_user(self.salesman).action_confirm()
        self.assertAlmostEqual(self._available(), 100.0)
        self.authenticate("cz_salesman", "cz_salesman")
        ok, res = self._rpc(
            "sale.order", "write", [[order.id], {"currency_id": self.other_currency.id}]
        )
        order.invalidate_recordset()
        self.assertFalse(
            ok,
            f"currency moved: {order.currency_id.name} {order.amount_total} rate "
            f"{order.currency_rate}; Alpha's available {self._available()}",
        )
        self.assertIn("below its available balance", res)

    @mute_logger("odoo.http")
    def test_a_confirmed_foreign_orders_date_is_not_moved_past_the_balance(self):
        self.env["res.currency.rate"].create(
            {
                "name": "1990-01-01",
                "rate": 0.1,
                "currency_id": self.other_currency.id,
                "company_id": self.company.id,
            }
        )
        order = self._order(self.alpha, 150.0, currency=self.other_currency)
        order.with_user(self.salesman).action_confirm()
        self.assertAlmostEqual(self._available(), 100.0)
        self.authenticate("cz_salesman", "cz_salesman")
        ok, res = self._rpc(
            "sale.order", "write", [[order.id], {"date_order": "1995-06-01 10:00:00"}]
        )
        order.invalidate_recordset()
        self.assertFalse(
            ok,
            f"date moved: {order.amount_total} rate {order.currency_rate}; "
            f"Alpha's available {self._available()}",
        )
        self.assertIn("below its available balance", res)

    @mute_logger("odoo.http")
    def test_more_delivered_than_ordered_is_checked(self):
        product = self.env["product.product"].create(
            {
                "name": "Delivered svc atk3",
                "type": "service",
                "invoice_policy": "delivery",
            }
        )
        order = self._order(self.alpha, 100.0)
        order.order_line.product_id = product
        order.order_line.write({"price_unit": 100.0, "tax_ids": [Command.clear()]})
        order.with_user(self.salesman).action_confirm()
        self.assertAlmostEqual(self._available(), 300.0)
        self.authenticate("cz_salesman", "cz_salesman")
        ok, res = self._rpc(
            "sale.order.line", "write", [order.order_line.ids, {"qty_delivered": 1}]
        )
        self.assertTrue(ok, f"a delivery within the order refused: {res}")
        self.assertAlmostEqual(self._available(), 300.0)
        ok, res = self._rpc(
            "sale.order.line", "write", [order.order_line.ids, {"qty_delivered": 50}]
        )
        self.assertFalse(
            ok, f"delivered 50 of 1: Alpha's available {self._available()}"
        )
        self.assertIn("below its available balance", res)
        self.assertIn("ask a manager", res)

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_a_line_created_with_an_odd_order_id_changes_nothing(self):
        order = self._order(self.alpha, 100.0)
        order.with_user(self.salesman).action_confirm()
        self.authenticate("cz_salesman", "cz_salesman")
        results = []
        for value in (str(order.id), [order.id, "x"], {"id": order.id}):
            ok, res = self._rpc(
                "sale.order.line",
                "create",
                [
                    {
                        "order_id": value,
                        "product_id": self.product.id,
                        "product_uom_qty": 1,
                        "price_unit": 5000.0,
                        "tax_ids": [],
                    }
                ],
            )
            results.append((value, ok, str(res)[:200]))
        order.invalidate_recordset()
        self.env.invalidate_all()
        self.assertAlmostEqual(
            self._available(),
            300.0,
            msg=f"{results}; lines {order.order_line.mapped('price_unit')}",
        )

    def test_a_down_payment_counts_with_its_taxes(self):
        tax = self.env["account.tax"].create(
            {
                "name": "atk3 50%",
                "amount": 50.0,
                "type_tax_use": "sale",
                "company_id": self.company.id,
            }
        )
        order = self._order(self.alpha, 200.0)
        order.order_line.tax_ids = tax
        self.assertAlmostEqual(order.amount_total, 300.0)
        order.action_confirm()
        self.assertAlmostEqual(self._available(), 100.0)
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": 50})
        )
        wizard.create_invoices()
        invoice = order.invoice_ids
        invoice.action_post()
        self.assertAlmostEqual(invoice.amount_total, 150.0)
        self._register_payment(invoice, 150.0, self.today)
        # owed: 300 ordered - 150 paid; available 400 - 150 = 250
        self.assertAlmostEqual(self._available(), 250.0)
