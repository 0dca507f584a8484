"""The customer's account as a credit: available balance, limits, policy.

res.partner again (the zone's visibility and panel are in res_partner.py):
the credit figures are one statement (``_customer_zone_credit_query``) that
the customer form, the sale order, the zone's summary and the order check
all read, so that no two places count a customer's credit differently.
"""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.credit_figures import CreditFigures

CREDIT_POLICIES = [
    ("warn", "Warn only"),
    ("block", "Block the order"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_zone_credit_policy = fields.Selection(
        selection=[("company", "Company default"), *CREDIT_POLICIES],
        string="Orders over the available balance",
        default="company",
        required=True,
        groups="account.group_account_invoice,account.group_account_readonly",
        help="What happens when an order would take this customer below zero "
        "available balance: the company's setting, a warning only, or the "
        "order is refused (a manager may still confirm it, and that is "
        "recorded).",
    )
    customer_zone_prepaid = fields.Boolean(
        string="Cash to order (prepaid)",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="This customer orders against its deposits only: no credit. In "
        "the zone, accepting a quotation asks to pay the shortfall online.",
    )
    customer_zone_apply_credits = fields.Boolean(
        string="Apply deposits and credit notes at invoicing",
        help="When an invoice of this customer is posted, its unallocated "
        "payments and open credit notes are applied to it, oldest first.",
    )
    customer_zone_statement_monthly = fields.Boolean(
        string="Monthly statement by email",
        help="Send this customer its statement of the past month by email, "
        "at the start of each month.",
    )
    customer_zone_credit_currency_id = fields.Many2one(
        "res.currency",
        string="Credit currency",
        compute="_compute_customer_zone_credit",
    )
    customer_zone_credit_receivable = fields.Monetary(
        string="Open receivable",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="What the customer owes: its open invoices and debit items.",
    )
    customer_zone_credit_deposits = fields.Monetary(
        string="Deposits and credits",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="Payments and credit notes not allocated to an invoice yet.",
    )
    customer_zone_credit_orders = fields.Monetary(
        string="Orders not invoiced",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="Confirmed sales orders not invoiced yet (taxes included), when "
        "the company counts them (Settings).",
    )
    customer_zone_available_balance = fields.Monetary(
        string="Available balance",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_credit",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="Credit limit + deposits and credits - open receivable - orders "
        "not invoiced. Without a credit limit: the deposits and credits less "
        "what they already cover.",
    )

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "customer_zone_credit_policy",
            "customer_zone_prepaid",
            "customer_zone_apply_credits",
            "customer_zone_statement_monthly",
        ]

    @api.depends_context("company")
    def _compute_customer_zone_credit(self):
        company = self.env.company
        customers = self.commercial_partner_id.filtered("id")
        figures = customers._customer_zone_credit_figures(company)
        for partner in self:
            credit = figures.get(partner.commercial_partner_id.id, CreditFigures())
            partner.customer_zone_credit_currency_id = company.currency_id
            partner.customer_zone_credit_receivable = credit.receivable
            partner.customer_zone_credit_deposits = credit.deposits
            partner.customer_zone_credit_orders = credit.orders
            partner.customer_zone_available_balance = credit.available

    # ------------------------------------------------------------------
    # the one computation
    # ------------------------------------------------------------------
    def _customer_zone_credit_figures(self, company):
        """``{commercial partner id: CreditFigures}`` of these commercial
        partners in ``company``, from one statement."""
        if not self:
            return {}
        today = fields.Date.context_today(self)
        customers = SQL("SELECT unnest(%s::int[])", list(self.ids))
        rows = self.env.execute_query(
            self._customer_zone_credit_query(company, customers, today)
        )
        return {row[0]: self._customer_zone_credit_of_row(company, row) for row in rows}

    @api.model
    def _customer_zone_credit_of_row(self, company, row):
        """The CreditFigures of a row of ``_customer_zone_credit_query``."""
        _id, receivable, deposits, overdue, orders, limit, prepaid = row[:7]
        limit = limit or 0.0
        return CreditFigures(
            receivable=receivable or 0.0,
            deposits=deposits or 0.0,
            overdue=overdue or 0.0,
            orders=orders or 0.0,
            limit=limit,
            has_limit=bool(
                company.account_use_credit_limit and limit > 0 and not prepaid
            ),
            prepaid=bool(prepaid),
        )

    @api.model
    def _customer_zone_credit_query(self, company, customers, today):
        """SQL of the credit figures of the commercial partners that the SQL
        ``customers`` yields (ids), in ``company``'s currency, one row each:
        ``(id, receivable, deposits, overdue, orders, credit_limit, prepaid)``
        (read them with ``_customer_zone_credit_of_row``).

        Receivable, deposits and overdue are sums over the customer's open
        items (``_customer_zone_open_items_base_domain``, the outstanding
        items page's own); orders are the confirmed orders billed to the
        customer not invoiced yet, taxes included, at each order's rate, as
        core's ``credit_to_invoice`` counts them, unless the company leaves
        them out. The account summary reads this same statement.
        """
        return SQL(
            """SELECT customer.id,
                      COALESCE(items.receivable, 0),
                      COALESCE(items.deposits, 0),
                      COALESCE(items.overdue, 0),
                      COALESCE(orders.amount, 0),
                      %s,
                      COALESCE(customer.customer_zone_prepaid, FALSE)
                 FROM res_partner AS customer
            LEFT JOIN LATERAL (%s) AS items(receivable, deposits, overdue) ON TRUE
            LEFT JOIN LATERAL (%s) AS orders(amount) ON TRUE
                WHERE customer.id IN (%s)""",
            self.sudo().with_company(company)._field_to_sql("customer", "credit_limit"),
            self._customer_zone_credit_items_query(company, today),
            self._customer_zone_credit_orders_query(company),
            customers,
        )

    @api.model
    def _customer_zone_credit_items_query(self, company, today):
        """SQL of (receivable, deposits, overdue) of the customer of the outer
        query (``customer``)."""
        # sudo: the figures of customers the caller asked for, by a
        # server-built domain (payment entries are not readable by portal
        # users through core rules)
        Line = self.env["account.move.line"].sudo()
        query = Line._search(self._customer_zone_open_items_base_domain(company))
        query.add_where(
            SQL(
                """%s IN (SELECT member.id FROM res_partner AS member
                           WHERE member.commercial_partner_id = customer.id)""",
                SQL.identifier(query.table, "partner_id"),
            )
        )
        residual = Line._field_to_sql(query.table, "amount_residual", query)
        due = Line._field_to_sql(query.table, "date_maturity", query)
        return query.select(
            SQL("SUM(%s) FILTER (WHERE %s > 0)", residual, residual),
            SQL("-SUM(%s) FILTER (WHERE %s < 0)", residual, residual),
            SQL(
                "SUM(%s) FILTER (WHERE %s < %s AND %s > 0)",
                residual,
                due,
                today,
                residual,
            ),
        )

    @api.model
    def _customer_zone_credit_orders_query(self, company):
        """SQL of the confirmed orders not invoiced yet of the customer of the
        outer query (``customer``), in the company's currency."""
        if not company.customer_zone_credit_include_orders:
            return SQL("SELECT 0")
        # sudo: amounts of the customer's orders, never shown as records
        Order = self.env["sale.order"].sudo()
        query = Order._search(
            Domain("state", "=", "sale") & Domain("company_id", "=", company.id)
        )
        query.add_where(
            SQL(
                """%s IN (SELECT member.id FROM res_partner AS member
                           WHERE member.commercial_partner_id = customer.id)""",
                SQL.identifier(query.table, "partner_invoice_id"),
            )
        )
        # untaxed_amount_to_invoice is stored; the taxes of each line scale it
        # as its total scales its subtotal; currency_rate is the order's rate
        # from the company's currency
        return SQL(
            """SELECT SUM(line.untaxed_amount_to_invoice
                          * CASE WHEN line.price_subtotal <> 0
                                 THEN line.price_total / line.price_subtotal
                                 ELSE 1 END
                          / COALESCE(NULLIF(%s, 0), 1))
                 FROM sale_order_line AS line
                 JOIN (%s) AS credit_order(id, rate)
                   ON credit_order.id = line.order_id""",
            SQL.identifier("credit_order", "rate"),
            query.select(
                SQL.identifier(query.table, "id"),
                SQL.identifier(query.table, "currency_rate"),
            ),
        )

    def _customer_zone_credit_policy(self, company):
        """'warn' or 'block': what an order over the available balance does,
        for this commercial partner in ``company``."""
        self.ensure_one()
        policy = self.sudo().customer_zone_credit_policy
        if policy == "company":
            policy = company.customer_zone_credit_policy
        return policy
