from odoo import fields, models


class CustomerZoneCreditOverride(models.Model):
    """One row per order a manager confirmed over its customer's available
    balance, with the reason: what the block let through, and who decided.

    Append-only: rows are created in sudo by the override wizard once it
    checked the user's group, and marked used by the confirmation they let
    through (each serves one confirmation); salespeople and accountants read
    them (access rights), the company rule keeps each company's own.
    """

    _name = "customer.zone.credit.override"
    _description = "Customer Zone: order confirmed over the available balance"
    _order = "date desc, id desc"
    _rec_name = "order_id"

    _partner_date_idx = models.Index("(partner_id, date DESC)")
    _company_date_idx = models.Index("(company_id, date DESC)")

    order_id = fields.Many2one(
        "sale.order",
        string="Order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
        help="The commercial partner billed for the order.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade"
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id", store=True, string="Currency"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Confirmed by",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    amount = fields.Monetary(
        string="Order amount",
        currency_field="currency_id",
        readonly=True,
        help="The order's total in the company's currency.",
    )
    available_balance = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="The customer's available balance when the order was confirmed.",
    )
    shortfall = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        help="What the order exceeded the available balance by.",
    )
    reason = fields.Text(required=True, readonly=True)
    used = fields.Boolean(
        string="Confirmed the order",
        readonly=True,
        copy=False,
        help="Set when the override confirms its order: an override serves "
        "once. An order confirmed over the balance, cancelled, reset to "
        "quotation and confirmed again needs a new override, with its reason.",
    )

    _positive_shortfall = models.Constraint(
        "CHECK(shortfall >= 0)",
        "The shortfall of an override cannot be negative.",
    )
