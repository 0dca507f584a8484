"""Statement of account of a customer, straight from the ledger.

Two SQL queries per statement whatever the number of transactions: one for
the opening balance and the period's transactions with their running balance
(a window function), one for the aging of what is open at the end date.
Figures are in each transaction's own currency: a customer who trades in two
currencies gets one statement per currency.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..const import INVOICE_MOVE_TYPES

# the aging buckets, in column order: the keys the aging query returns (its
# CASE names them too); their labels come from ``_aging_buckets()``
AGING_BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")


class CustomerZoneStatement(models.AbstractModel):
    _name = "customer.zone.statement"
    _description = "Customer Zone statement of account"

    @api.model
    def _default_period(self):
        """The last three months, up to today."""
        today = fields.Date.context_today(self)
        return today - relativedelta(months=3) + relativedelta(days=1), today

    @api.model
    def _aging_buckets(self):
        """``[(key, label)]`` of the aging buckets, in column order."""
        labels = {
            "current": self.env._("Current"),
            "1_30": self.env._("1-30 days"),
            "31_60": self.env._("31-60 days"),
            "61_90": self.env._("61-90 days"),
            "over_90": self.env._("Over 90 days"),
        }
        return [(bucket, labels[bucket]) for bucket in AGING_BUCKETS]

    @api.model
    def _receivable_lines_sql(self, partner, date_to):
        """The customer's posted receivable journal items up to ``date_to``."""
        return SQL(
            """
            SELECT aml.id, aml.date, aml.date_maturity, aml.currency_id,
                   aml.amount_currency AS amount, aml.move_id, aml.move_name,
                   aml.name AS label, move.move_type,
                   -- the reference of a miscellaneous entry is internal wording
                   CASE WHEN move.move_type = 'entry'
                         AND move.origin_payment_id IS NULL
                        THEN NULL ELSE move.ref END AS ref,
                   move.origin_payment_id
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              JOIN account_move move ON move.id = aml.move_id
             WHERE aml.partner_id IN (
                       SELECT id FROM res_partner
                        WHERE commercial_partner_id = %(partner)s
                   )
               AND account.account_type = 'asset_receivable'
               AND aml.parent_state = 'posted'
               AND aml.company_id = ANY(%(companies)s)
               AND aml.date <= %(date_to)s
            """,
            partner=partner.commercial_partner_id.id,
            companies=self.env.companies.ids,
            date_to=date_to,
        )

    @api.model
    def _get_statements(self, partner, date_from, date_to):
        """One statement per currency: opening, lines, closing, aging (by
        bucket key) and aging_buckets (the ``(key, label)`` columns).

        ``partner`` must already be one the caller may show (the access
        decision is the caller's); the ledger is read with the caller's env,
        typically in sudo.
        """
        lines_sql = self._receivable_lines_sql(partner, date_to)
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move"].flush_model(["move_type", "ref", "origin_payment_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH lines AS (%(lines)s),
                opening AS (
                    SELECT currency_id, SUM(amount) AS amount
                      FROM lines WHERE date < %(date_from)s GROUP BY currency_id
                ),
                period AS (SELECT * FROM lines WHERE date >= %(date_from)s)
                SELECT currencies.currency_id,
                       COALESCE(opening.amount, 0) AS opening,
                       period.id, period.date, period.date_maturity,
                       period.amount, period.move_id, period.move_name,
                       period.label, period.move_type, period.ref,
                       period.origin_payment_id,
                       COALESCE(opening.amount, 0) + SUM(period.amount) OVER (
                           PARTITION BY currencies.currency_id
                           ORDER BY period.date, period.move_name, period.id
                       ) AS balance
                  FROM (SELECT DISTINCT currency_id FROM lines) currencies
             LEFT JOIN opening ON opening.currency_id = currencies.currency_id
             LEFT JOIN period ON period.currency_id = currencies.currency_id
              ORDER BY currencies.currency_id, period.date, period.move_name, period.id
                """,
                lines=lines_sql,
                date_from=date_from,
            )
        )
        rows = self.env.cr.dictfetchall()
        aging = self._get_aging(partner, date_to)
        buckets = self._aging_buckets()
        statements = {}
        for row in rows:
            statement = statements.setdefault(
                row["currency_id"],
                {
                    "currency": self.env["res.currency"].browse(row["currency_id"]),
                    "opening": row["opening"],
                    "lines": [],
                    "closing": row["opening"],
                    "aging": aging.get(
                        row["currency_id"], dict.fromkeys(AGING_BUCKETS, 0.0)
                    ),
                    "aging_buckets": buckets,
                },
            )
            if row["id"]:
                row["kind"] = self._line_kind(row)
                statement["lines"].append(row)
                statement["closing"] = row["balance"]
        return [
            statement
            for statement in statements.values()
            if statement["lines"]
            or not statement["currency"].is_zero(statement["opening"])
        ]

    @api.model
    def _line_kind(self, row):
        if row["move_type"] in INVOICE_MOVE_TYPES:
            return self.env._("Invoice")
        if row["move_type"] == "out_refund":
            return self.env._("Credit note")
        if row["origin_payment_id"]:
            return self.env._("Payment") if row["amount"] < 0 else self.env._("Refund")
        return self.env._("Adjustment")

    @api.model
    def _get_aging(self, partner, date_to):
        """What is open at ``date_to``, by days past due, per currency.

        A journal item's open amount at a date is its amount less what was
        reconciled with it by then (partials whose later item is dated on or
        before that date), so the buckets add up to the closing balance.
        """
        self.env.cr.execute(
            SQL(
                """
                WITH lines AS (%(lines)s),
                open_lines AS (
                    SELECT lines.currency_id,
                           %(date_to)s::date - COALESCE(lines.date_maturity, lines.date)
                               AS days,
                           lines.amount
                           - COALESCE((SELECT SUM(p.debit_amount_currency)
                                         FROM account_partial_reconcile p
                                        WHERE p.debit_move_id = lines.id
                                          AND p.max_date <= %(date_to)s), 0)
                           + COALESCE((SELECT SUM(p.credit_amount_currency)
                                         FROM account_partial_reconcile p
                                        WHERE p.credit_move_id = lines.id
                                          AND p.max_date <= %(date_to)s), 0)
                               AS open_amount
                      FROM lines
                )
                SELECT currency_id,
                       CASE WHEN days <= 0 THEN 'current'
                            WHEN days <= 30 THEN '1_30'
                            WHEN days <= 60 THEN '31_60'
                            WHEN days <= 90 THEN '61_90'
                            ELSE 'over_90' END AS bucket,
                       SUM(open_amount) AS amount
                  FROM open_lines
              GROUP BY 1, 2
                """,
                lines=self._receivable_lines_sql(partner, date_to),
                date_to=date_to,
            )
        )
        aging = {}
        for currency_id, bucket, amount in self.env.cr.fetchall():
            aging.setdefault(currency_id, dict.fromkeys(AGING_BUCKETS, 0.0))[bucket] = (
                amount
            )
        return aging
