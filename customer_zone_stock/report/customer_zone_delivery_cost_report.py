from odoo import fields, models
from odoo.tools import SQL


class CustomerZoneDeliveryCostReport(models.Model):
    """Delivery cost against what was charged, per customer and month: the
    deliveries done (returns excluded), their actual cost as recorded on the
    delivery, their share of the order's delivery lines (untaxed, in the
    company's currency: ``stock.picking.customer_zone_delivery_charged``)."""

    _name = "customer.zone.delivery.cost.report"
    _description = "Customer Zone: delivery cost vs charged"
    _auto = False
    _order = "month desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    month = fields.Date(readonly=True, help="The first day of the month shipped.")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    delivery_count = fields.Integer(string="Deliveries", readonly=True)
    free_count = fields.Integer(
        string="Free deliveries",
        readonly=True,
        help="Deliveries the customer was charged nothing for.",
    )
    costed_count = fields.Integer(
        string="Deliveries costed",
        readonly=True,
        help="Deliveries whose actual cost was recorded.",
    )
    cost = fields.Monetary(string="Actual cost", readonly=True)
    charged = fields.Monetary(readonly=True)
    difference = fields.Monetary(
        string="Charged minus cost",
        readonly=True,
        help="Negative: the deliveries cost more than the customers paid for them.",
    )

    @property
    def _table_query(self):
        """One row per customer (commercial partner), month and company of
        the deliveries done. A delivery's charge is its equal share of its
        order's delivery lines (untaxed, converted as sale's report does),
        among the order's deliveries not cancelled, the first (by id) taking
        the rounding: ``stock.picking._customer_zone_charge_shares`` in SQL.
        A delivery without an address is its order's customer's (no
        customer's when it has no order either: still counted); the month is
        the one of the user's timezone, as Odoo groups dates by month."""
        return SQL(
            """
            WITH delivery AS (
                SELECT picking.id, picking.sale_id, picking.state,
                       picking.date_done, picking.partner_id, picking.company_id,
                       picking.customer_zone_delivery_cost AS cost
                  FROM stock_picking AS picking
                  JOIN stock_picking_type AS type
                    ON type.id = picking.picking_type_id
             LEFT JOIN stock_picking AS returned
                    ON returned.id = picking.return_id
             LEFT JOIN stock_picking_type AS returned_type
                    ON returned_type.id = returned.picking_type_id
                 WHERE type.code = 'outgoing'
                   AND returned_type.code IS DISTINCT FROM 'incoming'
            ), sharing AS (
                SELECT id, sale_id,
                       COUNT(*) OVER (PARTITION BY sale_id) AS parts,
                       ROW_NUMBER() OVER (PARTITION BY sale_id ORDER BY id) AS part
                  FROM delivery
                 WHERE sale_id IS NOT NULL AND state != 'cancel'
            ), order_charge AS (
                SELECT sale.id AS sale_id, currency.decimal_places AS places,
                       SUM(line.price_subtotal)
                       / COALESCE(NULLIF(sale.currency_rate, 0), 1) AS total
                  FROM sale_order AS sale
                  JOIN sale_order_line AS line
                    ON line.order_id = sale.id AND line.is_delivery
                  JOIN res_company AS company ON company.id = sale.company_id
                  JOIN res_currency AS currency ON currency.id = company.currency_id
                 WHERE sale.id IN (SELECT sale_id FROM sharing)
              GROUP BY sale.id, sale.currency_rate, currency.decimal_places
            ), charged AS (
                SELECT sharing.id,
                       CASE WHEN sharing.part = 1
                            THEN ROUND(
                                charge.total
                                - ROUND(charge.total / sharing.parts, charge.places)
                                  * (sharing.parts - 1),
                                charge.places)
                            ELSE ROUND(charge.total / sharing.parts, charge.places)
                       END AS amount
                  FROM sharing
                  JOIN order_charge AS charge ON charge.sale_id = sharing.sale_id
            )
            SELECT MIN(delivery.id) AS id,
                   COALESCE(partner.commercial_partner_id,
                            customer.commercial_partner_id) AS partner_id,
                   date_trunc('month', delivery.date_done AT TIME ZONE 'UTC'
                                       AT TIME ZONE %(tz)s)::date AS month,
                   delivery.company_id,
                   company.currency_id,
                   COUNT(*) AS delivery_count,
                   COUNT(*) FILTER (WHERE COALESCE(charged.amount, 0) = 0)
                       AS free_count,
                   COUNT(delivery.cost) AS costed_count,
                   SUM(COALESCE(delivery.cost, 0)) AS cost,
                   SUM(COALESCE(charged.amount, 0)) AS charged,
                   SUM(COALESCE(charged.amount, 0)) - SUM(COALESCE(delivery.cost, 0))
                       AS difference
              FROM delivery
         LEFT JOIN res_partner AS partner ON partner.id = delivery.partner_id
         LEFT JOIN sale_order AS sale ON sale.id = delivery.sale_id
         LEFT JOIN res_partner AS customer ON customer.id = sale.partner_id
              JOIN res_company AS company ON company.id = delivery.company_id
         LEFT JOIN charged ON charged.id = delivery.id
             WHERE delivery.state = 'done'
          GROUP BY 2, 3,  -- the customer and the month, as selected
                   delivery.company_id,
                   company.currency_id
            """,
            tz=self.env.tz.zone,
        )
