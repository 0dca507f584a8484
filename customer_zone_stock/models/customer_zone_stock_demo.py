"""Demo deliveries of the Customer Zone demo customers, dated relative to
the day the database is created (``demo/customer_zone_stock_demo.xml``)."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

# units in stock before the demo deliveries
DEMO_STOCK = {
    "product_office_chair_demo": 20,
    "product_desk_lamp_demo": 10,
    "product_toner_demo": 8,
    "product_standing_desk_demo": 0,
}
# (customer, months ago, {product: units}, delivery charged, tracking
# reference or None, done, actual cost recorded or None)
DEMO_DELIVERIES = (
    (
        "customer_zone.partner_acme_demo",
        2,
        {"product_office_chair_demo": 3, "product_desk_lamp_demo": 2},
        25.0,
        "SWP-100231",
        True,
        22.0,
    ),
    # free to the customer, and yet it cost the business
    (
        "customer_zone.partner_acme_demo",
        1,
        {"product_toner_demo": 5},
        0.0,
        "SWP-100584",
        True,
        18.5,
    ),
    (
        "customer_zone.partner_acme_demo",
        0,
        {"product_desk_lamp_demo": 2},
        15.0,
        "SWP-100917",
        True,
        None,
    ),
    # on its way: confirmed, not shipped yet
    (
        "customer_zone.partner_acme_demo",
        0,
        {"product_office_chair_demo": 1},
        15.0,
        None,
        False,
        None,
    ),
    (
        "customer_zone.partner_cedar_demo",
        1,
        {"product_office_chair_demo": 2},
        15.0,
        "SWP-100602",
        True,
        14.0,
    ),
)


class CustomerZoneStockDemo(models.AbstractModel):
    _name = "customer.zone.stock.demo"
    _description = "Customer Zone: demo deliveries"

    @api.model
    def _build_demo_deliveries(self):
        self._demo_stock()
        carrier = self.env.ref("customer_zone_stock.carrier_swift_demo")
        for customer, months, units, charged, tracking, done, cost in DEMO_DELIVERIES:
            picking = self._demo_delivery(
                self.env.ref(customer), units, carrier, charged
            )
            if done:
                self._demo_ship(picking, tracking, months)
            if cost is not None:
                picking.customer_zone_delivery_cost = cost
        self._demo_publish_in_catalog()

    def _demo_product(self, xmlid):
        return self.env.ref(f"customer_zone_stock.{xmlid}")

    def _demo_stock(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        Quant = self.env["stock.quant"]
        for xmlid, units in DEMO_STOCK.items():
            if units:
                Quant._update_available_quantity(
                    self._demo_product(xmlid), warehouse.lot_stock_id, units
                )

    def _demo_delivery(self, customer, units, carrier, charged):
        """A confirmed order of ``units`` for ``customer`` shipped by
        ``carrier`` (its delivery line at ``charged``): its delivery."""
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self._demo_product(xmlid).id,
                            "product_uom_qty": quantity,
                        }
                    )
                    for xmlid, quantity in units.items()
                ],
            }
        )
        order.set_delivery_line(carrier, charged)
        order.action_confirm()
        return order.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        )[:1]

    def _demo_ship(self, picking, tracking, months):
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.carrier_tracking_ref = tracking
        picking._action_done()
        moment = fields.Datetime.now() - relativedelta(months=months)
        if months:
            moment = moment.replace(day=10)
        picking.write({"date_done": moment, "scheduled_date": moment})

    def _demo_publish_in_catalog(self):
        """The goods in the zone's catalog, where the catalog exists."""
        Template = self.env["product.template"]
        if "customer_zone_catalog" not in Template._fields:
            return
        for xmlid in DEMO_STOCK:
            self._demo_product(xmlid).product_tmpl_id.customer_zone_catalog = True
