from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CustomerZoneStockCommon


@tagged("post_install", "-at_install")
class TestDeliveryCost(CustomerZoneStockCommon):
    """What a delivery was charged (the order's delivery lines, shared by
    its deliveries), what it cost (recorded by the business), and the report
    of both per customer and month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="cz_stock_accountant",
            groups="account.group_account_invoice",
        )
        cls.storekeeper = new_test_user(
            cls.env, login="cz_stock_keeper", groups="stock.group_stock_user"
        )

    def _report(self, partner):
        """{month: (deliveries, free, charged, cost, difference)} of
        ``partner`` in the report."""
        rows = self.env["customer.zone.delivery.cost.report"].search(
            [("partner_id", "=", partner.id)]
        )
        return {
            row.month: (
                row.delivery_count,
                row.free_count,
                row.charged,
                row.cost,
                row.difference,
            )
            for row in rows
        }

    def test_charge_of_one_delivery(self):
        picking = self._delivery(self.alpha, charged=25.0)
        self.assertEqual(picking.customer_zone_delivery_charged, 25.0)
        free = self._delivery(self.alpha, charged=0.0)
        self.assertEqual(free.customer_zone_delivery_charged, 0.0)

    def test_charge_shared_by_an_order_deliveries(self):
        """A backorder shares the charge: equal parts, the first taking the
        rounding; a cancelled backorder gives its part back."""
        order = self._order(self.alpha, charged=10.0, units=3)
        first = self._outgoing(order)
        self._ship(first, quantity=1)
        backorder = self._outgoing(order) - first
        self.assertEqual(len(backorder), 1)
        self.assertEqual(first.customer_zone_delivery_charged, 5.0)
        self.assertEqual(backorder.customer_zone_delivery_charged, 5.0)
        order.order_line.filtered("is_delivery").price_unit = 10.01
        shares = (
            first.customer_zone_delivery_charged,
            backorder.customer_zone_delivery_charged,
        )
        self.assertEqual(sorted(shares), [5.0, 5.01], "the cent on one of them")
        self.assertAlmostEqual(sum(shares), 10.01, places=6)
        backorder.action_cancel()
        self.assertEqual(first.customer_zone_delivery_charged, 10.01)
        self.assertEqual(backorder.customer_zone_delivery_charged, 0.0)

    def test_report_per_customer_and_month(self):
        march = datetime(2026, 3, 10, 12, 0)
        april = datetime(2026, 4, 20, 12, 0)
        first = self._delivery(self.alpha, charged=25.0, date=march)
        free = self._delivery(self.alpha, charged=0.0, date=march)
        contact = self._delivery(self.alpha_buyer, charged=15.0, date=april)
        other = self._delivery(self.beta, charged=15.0, date=april)
        self._delivery(self.alpha, charged=40.0, done=False)  # not shipped
        first.customer_zone_delivery_cost = 22.0
        free.customer_zone_delivery_cost = 18.5
        contact.customer_zone_delivery_cost = 20.0
        other.customer_zone_delivery_cost = 9.0
        self.env.flush_all()
        self.assertEqual(
            self._report(self.alpha),
            {
                date(2026, 3, 1): (2, 1, 25.0, 40.5, -15.5),
                date(2026, 4, 1): (1, 0, 15.0, 20.0, -5.0),
            },
        )
        self.assertEqual(
            self._report(self.beta), {date(2026, 4, 1): (1, 0, 15.0, 9.0, 6.0)}
        )

    def test_report_counts_deliveries_without_address(self):
        """A delivery without a partner is its order's customer's; one of no
        order and no partner is still counted, under no customer (the attack
        review: the report dropped them)."""
        june = datetime(2031, 6, 10, 12, 0)
        picking = self._delivery(self.alpha_buyer, charged=25.0, date=june)
        picking.partner_id = False
        picking.customer_zone_delivery_cost = 20.0
        out_type = self.warehouse.out_type_id
        loose = self.env["stock.picking"].create(
            {
                "picking_type_id": out_type.id,
                "location_id": out_type.default_location_src_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_uom_qty": 1,
                            "location_id": out_type.default_location_src_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                ],
            }
        )
        loose.action_confirm()
        self._ship(loose, date=june)
        loose.customer_zone_delivery_cost = 7.0
        self.env.flush_all()
        self.assertEqual(
            self._report(self.alpha), {date(2031, 6, 1): (1, 0, 25.0, 20.0, 5.0)}
        )
        rows = self.env["customer.zone.delivery.cost.report"].search(
            [("partner_id", "=", False), ("month", "=", date(2031, 6, 1))]
        )
        self.assertEqual((rows.delivery_count, rows.free_count, rows.cost), (1, 1, 7.0))

    def test_report_month_in_the_user_timezone(self):
        """Shipped at 23:30 UTC on 31 March: April in Brussels (UTC+2)."""
        self._delivery(self.beta, charged=5.0, date=datetime(2026, 3, 31, 23, 30))
        self.env.flush_all()
        Report = self.env["customer.zone.delivery.cost.report"]
        for tz, month in (
            ("UTC", date(2026, 3, 1)),
            ("Europe/Brussels", date(2026, 4, 1)),
        ):
            with self.subTest(tz=tz):
                Report.invalidate_model()  # the same row id in either zone
                rows = Report.with_context(tz=tz).search(
                    [("partner_id", "=", self.beta.id)]
                )
                self.assertEqual(rows.mapped("month"), [month])

    def test_report_shares_are_the_deliveries_shares(self):
        """The report's SQL shares an order's charge as the deliveries do."""
        order = self._order(self.beta, charged=10.01, units=3)
        first = self._outgoing(order)
        self._ship(first, quantity=1, date=datetime(2026, 5, 3, 9, 0))
        backorder = self._outgoing(order) - first
        self._ship(backorder, date=datetime(2026, 6, 3, 9, 0))
        self.env.flush_all()
        report = self._report(self.beta)
        self.assertEqual(
            report[date(2026, 5, 1)][2], first.customer_zone_delivery_charged
        )
        self.assertEqual(
            report[date(2026, 6, 1)][2], backorder.customer_zone_delivery_charged
        )
        self.assertAlmostEqual(
            report[date(2026, 5, 1)][2] + report[date(2026, 6, 1)][2], 10.01
        )

    def test_report_in_pivot_totals(self):
        self._delivery(self.alpha, charged=25.0).customer_zone_delivery_cost = 30.0
        self._delivery(self.beta, charged=5.0).customer_zone_delivery_cost = 1.0
        self.env.flush_all()
        [totals] = (
            self.env["customer.zone.delivery.cost.report"]
            .with_user(self.accountant)
            ._read_group(
                [("partner_id", "in", (self.alpha | self.beta).ids)],
                [],
                ["cost:sum", "charged:sum", "difference:sum", "delivery_count:sum"],
            )
        )
        self.assertEqual(totals, (31.0, 30.0, -1.0, 2))

    def test_accountant_and_storekeeper_record_the_cost(self):
        picking = self._delivery(self.alpha, charged=0.0)
        picking.with_user(self.accountant).customer_zone_delivery_cost = 12.5
        self.assertEqual(picking.customer_zone_delivery_cost, 12.5)
        picking.with_user(self.storekeeper).write(
            {"customer_zone_delivery_cost": 7.0, "note": "Fragile"}
        )
        self.assertEqual(picking.customer_zone_delivery_cost, 7.0)

    def test_cost_report_is_for_the_business(self):
        portal = self.user_alpha
        with self.assertRaises(AccessError):
            self.env["customer.zone.delivery.cost.report"].with_user(portal).search([])
        picking = self._delivery(self.alpha)
        with self.assertRaises(AccessError):
            picking.with_user(portal).read(["customer_zone_delivery_charged"])
