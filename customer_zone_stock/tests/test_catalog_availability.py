from odoo.tests import tagged

from .common import CustomerZoneStockCommon


@tagged("post_install", "-at_install")
class TestCatalogAvailability(CustomerZoneStockCommon):
    """The catalog's availability labels, from the warehouse's free
    quantities, in one grouped query for all the products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        location = cls.warehouse.lot_stock_id
        cls.plenty, cls.few, cls.none, cls.reserved = (
            Product.create({"name": name, "type": "consu", "is_storable": True})
            for name in ("Plenty", "Few", "None", "Reserved")
        )
        cls.service = Product.create({"name": "Service", "type": "service"})
        cls.untracked = Product.create({"name": "Untracked", "type": "consu"})
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.plenty, location, 50)
        Quant._update_available_quantity(cls.few, location, 3)
        Quant._update_available_quantity(cls.reserved, location, 8)
        # 6 of the 8 reserved for a customer's delivery: 2 free
        order = cls._order(cls.alpha, units=0)
        order.order_line.filtered(lambda line: not line.is_delivery).write(
            {"product_id": cls.reserved.id, "product_uom_qty": 6}
        )
        cls._outgoing(order).action_assign()
        cls.products = (
            cls.plenty | cls.few | cls.none | cls.reserved | cls.service | cls.untracked
        )

    def test_labels(self):
        labels = self.products._customer_zone_catalog_availability(self.company)
        self.assertEqual(
            labels,
            {
                self.plenty.id: "In stock",
                self.few.id: "Only 3 left",
                self.none.id: "Out of stock",
                self.reserved.id: "Only 2 left",
            },
        )

    def test_another_company_stock_does_not_count(self):
        other = self.env["res.company"].create({"name": "Zone other warehouse co"})
        labels = self.products._customer_zone_catalog_availability(other)
        self.assertEqual(labels[self.plenty.id], "Out of stock")

    def test_one_query_whatever_the_products(self):
        self.products._customer_zone_catalog_availability(self.company)  # warm up
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            self.products._customer_zone_catalog_availability(self.company)
        many = self.products | self.env["product.product"].create(
            [
                {"name": f"More {index}", "type": "consu", "is_storable": True}
                for index in range(20)
            ]
        )
        self.env.invalidate_all()
        with self.assertQueryCount(4):
            labels = many._customer_zone_catalog_availability(self.company)
        self.assertEqual(len(labels), 24)
