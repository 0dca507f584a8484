from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

from ..const import MAX_AMOUNT, MAX_SELECTED
from ..tools import payment_input

# Two amounts of one currency are the same when closer than half of the
# finest rounding a currency may have (res.currency.rounding has 6 digits).
SAME_AMOUNT = 0.0000005


class AccountMove(models.Model):
    _inherit = "account.move"

    def _has_to_be_paid(self):
        """No "Pay Now" on an invoice excluded from online payment."""
        return self.customer_zone_allow_online_payment and super()._has_to_be_paid()

    @api.model
    def _customer_zone_chosen_payable(self, partner, company, raw_ids):
        """The invoices a customer chose to pay: "all" (``partner``'s payable
        invoices in ``company``) or ids as text ("1,2" or "1-2").

        Searched as this environment's user, so record rules apply; a
        foreign, unknown or unpayable id, or a choice with no invoice of
        ``company`` (the zone's, which offers "pay"), refuses the whole
        choice (ValueError).
        """
        if raw_ids == "all":
            return self._customer_zone_payable_of(partner, company)
        ids = payment_input.parse_ids(raw_ids)
        invoices = self.search(
            Domain("id", "in", ids) & partner._customer_zone_payable_domain()
        )
        if len(invoices) != len(ids):
            raise ValueError("invalid")
        if company not in invoices.company_id:
            # another company's invoices only (a branch whose zone may not
            # pay them): "pay" is the zone's company's. Invoices of several
            # companies are refused by the caller with that reason.
            raise ValueError("invalid")
        return invoices

    @api.model
    def _customer_zone_payable_of(self, partner, company, lines_domain=None):
        """What "select all" pays: every invoice of ``partner`` in ``company``
        that may be paid online, or only those of the filter ``lines_domain``
        (a server-built domain on journal items: a filter of the outstanding
        items; see ``_customer_zone_payable_in_domain``). Oldest due first.

        Searched as this environment's user, so record rules apply to the
        invoices; ValueError("too_many") above MAX_SELECTED, rather than a
        silent cut.
        """
        domain = partner._customer_zone_payable_domain(company)
        if lines_domain is not None:
            domain = self._customer_zone_payable_in_domain(
                partner, company, lines_domain
            )
        invoices = self.search(
            domain, order="invoice_date_due, id", limit=MAX_SELECTED + 1
        )
        if len(invoices) > MAX_SELECTED:
            raise ValueError("too_many")
        return invoices

    @api.model
    def _customer_zone_payable_count(self, partner, company, lines_domain):
        """How many invoices "select all" would pay for ``lines_domain`` (as
        in ``_customer_zone_payable_of``): one query."""
        return self.search_count(
            self._customer_zone_payable_in_domain(partner, company, lines_domain)
        )

    @api.model
    def _customer_zone_payable_in_domain(
        self, partner, company, lines_domain, payable=None
    ):
        """The invoices of ``partner`` in ``company`` that "select all" of the
        filter ``lines_domain`` (journal items) pays, for both the count the
        outstanding page shows and the invoices the pay page takes.
        ``payable``: the invoices' own conditions, ``partner``'s payable
        invoices by default."""
        if payable is None:
            payable = partner._customer_zone_payable_domain(company)
        # The rule: an invoice is of the filter when it has an open item in
        # the filter and *every* open receivable item of it is in the filter.
        # An invoice is paid whole (its residual), so the amount is then
        # exactly the sum of the filter's open items: an invoice in
        # installments with one overdue and one not yet due is not "overdue"
        # (as for core's "Pay overdue"), nor one with an instalment given to
        # another payer. any!: the journal items' domain is the server's, on
        # the customer's own items; the invoices found obey the rules.
        sums = self._customer_zone_filter_sums_query(
            partner, company, {"whole": lines_domain}
        )
        return payable & Domain(
            "id",
            "any!",
            SQL(
                """SELECT sums.move_id FROM (%s) AS sums
                     JOIN account_move AS move ON move.id = sums.move_id
                    WHERE %s""",
                sums,
                self._customer_zone_wholly_in("sums", "move", "whole"),
            ),
        )

    @api.model
    def _customer_zone_filter_sums_query(self, partner, company, filters):
        """SQL of the rows ``(move_id, items, residual, residual_currency,
        <key>_items...)``: for each journal entry with an open receivable
        item of ``partner`` in ``company``, how many it has, their sums in
        the company's currency and in the entry's, and how many of them are
        in each filter of ``filters`` (``{key: domain}`` on journal items,
        server-built). One grouped pass over the customer's open items,
        whatever the number of filters and invoices: what
        ``_customer_zone_wholly_in`` compares with the invoices."""
        # sudo: counting and summing the customer's own items, by
        # server-built domains
        Line = self.env["account.move.line"].sudo()
        query = Line._search(partner._customer_zone_open_items_domain(company))
        move = Line._field_to_sql(query.table, "move_id", query)
        query.groupby = move
        sums = [
            SQL("%s AS move_id", move),
            SQL("COUNT(*) AS items"),
            SQL(
                "SUM(%s) AS residual",
                Line._field_to_sql(query.table, "amount_residual", query),
            ),
            SQL(
                "SUM(%s) AS residual_currency",
                Line._field_to_sql(query.table, "amount_residual_currency", query),
            ),
        ]
        for key, domain in filters.items():
            condition = (
                Domain(domain).optimize_full(Line)._to_sql(Line, query.table, query)
            )
            sums.append(
                SQL(
                    "COUNT(*) FILTER (WHERE %s) AS %s",
                    condition,
                    SQL.identifier(f"{key}_items"),
                )
            )
        return query.select(*sums)

    @staticmethod
    def _customer_zone_wholly_in(sums, move, key):
        """SQL of "the customer invoice ``move`` (an alias of account_move)
        has its whole open amount in the filter ``key``" of the row ``sums``
        (an alias of ``_customer_zone_filter_sums_query``'s rows, joined on
        the invoice): it has open items in the filter, all the customer's
        open items of it are in the filter, and they are all its open items.

        The last is read from the invoice's stored residual, the sum of its
        open instalments, in the company's currency and in the invoice's:
        the customer's items sum to it when no other payer holds an open
        instalment of it (an open item is never zero in both). So no
        invoice's other lines are read, which at thousands of open invoices
        cost a lookup each. Amounts are stored rounded to their currency,
        and sums of them are exact (``numeric``): "equal" is closer than half
        of the finest rounding a currency may have (``SAME_AMOUNT``),
        whatever the currency, with no currency to read. An out_invoice's
        residual is the sum of its instalments' residual in its currency,
        not the opposite (``account.move._compute_amount``).
        """
        items = SQL.identifier(sums, f"{key}_items")
        return SQL(
            """(%s = 'out_invoice' AND %s > 0 AND %s = %s
                AND ABS(%s - %s) < %s AND ABS(%s - %s) < %s)""",
            SQL.identifier(move, "move_type"),
            items,
            items,
            SQL.identifier(sums, "items"),
            SQL.identifier(sums, "residual"),
            SQL.identifier(move, "amount_residual_signed"),
            SAME_AMOUNT,
            SQL.identifier(sums, "residual_currency"),
            SQL.identifier(move, "amount_residual"),
            SAME_AMOUNT,
        )

    @api.model
    def _customer_zone_own_payable_domain(self, partner, company):
        """What the pay page finds searching ``partner``'s payable invoices in
        ``company`` (``res.partner._customer_zone_payable_domain``) as the
        customer's portal user, for a search in sudo restricted to
        invoices whose open items are ``partner``'s family's (the caller adds
        that condition: the filter's items, or the statement's). The
        invoices are the family's by the pay page's own condition (a
        sub-query, no query of its own), and the zone's rule is decided here
        without a query."""
        return partner._customer_zone_payable_domain(
            company
        ) & partner._customer_zone_document_domain("account.move", company)

    @api.model
    def _customer_zone_payable_totals_query(self, partner, company, lines_domain):
        """SQL of one JSON value ``{count, currencies, currency_id, amount}``:
        how many invoices "select all" of the filter ``lines_domain`` (journal
        items of ``partner``'s, server-built) pays, in how many currencies,
        and the sum of their open amounts, which is what the confirmation
        page charges for them. A sub-query, so that the "Pay" buttons of a
        page show that amount without a query of their own."""
        return SQL(
            "(%s) -> 'whole'",
            self._customer_zone_payable_totals_by_filter_query(
                partner, company, lines_domain, {"whole": Domain.TRUE}
            ),
        )

    @api.model
    def _customer_zone_payable_totals_by_filter_query(
        self, partner, company, lines_domain, filters
    ):
        """SQL of one JSON object ``{key: totals}``, the totals of
        ``_customer_zone_payable_totals_query`` for the filter ``lines_domain
        & domain`` of each ``{key: domain}`` of ``filters``, in one pass over
        the customer's open items: the account summary's buttons."""
        # sudo: the customer's own payable invoices (see
        # _customer_zone_own_payable_domain), only summed
        Move = self.sudo()
        query = Move._search(self._customer_zone_own_payable_domain(partner, company))
        alias = "customer_zone_sums"
        query.add_join(
            "JOIN",
            alias,
            SQL(
                "(%s)",
                self._customer_zone_filter_sums_query(
                    partner,
                    company,
                    {
                        key: Domain(lines_domain) & Domain(domain)
                        for key, domain in filters.items()
                    },
                ),
            ),
            SQL(
                "%s = %s",
                SQL.identifier(alias, "move_id"),
                SQL.identifier(query.table, "id"),
            ),
        )
        residual = Move._field_to_sql(query.table, "amount_residual", query)
        currency = Move._field_to_sql(query.table, "currency_id", query)
        totals = []
        for key in filters:
            flag = self._customer_zone_wholly_in(alias, query.table, key)
            totals += [
                SQL("%s", key),
                SQL(
                    """json_build_object(
                        'count', COUNT(*) FILTER (WHERE %s),
                        'currencies', COUNT(DISTINCT %s) FILTER (WHERE %s),
                        'currency_id', MIN(%s) FILTER (WHERE %s),
                        'amount', COALESCE(SUM(%s) FILTER (WHERE %s), 0))""",
                    flag,
                    currency,
                    flag,
                    currency,
                    flag,
                    residual,
                    flag,
                ),
            ]
        return query.select(SQL("json_build_object(%s)", SQL(", ").join(totals)))

    @api.model
    def _customer_zone_payable_ids_query(self, partner, company, move_ids):
        """SQL of the array of those of ``move_ids`` (documents of
        ``partner``'s family's journal items) that a choice of invoices
        (``_customer_zone_chosen_payable``) takes, in ``company``."""
        # sudo: ids of the customer's own payable invoices (see
        # _customer_zone_own_payable_domain), among its family's documents
        Move = self.sudo()
        query = Move._search(
            Domain("id", "in", list(move_ids))
            & Domain("commercial_partner_id", "=", partner.id)
            & self._customer_zone_own_payable_domain(partner, company)
        )
        return query.select(
            SQL(
                "COALESCE(ARRAY_AGG(%s), '{}')",
                Move._field_to_sql(query.table, "id", query),
            )
        )

    @api.model
    def _customer_zone_overdue_payable(self, partner, company):
        """What "Pay overdue invoices" pays: ``partner``'s payable invoices in
        ``company`` past due (searched as this environment's user)."""
        today = fields.Date.context_today(self)
        return self.search(
            partner._customer_zone_payable_domain(company)
            & Domain("invoice_date_due", "<", today),
            limit=MAX_SELECTED,
        )

    def _customer_zone_check_online_amount(self, amount):
        """``amount`` (a float above zero, or None) rounded to the invoice's
        currency, if it may be paid online on this invoice; else
        ValidationError.

        Never more than what is due; less only where Settings allow it (core
        takes the amount the browser sends as it is).
        """
        self.ensure_one()
        currency = self.currency_id
        if amount is not None:
            # 1e-320 is above zero, and 0.0 once rounded to the currency
            amount = currency.round(amount) if amount < MAX_AMOUNT else None
        due = self.amount_residual
        if not amount or currency.compare_amounts(amount, due) > 0:
            raise ValidationError(
                self.env._("Enter an amount above zero and up to what is due.")
            )
        if self.company_id.customer_zone_allow_partial_payment:
            return amount
        # the full amount, or what core itself offers: installment, discount
        next_values = self._get_invoice_next_payment_values()
        offered = {
            due,
            next_values.get("amount_due") or due,
            next_values.get("next_amount_to_pay") or due,
        }
        if not any(currency.compare_amounts(amount, value) == 0 for value in offered):
            raise ValidationError(
                self.env._("This invoice can only be paid in full online.")
            )
        return amount
