from odoo import api, fields, models
from odoo.fields import Domain

# what the zone shows of a delivery: confirmed and on its way, or done (a
# draft may still change, a cancelled one never left)
ZONE_PICKING_STATES = ("waiting", "confirmed", "assigned", "done")
# who records the actual cost of a delivery: warehouse users, and invoicing
# users, who write transfers already (stock_account's access rights)
COST_GROUPS = "stock.group_stock_user,account.group_account_invoice"


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = [
        "customer.zone.document.mixin",
        "customer.zone.viewed.mixin",
        "stock.picking",
    ]

    customer_zone_governed = fields.Boolean(
        string="Customer delivery",
        compute="_compute_customer_zone_governed",
        search="_search_customer_zone_governed",
        help="A delivery to a customer, or a customer's return of one: the "
        "transfers the Customer Zone shows. Receipts, internal transfers and "
        "returns to suppliers of no sales order stay as Odoo has them; the "
        "other transfers of an order show to no customer.",
    )
    customer_zone_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    customer_zone_delivery_cost = fields.Monetary(
        string="Actual delivery cost",
        currency_field="customer_zone_currency_id",
        groups=COST_GROUPS,
        copy=False,
        tracking=True,
        help="What this delivery really cost the business (the carrier's "
        "invoice), whatever the customer was charged, in the company's "
        "currency.",
    )
    customer_zone_delivery_charged = fields.Monetary(
        string="Delivery charged",
        currency_field="customer_zone_currency_id",
        groups=COST_GROUPS,
        compute="_compute_customer_zone_delivery_charged",
        help="The delivery lines of the sales order, untaxed, in the "
        "company's currency, shared equally by the order's deliveries that "
        "are not cancelled (the first one takes the rounding).",
    )
    # Not stored: a stored field depending on the order's lines and on its
    # other transfers is recomputed inside sale_stock's own flows (a change
    # of an order's quantity), and changes them (sale_stock's test
    # test_return_with_mto_and_multisteps_old_pull fails). The report
    # computes the same shares in SQL (customer.zone.delivery.cost.report).

    # ------------------------------------------------------------------
    # the zone: which transfers, whose
    # ------------------------------------------------------------------
    @api.depends("picking_type_id.code", "return_id.picking_type_id.code")
    def _compute_customer_zone_governed(self):
        for picking in self:
            picking.customer_zone_governed = picking._customer_zone_is_delivery() or (
                picking.picking_type_code == "incoming"
                and picking.return_id.picking_type_code == "outgoing"
            )

    def _customer_zone_is_delivery(self):
        """An outgoing transfer that is no return to a supplier."""
        self.ensure_one()
        return (
            self.picking_type_code == "outgoing"
            and self.return_id.picking_type_code != "incoming"
        )

    def _search_customer_zone_governed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        receipts = (
            self.env["stock.picking.type"]
            .sudo()
            ._search(Domain("code", "=", "incoming"))
        )
        deliveries = (
            self.env["stock.picking.type"]
            .sudo()
            ._search(Domain("code", "=", "outgoing"))
        )
        returns_of = self.sudo().with_context(active_test=False)
        governed = (
            Domain("picking_type_id", "in", deliveries)
            & ~Domain(
                "return_id",
                "in",
                returns_of._search(Domain("picking_type_id", "in", receipts)),
            )
        ) | (
            Domain("picking_type_id", "in", receipts)
            & Domain(
                "return_id",
                "in",
                returns_of._search(Domain("picking_type_id", "in", deliveries)),
            )
        )
        return governed if (operator == "=") == value else ~governed

    @api.model
    def _customer_zone_left_to_core_domain(self):
        """Transfers the zone leaves as Odoo has them: no customer's delivery
        or return, and of no sales order (receipts, internal transfers,
        returns to suppliers). An order's pick and pack are the zone's, and
        hidden (``res.partner._customer_zone_document_domain``)."""
        return Domain("customer_zone_governed", "=", False) & Domain(
            "sale_id", "=", False
        )

    def _customer_zone_partner(self):
        """The customer of a delivery: its address's commercial partner (the
        order's customer when the address is missing)."""
        self.ensure_one()
        partner = self.partner_id or self.sale_id.partner_id
        return partner.commercial_partner_id

    @api.depends_context("uid")
    def _compute_customer_zone_visible(self):
        """A transfer without a customer is none of the zone's business: a
        customer's one it never shows, the others stay as core has them."""
        orphans = self.filtered(
            lambda picking: not picking.sudo()._customer_zone_partner()
        )
        left_to_core = orphans.sudo().filtered_domain(
            self._customer_zone_left_to_core_domain()
        )
        for picking in orphans:
            picking.customer_zone_visible = picking in left_to_core
        return super(StockPicking, self - orphans)._compute_customer_zone_visible()

    # ------------------------------------------------------------------
    # cost and charge
    # ------------------------------------------------------------------
    def _customer_zone_shares_charge(self):
        """Whether this picking takes a share of its order's delivery charge:
        a delivery of the order (no return) that is not cancelled."""
        self.ensure_one()
        return self._customer_zone_is_delivery() and self.state != "cancel"

    @api.depends(
        "state",
        "picking_type_id.code",
        "return_id",
        "sale_id.currency_rate",
        "sale_id.order_line.is_delivery",
        "sale_id.order_line.price_subtotal",
        "sale_id.picking_ids.state",
    )
    def _compute_customer_zone_delivery_charged(self):
        self.customer_zone_delivery_charged = 0.0
        for order, pickings in self.grouped("sale_id").items():
            if not order:
                continue
            sharing = order.picking_ids.filtered(
                lambda picking: picking._customer_zone_shares_charge()
            ).sorted("id")
            shares = self._customer_zone_charge_shares(order, sharing)
            for picking in pickings:
                picking.customer_zone_delivery_charged = shares.get(picking.id, 0.0)

    @api.model
    def _customer_zone_charge_shares(self, order, sharing):
        """``{picking id: its share}`` of ``order``'s delivery charge among
        ``sharing``: equal shares in the company's currency, the rounding on
        the first, so that the shares add up to the charge."""
        if not sharing:
            return {}
        lines = order.order_line.filtered("is_delivery")
        charged = sum(lines.mapped("price_subtotal"))
        # as sale's report converts an order's amounts
        if order.currency_rate:
            charged /= order.currency_rate
        currency = order.company_id.currency_id
        share = currency.round(charged / len(sharing))
        first = currency.round(charged - share * (len(sharing) - 1))
        return {
            picking.id: first if index == 0 else share
            for index, picking in enumerate(sharing)
        }
