from odoo import Command

from odoo.addons.customer_zone.tests.common import CustomerZoneHttpCommon


class CustomerZoneStockCommon(CustomerZoneHttpCommon):
    """The zone's fixtures, with goods in stock, a carrier with a tracking
    link, and deliveries made as the business makes them: a sales order with
    a delivery line, confirmed, its delivery shipped (or not yet)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Zone test chair",
                "type": "consu",
                "is_storable": True,
                "invoice_policy": "order",
                "list_price": 100.0,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.goods, cls.warehouse.lot_stock_id, 10_000
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Zone test parcel",
                "delivery_type": "fixed",
                "fixed_price": 15.0,
                "tracking_url": "https://track.example.com/?n=<shipmenttrackingnumber>",
                "product_id": cls.env["product.product"]
                .create({"name": "Zone test shipping", "type": "service"})
                .id,
            }
        )

    @classmethod
    def _order(cls, partner, charged=15.0, units=1, confirm=True):
        """A sales order of ``units`` goods, shipped by the test carrier at
        ``charged`` (untaxed), confirmed."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.goods.id,
                            "product_uom_qty": units,
                            "price_unit": 100.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.set_delivery_line(cls.carrier, charged)
        order.order_line.filtered("is_delivery").tax_ids = [Command.clear()]
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _delivery(cls, partner, charged=15.0, done=True, tracking="TRK-1", date=None):
        """The delivery of a new order of ``partner``, shipped when ``done``
        (on ``date``, a datetime, when given)."""
        order = cls._order(partner, charged)
        picking = cls._outgoing(order)
        if done:
            cls._ship(picking, tracking, date)
        return picking

    @classmethod
    def _outgoing(cls, order):
        return order.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        )

    @classmethod
    def _ship(cls, picking, tracking="TRK-1", date=None, quantity=None):
        """Ship ``picking``: all of it, or ``quantity`` of each move (the
        rest left for a backorder)."""
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty if quantity is None else quantity
        picking.move_ids.picked = True
        picking.carrier_tracking_ref = tracking
        picking.with_context(cancel_backorder=False)._action_done()
        if date:
            picking.date_done = date
        return picking
