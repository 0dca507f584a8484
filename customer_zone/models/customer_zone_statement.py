"""Statement of account of a customer, straight from the ledger.

Three SQL queries per statement whatever the number of transactions: the
opening, closing and number of lines per currency; the aging of what is open
at the end date; the period's transactions with their running balance (a
window function over the whole period), all of them or one page of them.
Figures are in each transaction's own currency: a customer who trades in two
currencies gets one statement per currency.
"""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from ..const import INVOICE_MOVE_TYPES

# the aging buckets, in column order: the keys the aging query returns (its
# CASE names them too); their labels come from ``_aging_buckets()``
AGING_BUCKETS = ("current", "1_30", "31_60", "61_90", "over_90")
# lines a page of the statement shows on the portal page (the print view and
# the PDF show the whole period)
PAGE_LINES = 100


class CustomerZoneStatement(models.AbstractModel):
    _name = "customer.zone.statement"
    _description = "Customer Zone statement of account"

    def init(self):
        # the aging looks up the reconciliations dated after the statement's
        # end (``_get_aging``): a range of this index rather than a scan of
        # every reconciliation of the database
        create_index(
            self.env.cr,
            "customer_zone_partial_reconcile_max_date_index",
            "account_partial_reconcile",
            ["max_date"],
        )

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
                   move.origin_payment_id, aml.full_reconcile_id
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
              -- every item has its move: LEFT lets PostgreSQL drop the join
              -- from the queries that read none of its columns (the totals,
              -- the aging), a tenth of their time on a customer of 40,000
              -- items
         LEFT JOIN account_move move ON move.id = aml.move_id
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
        """One statement per currency, the whole period: opening, lines,
        closing, aging (by bucket key) and aging_buckets (the ``(key, label)``
        columns), as ``_get_statement_page`` builds them (three queries).

        ``partner`` must already be one the caller may show (the access
        decision is the caller's); the ledger is read with the caller's env,
        typically in sudo.
        """
        summary = self._get_statement_summary(partner, date_from, date_to)
        rows = self._get_statement_rows(partner, date_from, date_to)
        return self._statements_of_rows(summary, rows, last_page=True)

    @api.model
    def _get_statement_page(
        self, partner, date_from, date_to, page=1, limit=PAGE_LINES
    ):
        """Page ``page`` of the statement, ``limit`` lines a page, all
        currencies in one sequence (currency by currency): three queries
        whatever the number of lines, only the page's rows are fetched.

        Returns ``statements`` (the statements with lines on this page, each
        with ``brought_forward``/``carried_forward`` and whether the page
        ``starts``/``ends`` it), ``summary`` (every currency's statement
        without lines: opening, closing, count, aging), ``total`` (lines of
        the period), ``page`` (clamped to the last page), ``page_count`` and
        ``limit``.
        """
        summary = self._get_statement_summary(partner, date_from, date_to)
        total = sum(statement["count"] for statement in summary)
        page_count = max(1, -(-total // limit))
        page = min(max(page, 1), page_count)
        rows = self._get_statement_rows(
            partner, date_from, date_to, offset=(page - 1) * limit, limit=limit
        )
        return {
            "statements": self._statements_of_rows(
                summary, rows, last_page=page == page_count
            ),
            "summary": summary,
            "total": total,
            "page": page,
            "page_count": page_count,
            "limit": limit,
        }

    @api.model
    def _flush_ledger(self):
        self.env["account.move.line"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.move"].flush_model(["move_type", "ref", "origin_payment_id"])

    @api.model
    def _get_statement_summary(self, partner, date_from, date_to):
        """Each currency's statement without its lines, in statement order:
        opening, closing, ``count`` (lines of the period), ``position`` (of
        its first line in the statement, from 1), aging. Two queries: sums
        and counts grouped by currency, and the aging."""
        self._flush_ledger()
        self.env.cr.execute(
            SQL(
                """
                WITH lines AS (%(lines)s)
                SELECT currency_id,
                       COALESCE(SUM(amount) FILTER (WHERE date < %(date_from)s), 0)
                           AS opening,
                       SUM(amount) AS closing,
                       COUNT(*) FILTER (WHERE date >= %(date_from)s) AS count
                  FROM lines
              GROUP BY currency_id
              ORDER BY currency_id
                """,
                lines=self._receivable_lines_sql(partner, date_to),
                date_from=date_from,
            )
        )
        totals = self.env.cr.dictfetchall()
        aging = self._get_aging(partner, date_to)
        buckets = self._aging_buckets()
        summary = []
        position = 1
        for total in totals:
            currency = self.env["res.currency"].browse(total["currency_id"])
            if not total["count"] and currency.is_zero(total["opening"]):
                continue
            summary.append(
                {
                    "currency": currency,
                    "opening": total["opening"],
                    "closing": total["closing"],
                    "count": total["count"],
                    "position": position,
                    "aging": aging.get(currency.id, dict.fromkeys(AGING_BUCKETS, 0.0)),
                    "aging_buckets": buckets,
                }
            )
            position += total["count"]
        return summary

    @api.model
    def _get_statement_rows(self, partner, date_from, date_to, offset=0, limit=None):
        """The period's journal items in statement order (currency by
        currency, then date, number, id) from ``offset``, at most ``limit``
        (all when None). Each has its running balance over the whole period
        (the window runs over every line, only the page's rows are
        returned), the balance before it and its ``position`` (from 1)."""
        self._flush_ledger()
        self.env.cr.execute(
            SQL(
                """
                WITH lines AS (%(lines)s),
                opening AS (
                    SELECT currency_id, SUM(amount) AS amount
                      FROM lines WHERE date < %(date_from)s GROUP BY currency_id
                ),
                period AS (
                    SELECT lines.*,
                           COALESCE(opening.amount, 0) + SUM(lines.amount) OVER (
                               PARTITION BY lines.currency_id
                               ORDER BY lines.date, lines.move_name, lines.id
                           ) AS balance,
                           ROW_NUMBER() OVER (
                               ORDER BY lines.currency_id, lines.date,
                                        lines.move_name, lines.id
                           ) AS position
                      FROM lines
                 LEFT JOIN opening ON opening.currency_id = lines.currency_id
                     WHERE lines.date >= %(date_from)s
                )
                -- computed in numeric, so that it equals the previous line's
                -- balance exactly (a page's brought forward is the previous
                -- page's carried forward)
                SELECT period.*, period.balance - period.amount AS balance_before
                  FROM period
                 WHERE period.position > %(offset)s
              ORDER BY period.position
                 LIMIT %(limit)s
                """,
                lines=self._receivable_lines_sql(partner, date_to),
                date_from=date_from,
                offset=offset,
                limit=limit,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _statements_of_rows(self, summary, rows, last_page):
        """The statements of ``rows`` (one page, or the whole period), from
        the ``summary``: a statement per currency that has rows, and on the
        ``last_page`` those without any line in the period (opening only)."""
        by_currency = {statement["currency"].id: statement for statement in summary}
        statements = {}
        for row in rows:
            total = by_currency[row["currency_id"]]
            statement = statements.get(row["currency_id"])
            if statement is None:
                statement = statements[row["currency_id"]] = dict(
                    total,
                    lines=[],
                    brought_forward=row["balance_before"],
                    starts=row["position"] == total["position"],
                )
            row["kind"] = self._line_kind(row)
            statement["lines"].append(row)
            statement["carried_forward"] = row["balance"]
            statement["ends"] = (
                row["position"] == total["position"] + total["count"] - 1
            )
        return [
            statements.get(total["currency"].id)
            or dict(
                total,
                lines=[],
                brought_forward=total["opening"],
                carried_forward=total["closing"],
                starts=True,
                ends=True,
            )
            for total in summary
            if total["currency"].id in statements or (last_page and not total["count"])
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
                     -- an item fully reconciled by then is closed: only the
                     -- others need their partials summed (a long history is
                     -- mostly closed items)
                     WHERE lines.full_reconcile_id IS NULL
                        OR lines.id IN (
                               SELECT debit_move_id FROM account_partial_reconcile
                                WHERE max_date > %(date_to)s
                                UNION ALL
                               SELECT credit_move_id FROM account_partial_reconcile
                                WHERE max_date > %(date_to)s
                           )
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
