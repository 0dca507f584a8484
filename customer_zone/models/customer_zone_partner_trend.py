"""A customer's account month by month: what the trends on the customer form
graph. One SQL statement, read with a partner filter (the action's domain),
that PostgreSQL pushes down to the customer's own journal items."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

# months shown: the current one and the eleven before it
TREND_MONTHS = 12


class CustomerZonePartnerTrend(models.Model):
    _name = "customer.zone.partner.trend"
    _description = "Customer Zone: customer trends by month"
    _auto = False
    _rec_name = "partner_id"
    _order = "date, id"
    # what the statement reads: flushed before any read of the trends
    _depends = {
        "account.move": [
            "amount_total_signed",
            "company_id",
            "invoice_date",
            "move_type",
            "origin_payment_id",
            "partner_id",
            "state",
            "statement_line_id",
        ],
        "account.move.line": [
            "account_id",
            "balance",
            "company_id",
            "date",
            "date_maturity",
            "move_id",
            "parent_state",
            "partner_id",
        ],
        "account.partial.reconcile": ["amount", "debit_move_id", "max_date"],
        "res.partner": ["commercial_partner_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    invoiced = fields.Monetary(
        string="Invoiced",
        readonly=True,
        help="Posted invoices and receipts dated in the month (invoice date), "
        "taxes included, in the company's currency.",
    )
    credited = fields.Monetary(
        string="Credited",
        readonly=True,
        help="Posted credit notes dated in the month, taxes included, in the "
        "company's currency.",
    )
    paid = fields.Monetary(
        string="Paid",
        readonly=True,
        help="What the customer paid in the month: the receivable side of its "
        "posted payments and bank receipts, less what was paid back to it, in "
        "the company's currency.",
    )
    overdue = fields.Monetary(
        string="Overdue",
        readonly=True,
        aggregator="max",
        help="What was overdue at the end of the month (today for the current "
        "month): invoices and other debit items due before that day, less what "
        "had been matched with them by then. Totals over several months show "
        "the highest.",
    )

    def init(self):
        # the trends are a query (``_table_query``): drop the placeholder view
        # of the first version of this model
        tools.drop_view_if_exists(self.env.cr, self._table)

    @property
    def _table_query(self):
        """The trends of every commercial partner in every company, built for
        today (the months move with it)."""
        return self._customer_zone_trend_query(fields.Date.context_today(self))

    @api.model
    def _customer_zone_trend_months(self, today):
        """(first day of the first month shown, first day after the last)."""
        current = today.replace(day=1)
        return (
            current - relativedelta(months=TREND_MONTHS - 1),
            current + relativedelta(months=1),
        )

    @api.model
    def _customer_zone_trend_query(self, today):
        """One row per (commercial partner, company, month) of the last twelve
        months, months without activity included.

        The figures of a customer and a company come from one LATERAL
        sub-query, so a condition on the partner (the action's domain) is
        applied before any journal item is read. Overdue is a running sum of
        events: each debit item adds its amount on the day it falls overdue
        (the day after its due date, not before its own date), each partial
        reconciliation of it takes its amount off on the later of that day and
        its ``max_date`` (the day the match exists in the books: the later of
        the two items' dates); events before the first month open it.

        A row's id spells its customer, company (below 100,000) and month.
        """
        start, end = self._customer_zone_trend_months(today)
        return SQL(
            """SELECT customer.id::bigint * 10000000 + company.id * 100
                      + figures.month_index AS id,
                      customer.id AS partner_id,
                      company.id AS company_id,
                      company.currency_id AS currency_id,
                      figures.date AS date,
                      figures.invoiced AS invoiced,
                      figures.credited AS credited,
                      figures.paid AS paid,
                      figures.overdue AS overdue
                 FROM res_partner AS customer
           CROSS JOIN res_company AS company
           CROSS JOIN LATERAL (%(figures)s)
                   AS figures(month_index, date, invoiced, credited, paid, overdue)
                WHERE customer.id = customer.commercial_partner_id""",
            figures=self._customer_zone_trend_figures_query(today, start, end),
        )

    @api.model
    def _customer_zone_trend_figures_query(self, today, start, end):
        """The twelve months of the customer and company of the outer query
        (``customer``, ``company``)."""
        return SQL(
            """WITH family AS (
                    SELECT member.id FROM res_partner AS member
                     WHERE member.commercial_partner_id = customer.id
               ),
               receivable AS (
                    SELECT account.id FROM account_account AS account
                     WHERE account.account_type = 'asset_receivable'
               ),
               events(date, invoiced, credited, paid, overdue) AS (
                    %(invoices)s
                    UNION ALL
                    %(payments)s
                    UNION ALL
                    %(overdue)s
               ),
               months AS (
                    SELECT month_index,
                           (%(start)s::date
                            + month_index * interval '1 month')::date AS date
                      FROM generate_series(0, %(last)s) AS month_index
               ),
               buckets AS (
                    SELECT GREATEST(date_trunc('month', events.date)::date,
                                    %(start)s::date) AS date,
                           SUM(events.invoiced) AS invoiced,
                           SUM(events.credited) AS credited,
                           SUM(events.paid) AS paid,
                           SUM(events.overdue) AS overdue
                      FROM events
                  GROUP BY 1
               )
               SELECT months.month_index,
                      months.date,
                      COALESCE(buckets.invoiced, 0),
                      COALESCE(buckets.credited, 0),
                      COALESCE(buckets.paid, 0),
                      SUM(COALESCE(buckets.overdue, 0))
                          OVER (ORDER BY months.date)
                 FROM months
            LEFT JOIN buckets ON buckets.date = months.date""",
            invoices=self._customer_zone_trend_invoices_query(start, end),
            payments=self._customer_zone_trend_payments_query(start, end),
            overdue=self._customer_zone_trend_overdue_query(today),
            start=start,
            last=TREND_MONTHS - 1,
        )

    @api.model
    def _customer_zone_trend_invoices_query(self, start, end):
        """Events of the customer's posted invoices, receipts and credit
        notes of the months shown, by invoice date."""
        return SQL(
            """SELECT move.invoice_date,
                      CASE WHEN move.move_type = 'out_refund' THEN 0
                           ELSE move.amount_total_signed END,
                      CASE WHEN move.move_type = 'out_refund'
                           THEN -move.amount_total_signed ELSE 0 END,
                      0,
                      0
                 FROM account_move AS move
                WHERE move.partner_id IN (SELECT id FROM family)
                  AND move.company_id = company.id
                  AND move.state = 'posted'
                  AND move.move_type IN ('out_invoice', 'out_receipt', 'out_refund')
                  AND move.invoice_date >= %s
                  AND move.invoice_date < %s""",
            start,
            end,
        )

    @api.model
    def _customer_zone_trend_payments_query(self, start, end):
        """Events of the customer's payments of the months shown: the
        receivable items of its posted payments and bank statement lines
        (credit: received; debit: paid back)."""
        return SQL(
            """SELECT line.date, 0, 0, -line.balance, 0
                 FROM account_move_line AS line
                 JOIN account_move AS move ON move.id = line.move_id
                WHERE line.partner_id IN (SELECT id FROM family)
                  AND line.company_id = company.id
                  AND line.parent_state = 'posted'
                  AND line.account_id IN (SELECT id FROM receivable)
                  AND line.date >= %s
                  AND line.date < %s
                  AND (move.origin_payment_id IS NOT NULL
                       OR move.statement_line_id IS NOT NULL)""",
            start,
            end,
        )

    @api.model
    def _customer_zone_trend_overdue_query(self, today):
        """Events of the overdue amount, up to today: each posted receivable
        debit item when it falls overdue, each partial reconciliation of it
        when it takes effect (see ``_customer_zone_trend_query``)."""
        return SQL(
            """SELECT overdue.date, 0, 0, 0, overdue.amount
                 FROM account_move_line AS line
           CROSS JOIN LATERAL (
                    SELECT GREATEST(line.date,
                                    COALESCE(line.date_maturity, line.date) + 1)
               ) AS item(since)
           CROSS JOIN LATERAL (
                    SELECT item.since, line.balance
                     UNION ALL
                    SELECT GREATEST(partial.max_date, item.since), -partial.amount
                      FROM account_partial_reconcile AS partial
                     WHERE partial.debit_move_id = line.id
               ) AS overdue(date, amount)
                WHERE line.partner_id IN (SELECT id FROM family)
                  AND line.company_id = company.id
                  AND line.parent_state = 'posted'
                  AND line.account_id IN (SELECT id FROM receivable)
                  AND line.balance > 0
                  AND line.date <= %(today)s
                  AND overdue.date <= %(today)s""",
            today=today,
        )
