"""The customer's account as a credit: available balance, limits, policy.

res.partner again (the zone's visibility and panel are in res_partner.py):
the credit figures are one statement (``_customer_zone_credit_query``) that
the customer form, the sale order, the zone's summary and the order check
all read, so that no two places count a customer's credit differently.
"""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, float_round, format_amount

from ..tools.credit_figures import CreditFigures

CREDIT_POLICIES = [
    ("warn", "Warn only"),
    ("block", "Block the order"),
]
# a limit beyond this is a typing error, not a decision
MAX_CREDIT_LIMIT = 1e12
# the suggested limit is rounded up to a multiple of this (company currency)
SUGGESTED_LIMIT_STEP = 100
# the fields whose write may change core's credit limit
LIMIT_FIELDS = {"credit_limit", "use_partner_credit_limit"}
# context keys: the reason and source of a change (the wizard sets them), and
# the write that records (writes nested in it, as core's inverse of
# use_partner_credit_limit, record nothing themselves)
REASON_KEY = "customer_zone_credit_limit_reason"
SOURCE_KEY = "customer_zone_credit_limit_source"
RECORDING_KEY = "customer_zone_credit_limit_recording"
# the value of RECORDING_KEY while a write records: an object no JSON-RPC
# context can carry, so that no caller skips the history by passing the key
RECORDING = object()
# the invoices the suggested limit averages: credit notes count negatively
# (amount_total_signed), so the figure is what was invoiced net
SUGGESTED_MOVE_TYPES = ("out_invoice", "out_receipt", "out_refund")


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
    customer_zone_credit_limit_applies = fields.Boolean(
        string="Credit limit applies",
        compute="_compute_customer_zone_credit",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The company uses credit limits, this customer's is above zero "
        "and it is not prepaid: the limit counts in the available balance.",
    )
    customer_zone_suggested_credit_limit = fields.Monetary(
        string="Suggested credit limit",
        currency_field="customer_zone_credit_currency_id",
        compute="_compute_customer_zone_suggested_credit_limit",
        groups="account.group_account_invoice,account.group_account_readonly",
        help="The customer's average monthly invoicing (net of credit notes) "
        "over the last 12 months times the company's factor (Settings), "
        "rounded up to the next 100.",
    )
    customer_zone_credit_limit_change_ids = fields.One2many(
        "customer.zone.credit.limit.change",
        "partner_id",
        string="Credit limit history",
        groups="account.group_account_invoice,account.group_account_readonly",
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
            partner.customer_zone_credit_limit_applies = credit.has_limit

    @api.depends_context("company")
    def _compute_customer_zone_suggested_credit_limit(self):
        """One grouped query for all the partners shown; a contact shows its
        commercial partner's suggestion."""
        company = self.env.company
        customers = self.commercial_partner_id.filtered("id")
        suggestions = customers._customer_zone_suggested_credit_limits(company)
        for partner in self:
            suggestion = suggestions.get(partner.commercial_partner_id.id)
            partner.customer_zone_suggested_credit_limit = (
                suggestion["suggested"] if suggestion else 0.0
            )

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
                      COALESCE(%s, FALSE)
                 FROM res_partner AS customer
            LEFT JOIN LATERAL (%s) AS items(receivable, deposits, overdue) ON TRUE
            LEFT JOIN LATERAL (%s) AS orders(amount) ON TRUE
                WHERE customer.id IN (%s)""",
            self.sudo().with_company(company)._field_to_sql("customer", "credit_limit"),
            self.sudo()._field_to_sql("customer", "customer_zone_prepaid"),
            self._customer_zone_credit_items_query(company, today),
            self._customer_zone_credit_orders_query(company),
            customers,
        )

    @api.model
    def _customer_zone_credit_members(self, column):
        """SQL: ``column`` (a partner id) is one of the outer query's
        ``customer`` and its contacts (what the statement reads is flushed
        first, as for every expression of the ORM)."""
        return SQL(
            """%s IN (SELECT member.id FROM res_partner AS member
                       WHERE member.commercial_partner_id = customer.id)""",
            column,
            to_flush=self._fields["commercial_partner_id"],
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
            self._customer_zone_credit_members(
                Line._field_to_sql(query.table, "partner_id", query)
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
            self._customer_zone_credit_members(
                Order._field_to_sql(query.table, "partner_invoice_id", query)
            )
        )
        # untaxed_amount_to_invoice is stored; the taxes of each line scale it
        # as its total scales its subtotal; currency_rate is the order's rate
        # from the company's currency. A line invoiced on delivered
        # quantities has to invoice only what was delivered: what is ordered
        # and not delivered yet is owed too (else a confirmed order of such
        # products takes nothing of the balance)
        # A down payment line (quantity 0, no subtotal to scale its taxes
        # by) takes off what its posted invoices and credit notes billed,
        # taxes included (the final invoice deducts it again)
        Line = self.env["sale.order.line"]
        InvoiceLine = self.env["account.move.line"]
        return SQL(
            """SELECT SUM(CASE WHEN line.is_downpayment
                               THEN -COALESCE(down_payment.billed, 0)
                               ELSE (line.untaxed_amount_to_invoice
                                     + CASE WHEN template.invoice_policy = 'delivery'
                                            THEN GREATEST(line.product_uom_qty
                                                          - line.qty_delivered, 0)
                                                 * line.price_reduce_taxexcl
                                            ELSE 0 END)
                                    * CASE WHEN line.price_subtotal <> 0
                                           THEN line.price_total / line.price_subtotal
                                           ELSE 1 END
                          END
                          / COALESCE(NULLIF(%s, 0), 1))
                 FROM sale_order_line AS line
                 JOIN (%s) AS credit_order(id, rate)
                   ON credit_order.id = line.order_id
            LEFT JOIN product_product AS variant
                   ON variant.id = line.product_id
            LEFT JOIN product_template AS template
                   ON template.id = variant.product_tmpl_id
            LEFT JOIN LATERAL (
                   SELECT SUM(CASE WHEN move.move_type = 'out_refund'
                                   THEN -invoice_line.price_total
                                   ELSE invoice_line.price_total END)
                     FROM sale_order_line_invoice_rel AS rel
                     JOIN account_move_line AS invoice_line
                       ON invoice_line.id = rel.invoice_line_id
                     JOIN account_move AS move
                       ON move.id = invoice_line.move_id
                    WHERE rel.order_line_id = line.id
                      AND move.state = 'posted'
                 ) AS down_payment(billed) ON line.is_downpayment""",
            SQL(
                "credit_order.rate",
                to_flush=[
                    Line._fields[name]
                    for name in (
                        "order_id",
                        "product_id",
                        "untaxed_amount_to_invoice",
                        "price_subtotal",
                        "price_total",
                        "product_uom_qty",
                        "qty_delivered",
                        "price_reduce_taxexcl",
                        "is_downpayment",
                        "invoice_lines",
                    )
                ]
                + [
                    self.env["product.template"]._fields["invoice_policy"],
                    InvoiceLine._fields["price_total"],
                    InvoiceLine._fields["move_id"],
                    self.env["account.move"]._fields["state"],
                    self.env["account.move"]._fields["move_type"],
                ],
            ),
            query.select(
                SQL.identifier(query.table, "id"),
                Order._field_to_sql(query.table, "currency_rate", query),
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

    # ------------------------------------------------------------------
    # suggested limit
    # ------------------------------------------------------------------
    def _customer_zone_suggested_credit_limits(self, company):
        """``{commercial partner id: {'invoiced', 'monthly', 'factor',
        'suggested'}}`` of these commercial partners in ``company``, from one
        grouped query over their posted invoices of the last 12 months.

        What was invoiced is net of credit notes (``amount_total_signed`` of
        out_refund is negative) in the company's currency, averaged over 12
        months whatever the customer's age, times the company's factor,
        rounded up to the next 100 (a limit is a round figure); never below
        zero.
        """
        today = fields.Date.context_today(self)
        domain = (
            Domain("company_id", "=", company.id)
            & Domain("state", "=", "posted")
            & Domain("move_type", "in", SUGGESTED_MOVE_TYPES)
            & Domain("commercial_partner_id", "in", self.ids)
            & Domain("invoice_date", ">", today - relativedelta(years=1))
            & Domain("invoice_date", "<=", today)
        )
        # sudo: a sum per customer for accountants (readonly ones included),
        # whatever journals their rules let them open
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(domain, ["commercial_partner_id"], ["amount_total_signed:sum"])
        )
        invoiced = {partner.id: total for partner, total in groups}
        factor = company.customer_zone_credit_limit_factor
        result = {}
        for partner_id in self.ids:
            total = invoiced.get(partner_id, 0.0)
            monthly = company.currency_id.round(max(total, 0.0) / 12)
            result[partner_id] = {
                "invoiced": total,
                "monthly": monthly,
                "factor": factor,
                "suggested": float_round(
                    monthly * factor,
                    precision_rounding=SUGGESTED_LIMIT_STEP,
                    rounding_method="UP",
                ),
            }
        return result

    # ------------------------------------------------------------------
    # the limit's history
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        """A customer created with a credit limit (an import, the form) is a
        change of limit too: from the company's default to its own."""
        for vals in vals_list:
            self._customer_zone_check_credit_limit(vals)
        partners = super().create(vals_list)
        if self.env.context.get(RECORDING_KEY) is not RECORDING and any(
            "credit_limit" in vals for vals in vals_list
        ):
            fallback = self._fields["credit_limit"].get_company_dependent_fallback(self)
            customers = partners.filtered(
                lambda partner: partner.commercial_partner_id == partner
            )
            customers._customer_zone_record_credit_limit_changes(
                dict.fromkeys(customers.ids, fallback or 0.0)
            )
        return partners

    def write(self, vals):
        """Record every change of core's credit limit in the environment's
        company: compare each customer's limit before and after the write
        (``use_partner_credit_limit`` unticked also resets it)."""
        if self.env.context.get(RECORDING_KEY) is RECORDING or not LIMIT_FIELDS & set(
            vals
        ):
            return super().write(vals)
        self._customer_zone_check_credit_limit(vals)
        # the limit that counts is the commercial partner's; contacts get a
        # copy of it (commercial field), which is no change of its own
        customers = self.filtered(
            lambda partner: partner.commercial_partner_id == partner
        )
        before = customers._customer_zone_current_credit_limits()
        result = super(
            ResPartner, self.with_context(**{RECORDING_KEY: RECORDING})
        ).write(vals)
        customers._customer_zone_record_credit_limit_changes(before)
        return result

    @api.model
    def _customer_zone_check_credit_limit(self, vals):
        """Refuse a credit limit that is not a number, negative or absurd,
        before anything is written."""
        if "credit_limit" not in vals:
            return
        value = vals["credit_limit"]
        if value is False or value is None:
            return
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise ValidationError(self.env._("The credit limit must be a number."))
        try:
            value = float(value)
        except ValueError:
            raise ValidationError(
                self.env._("The credit limit must be a number.")
            ) from None
        if not 0 <= value <= MAX_CREDIT_LIMIT:
            raise ValidationError(
                self.env._(
                    "A credit limit must be zero or more and at most %(max)s; "
                    "%(value)s was refused.",
                    max=f"{MAX_CREDIT_LIMIT:,.0f}",
                    value=value,
                )
            )

    def _customer_zone_current_credit_limits(self):
        """``{id: credit limit}`` in the environment's company (sudo: the
        write itself checks the writer's rights on the field)."""
        return {partner.id: partner.credit_limit or 0.0 for partner in self.sudo()}

    def _customer_zone_record_credit_limit_changes(self, before):
        """One history row (and one chatter note) per customer whose limit now
        differs from ``before`` ({id: limit}), in the environment's company,
        with the reason and source the context carries."""
        company = self.env.company
        currency = company.currency_id
        after = self._customer_zone_current_credit_limits()
        changed = [
            partner
            for partner in self
            if currency.compare_amounts(before.get(partner.id, 0.0), after[partner.id])
        ]
        if not changed:
            return
        context = self.env.context
        History = self.env["customer.zone.credit.limit.change"]
        source = context.get(SOURCE_KEY)
        if not isinstance(source, str) or source not in dict(
            History._fields["source"].selection
        ):
            source = "import" if context.get("import_file") else "form"
        reason = context.get(REASON_KEY)
        reason = reason if isinstance(reason, str) and reason else False
        # sudo: the history is append-only, written here only
        History.sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "old_limit": before.get(partner.id, 0.0),
                    "new_limit": after[partner.id],
                    "user_id": self.env.uid,
                    "reason": reason,
                    "source": source,
                }
                for partner in changed
            ]
        )
        bodies = {}
        for partner in changed:
            text = self.env._(
                "Credit limit in %(company)s changed from %(old)s to %(new)s.",
                company=company.name,
                old=format_amount(self.env, before.get(partner.id, 0.0), currency),
                new=format_amount(self.env, after[partner.id], currency),
            )
            body = Markup("<p>%s</p>") % text
            if reason:
                body += Markup("<p>%s</p>") % self.env._(
                    "Reason: %(reason)s", reason=reason
                )
            bodies[partner.id] = body
        # a log note, not a message: nobody is notified
        self.browse(list(bodies))._message_log_batch(bodies)

    # ------------------------------------------------------------------
    # actions of the customer form
    # ------------------------------------------------------------------
    def action_customer_zone_change_credit_limit(self):
        """The Change credit limit wizard of this customer (its commercial
        partner: the limit is a commercial field)."""
        self.ensure_one()
        # the wizard writes the partner: say no now to whoever may not
        self.check_access("write")
        self.env["customer.zone.credit.limit.wizard"].check_access("create")
        customer = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change credit limit"),
            "res_model": "customer.zone.credit.limit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": customer.id},
        }

    def action_customer_zone_credit_limit_history(self):
        """The report of limit changes, on this customer's."""
        self.ensure_one()
        self.env["customer.zone.credit.limit.change"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_zone.customer_zone_credit_limit_change_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action
