# Run by setup/big through `odoo shell` (env is the shell's) for the scale
# `large`: "Largeco Distribution" (login largeco/largeco) with 20,000
# invoices over five years, their credit notes and payments, among filler
# customers (no logins) enough for the database to hold 1,000,000 journal
# items. The ORM is far too slow for that; the documents are made as for the
# other scales (setup/big_customer.py, bulk ORM) in blocks, and each block
# is then copied with set-based SQL:
#
#   largeco  a block of four weeks of invoices made through the ORM at the
#            start of the five years (credit notes, payments, partial
#            payments, reconciliations, a few items left open), copied
#            every four weeks up to three months ago; the last three months
#            made through the ORM (today's overdue items, payments on account)
#   fillers  one filler customer's five years made through the ORM, copied
#            for each other filler customer
#
# A copy holds every row of its block in account_move, account_move_line,
# account_payment, account_partial_reconcile, account_full_reconcile and
# their relation tables (taxes, tags, invoices of payments), whatever
# columns the installed modules add: ids moved past the tables' ends,
# dates shifted, the customer swapped, new numbers in each journal's yearly
# sequence (name, sequence_prefix, sequence_number, and the names quoted in
# references, memos and line labels), the matching numbers of the copied
# reconciliations. No portal token, hash or attachment is copied. The
# PostgreSQL sequences are reset after each copy, the ledger checked in SQL
# at the end (setup/big_customer.py, check_ledger), then ANALYZE.
#
# Environment: CZ_BIG_INVOICES (largeco's invoices, 20000),
# CZ_BIG_CUSTOMERS (filler customers; by default as many as CZ_BIG_LINES
# needs), CZ_BIG_CUSTOMER_INVOICES (invoices of each filler customer, 60),
# CZ_BIG_LINES (journal items the database holds at least, 1000000).
# ruff: noqa: F821  (env is the shell's)
import math
import os
import random
import sys
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

sys.path.insert(0, os.environ.get("CZ_SETUP_DIR", "setup"))
import big_customer as orm  # noqa: E402

say = orm.say
# the last days the ORM builds with today's overdue items: at least the
# longest a block's payment comes after its last invoice (60 days' terms,
# 30 days late), so that no copy is paid after today
RECENT_DAYS = 90
BLOCK_DAYS = 28
FILLER_INVOICES = int(os.environ.get("CZ_BIG_CUSTOMER_INVOICES") or 60)
FILLER_CUSTOMERS = os.environ.get("CZ_BIG_CUSTOMERS")
MIN_LINES = int(os.environ.get("CZ_BIG_LINES") or 1_000_000)
OLD_UNPAID = orm.UNPAID_BY_AGE[-1][1]
# the tables a block's rows are copied in, in the order of their foreign
# keys (account_move.origin_payment_id is filled after account_payment)
TABLES = (
    "account_full_reconcile",
    "account_move",
    "account_payment",
    "account_move_line",
    "account_partial_reconcile",
)
# columns no copy keeps: links, hashes and attachments are the original's
CLEARED = {
    "account_move": (
        "access_token",
        "customer_zone_token_expires_on",
        "inalterable_hash",
        "secure_sequence_number",
        "message_main_attachment_id",
    ),
    "account_payment": ("message_main_attachment_id",),
}


def fetch(cr, query, *args, **kwargs):
    cr.execute(SQL(query, *args, **kwargs))
    return cr.fetchall()


class Block:
    """The rows an ORM step made in TABLES (those above the ids there were
    before it), to be copied by ``Copies``: ``with Block(env) as block:``."""

    def __init__(self, env):
        self.env = env
        self.before = {}
        self.ranges = {}

    def _bounds(self, table, above=0):
        self.env.flush_all()
        ((low, high),) = fetch(
            self.env.cr,
            "SELECT MIN(id), MAX(id) FROM %s WHERE id > %s",
            SQL.identifier(table),
            above,
        )
        return low, high

    def __enter__(self):
        self.before = {table: self._bounds(table)[1] or 0 for table in TABLES}
        return self

    def __exit__(self, *exc_info):
        if exc_info[0] is None:
            for table in TABLES:
                low, high = self._bounds(table, self.before[table])
                self.ranges[table] = (low, high) if low else None

    def count(self, table):
        low_high = self.ranges[table]
        return low_high[1] - low_high[0] + 1 if low_high else 0

    def latest_date(self):
        """The latest date of the block's moves and reconciliations."""
        low, high = self.ranges["account_move"]
        ((latest,),) = fetch(
            self.env.cr,
            "SELECT MAX(date) FROM account_move WHERE id BETWEEN %s AND %s",
            low,
            high,
        )
        return latest


class Copies:
    """Copies of ``block`` (made for the customer ``partner``): one per
    (days to shift, customer) of ``targets``, by INSERT ... SELECT from
    the block crossed with the temporary table cz_copy."""

    def __init__(self, env, block, partner, targets):
        self.env, self.cr = env, env.cr
        self.block, self.partner, self.targets = block, partner, targets
        self.ranges = {t: r for t, r in block.ranges.items() if r}
        self.bases, self.spans = {}, {}
        self.columns = {}
        self.foreign_keys = {}

    def run(self):
        if not self.targets:
            return
        self.env.flush_all()
        self._read_schema()
        self._check_block()
        self._make_copy_table()
        self._make_move_map()
        self._make_memo_map()
        for table in TABLES:
            if table in self.ranges:
                self._insert(table)
        self._insert_relations()
        self._fill_later_keys()
        self._reset_sequences()
        self.cr.execute(SQL("DROP TABLE cz_copy, cz_family, cz_move_map, cz_memo"))
        # the ORM builds on after a copy: its queries on tables grown tenfold
        # with stale statistics took minutes instead of seconds
        analyze(self.env, commit=False)
        self.env.invalidate_all()
        # the numbers Odoo handed out in this transaction, cached per
        # sequence: stale now that the copies took the next ones
        self.env["account.move"]._get_sequence_cache().clear()

    # ------------------------------------------------------------------
    # what is copied and where it goes
    # ------------------------------------------------------------------
    def _read_schema(self):
        for table, column, target in fetch(
            self.cr,
            """SELECT con.conrelid::regclass::text, att.attname,
                      con.confrelid::regclass::text
                 FROM pg_constraint con
                 JOIN pg_attribute att ON att.attrelid = con.conrelid
                                      AND att.attnum = con.conkey[1]
                WHERE con.contype = 'f' AND cardinality(con.conkey) = 1""",
        ):
            self.foreign_keys[table, column] = target
        referring = {table for (table, _col), target in self.foreign_keys.items()}
        for table in set(TABLES) | referring:
            self.columns[table] = fetch(
                self.cr,
                """SELECT attname, format_type(atttypid, atttypmod)
                     FROM pg_attribute
                    WHERE attrelid = %s::regclass AND attnum > 0
                      AND NOT attisdropped
                    ORDER BY attnum""",
                table,
            )
        for table, (low, high) in self.ranges.items():
            ((top,),) = fetch(self.cr, "SELECT MAX(id) FROM %s", SQL.identifier(table))
            self.bases[table] = top + 1
            self.spans[table] = high - low + 1

    def _relations(self):
        """The relation tables (two foreign keys, no id) of TABLES' rows,
        with their columns."""
        relations = {}
        for (table, _column), target in self.foreign_keys.items():
            if table not in TABLES and target in TABLES:
                names = [name for name, _type in self.columns[table]]
                if len(names) == 2 and all(
                    (table, name) in self.foreign_keys for name in names
                ):
                    relations[table] = names
        return relations

    def _check_block(self):
        """Refuse a block that points outside itself, or that rows of other
        tables (not copied) point to: a copy would share them."""
        relations = self._relations()
        problems = []
        for (table, column), target in self.foreign_keys.items():
            if target not in TABLES or table in relations:
                continue
            col = SQL.identifier(column)
            if table in TABLES:
                if table not in self.ranges:
                    continue
                low, high = self.ranges[table]
                t_low, t_high = self.ranges.get(target, (0, -1))
                query = SQL(
                    "SELECT COUNT(*) FROM %s WHERE id BETWEEN %s AND %s"
                    " AND %s IS NOT NULL AND %s NOT BETWEEN %s AND %s",
                    SQL.identifier(table), low, high, col, col, t_low, t_high,
                )  # fmt: skip
            elif target in self.ranges:
                query = SQL(
                    "SELECT COUNT(*) FROM %s WHERE %s BETWEEN %s AND %s",
                    SQL.identifier(table), col, *self.ranges[target],
                )  # fmt: skip
            else:
                continue
            self.cr.execute(query)
            if found := self.cr.fetchone()[0]:
                problems.append(f"{table}.{column}: {found}")
        low, high = self.ranges["account_move"]
        ((drafts,),) = fetch(
            self.cr,
            "SELECT COUNT(*) FROM account_move WHERE id BETWEEN %s AND %s"
            " AND state <> 'posted'",
            low,
            high,
        )
        if drafts:
            problems.append(f"{drafts} moves not posted")
        if problems:
            raise AssertionError("the block cannot be copied: " + ", ".join(problems))

    def _make_copy_table(self):
        """cz_copy: each copy's number k, days to shift and customer."""
        self.cr.execute(
            SQL(
                """CREATE TEMP TABLE cz_copy AS
                   SELECT copy.k, copy.shift, copy.partner_id,
                          COALESCE(partner.complete_name, partner.name)
                              AS partner_name
                     FROM unnest(%s::int[], %s::int[], %s::int[])
                              AS copy(k, shift, partner_id)
                     JOIN res_partner partner ON partner.id = copy.partner_id;
                   ANALYZE cz_copy""",
                list(range(len(self.targets))),
                [shift for shift, _partner in self.targets],
                [partner for _shift, partner in self.targets],
            )
        )

    def _families(self):
        """(journal, sequence prefix, prefix before the year, year length,
        prefix after the year, number length, suffix) of the block's
        moves: yearly sequences only (a copy changes the year)."""
        Move = self.env["account.move"]
        families = []
        low, high = self.ranges["account_move"]
        for journal, prefix, name in fetch(
            self.cr,
            """SELECT DISTINCT ON (journal_id, sequence_prefix)
                      journal_id, sequence_prefix, name
                 FROM account_move WHERE id BETWEEN %s AND %s""",
            low,
            high,
        ):
            if Move._deduce_sequence_number_reset(name) != "year":
                raise AssertionError(f"{name}: only yearly sequences are copied")
            _format, values = Move._get_sequence_format_param(name)
            families.append(
                (
                    journal,
                    prefix,
                    values["prefix1"],
                    values["year_length"],
                    values["prefix2"],
                    values["seq_length"],
                    values["suffix"],
                )
            )
        return families

    def _make_move_map(self):
        """cz_move_map: each copied move's new id, name and number, numbered
        by date after the journal's last number of the same prefix."""
        families = self._families()
        self.cr.execute(
            SQL(
                """CREATE TEMP TABLE cz_family AS
                   SELECT * FROM unnest(%s::int[], %s::text[], %s::text[],
                                        %s::int[], %s::text[], %s::int[],
                                        %s::text[])
                       AS family(journal_id, prefix, prefix1, year_length,
                                 prefix2, seq_length, suffix)""",
                *(list(column) for column in zip(*families, strict=True)),
            )
        )
        low, high = self.ranges["account_move"]
        new_prefix = SQL(
            "family.prefix1 || RIGHT(TO_CHAR(%s, 'YYYY'), family.year_length)"
            " || family.prefix2",
            SQL("move.date + copy.shift"),
        )
        # the block's own prefixes, rebuilt from their dates: a sequence
        # whose year is not the date's (fiscal years) is not copied
        ((wrong,),) = fetch(
            self.cr,
            """SELECT COUNT(*) FROM account_move move
                 JOIN cz_family family ON family.journal_id = move.journal_id
                                      AND family.prefix = move.sequence_prefix
                CROSS JOIN (SELECT 0 AS shift) copy
                WHERE move.id BETWEEN %s AND %s AND %s <> move.sequence_prefix""",
            low,
            high,
            new_prefix,
        )
        if wrong:
            raise AssertionError(f"{wrong} moves numbered in another year")
        self.cr.execute(
            SQL(
                """CREATE TEMP TABLE cz_move_map AS
                   WITH copied AS (
                       SELECT move.id AS old_id, copy.k, move.journal_id,
                              move.name AS old_name, move.date + copy.shift AS day,
                              move.sequence_number AS old_number,
                              %(new_prefix)s AS new_prefix,
                              family.seq_length, family.suffix
                         FROM account_move move
                         JOIN cz_family family
                           ON family.journal_id = move.journal_id
                          AND family.prefix = move.sequence_prefix
                        CROSS JOIN cz_copy copy
                        WHERE move.id BETWEEN %(low)s AND %(high)s),
                   last AS (
                       SELECT journal_id, sequence_prefix,
                              MAX(sequence_number) AS number
                         FROM account_move
                        WHERE (journal_id, sequence_prefix) IN (
                              SELECT journal_id, new_prefix FROM copied)
                        GROUP BY journal_id, sequence_prefix),
                   numbered AS (
                       SELECT copied.*, COALESCE(last.number, 0) + ROW_NUMBER()
                              OVER (PARTITION BY copied.journal_id, new_prefix
                                    ORDER BY day, k, old_number) AS new_number
                         FROM copied
                         LEFT JOIN last ON last.journal_id = copied.journal_id
                                       AND last.sequence_prefix = copied.new_prefix)
                   SELECT old_id, k, old_name, new_prefix, new_number,
                          new_prefix || LPAD(new_number::text,
                                             GREATEST(seq_length,
                                                      LENGTH(new_number::text)),
                                             '0') || suffix AS new_name
                     FROM numbered;
                   ANALYZE cz_move_map""",
                new_prefix=new_prefix,
                low=low,
                high=high,
            )
        )

    def _make_memo_map(self):
        """cz_memo: the memo of each copied payment that listed the invoices
        it paid (the generator's remittance), with the copies' names."""
        low, high = self.ranges.get("account_payment", (0, -1))
        self.cr.execute(
            SQL(
                """CREATE TEMP TABLE cz_memo AS
                   WITH paid AS (
                       SELECT pay.move_id AS pay_move, pay.memo AS old_memo,
                              inv_line.move_id AS inv_move,
                              MIN(inv_line.date_maturity) AS due,
                              MIN(inv_line.id) AS first_line
                         FROM account_payment pay
                         JOIN account_move_line pay_line
                           ON pay_line.move_id = pay.move_id
                         JOIN account_partial_reconcile part
                           ON part.credit_move_id = pay_line.id
                         JOIN account_move_line inv_line
                           ON inv_line.id = part.debit_move_id
                        WHERE pay.id BETWEEN %(low)s AND %(high)s
                        GROUP BY 1, 2, 3),
                   named AS (
                       SELECT paid.pay_move, paid.old_memo, map.k, map.old_name,
                              map.new_name,
                              ROW_NUMBER() OVER invoices AS rank,
                              COUNT(*) OVER (PARTITION BY paid.pay_move, map.k)
                                  AS count
                         FROM paid
                         JOIN cz_move_map map ON map.old_id = paid.inv_move
                       WINDOW invoices AS (PARTITION BY paid.pay_move, map.k
                                           ORDER BY paid.due, paid.first_line)),
                   memos AS (
                       SELECT pay_move AS old_move_id, k, old_memo,
                              STRING_AGG(old_name, ', ' ORDER BY rank)
                                  FILTER (WHERE rank <= 3) AS old_list,
                              STRING_AGG(new_name, ', ' ORDER BY rank)
                                  FILTER (WHERE rank <= 3) AS new_list,
                              CASE WHEN MAX(count) > 3
                                   THEN ' and ' || (MAX(count) - 3) || ' more'
                                   ELSE '' END AS more
                         FROM named GROUP BY pay_move, k, old_memo)
                   SELECT old_move_id, k, old_memo, new_list || more AS new_memo
                     FROM memos WHERE old_memo = old_list || more;
                   ANALYZE cz_memo""",
                low=low,
                high=high,
            )
        )

    # ------------------------------------------------------------------
    # the copies
    # ------------------------------------------------------------------
    def _map(self, table, value):
        """The id of ``value``'s copy (a row of ``table``) in copy k."""
        low, _high = self.ranges[table]
        return SQL(
            "(%s - %s + %s + copy.k * %s)",
            value,
            low,
            self.bases[table],
            self.spans[table],
        )

    def _renamed(self, column):
        """A label quoting the move's name or its payment's memo, quoting the
        copy's instead."""
        col = SQL.identifier("t", column)
        return SQL(
            """CASE WHEN memo.new_memo IS NOT NULL
                    THEN REPLACE(%s, memo.old_memo, memo.new_memo)
                    ELSE REPLACE(%s, map.old_name, map.new_name) END""",
            col,
            col,
        )

    def _matching_number(self):
        """'P' + the first partial's id, or the full reconciliation's id."""
        number = SQL.identifier("t", "matching_number")
        cases = []
        if "account_partial_reconcile" in self.ranges:
            cases.append(
                SQL(
                    "WHEN %s LIKE 'P%%' THEN 'P' || %s",
                    number,
                    self._map(
                        "account_partial_reconcile", SQL("SUBSTR(%s, 2)::int", number)
                    ),
                )
            )
        if "account_full_reconcile" in self.ranges:
            cases.append(
                SQL(
                    "WHEN %s ~ '^[0-9]+$' THEN %s::text",
                    number,
                    self._map("account_full_reconcile", SQL("%s::int", number)),
                )
            )
        if not cases:
            return number
        return SQL("CASE %s ELSE %s END", SQL(" ").join(cases), number)

    def _special(self, table):
        """Columns of ``table`` whose copy is computed, not shifted or
        mapped."""
        partner_name = SQL(
            "CASE WHEN t.partner_id = %s THEN copy.partner_name"
            " ELSE t.invoice_partner_display_name END",
            self.partner,
        )
        special = {column: SQL("NULL") for column in CLEARED.get(table, ())}
        special.update(
            {
                "account_move": {
                    "name": SQL("map.new_name"),
                    "sequence_prefix": SQL("map.new_prefix"),
                    "sequence_number": SQL("map.new_number"),
                    "payment_reference": self._renamed("payment_reference"),
                    "ref": self._renamed("ref"),
                    "invoice_partner_display_name": partner_name,
                    "made_sequence_gap": SQL("FALSE"),
                },
                "account_move_line": {
                    "move_name": SQL("map.new_name"),
                    "name": self._renamed("name"),
                    "ref": self._renamed("ref"),
                    "matching_number": self._matching_number(),
                },
                "account_payment": {
                    "name": SQL("COALESCE(map.new_name, t.name)"),
                    "memo": SQL("COALESCE(memo.new_memo, t.memo)"),
                },
            }.get(table, {})
        )
        return special

    def _expression(self, table, column, kind, special):
        """What the copy of ``table``'s row ``t`` holds in ``column``."""
        col = SQL.identifier("t", column)
        target = self.foreign_keys.get((table, column))
        if column in special:
            return special[column]
        if column == "id":
            return self._map(table, col)
        if target in TABLES:
            if TABLES.index(target) > TABLES.index(table):
                return SQL("NULL")  # filled by _fill_later_keys
            return self._map(target, col) if target in self.ranges else col
        if target == "res_partner":
            return SQL(
                "CASE WHEN %s = %s THEN copy.partner_id ELSE %s END",
                col,
                self.partner,
                col,
            )
        if kind == "date":
            return SQL("%s + copy.shift", col)
        return col

    def _source(self, table):
        """The FROM clause of ``table``'s copies: the block's rows ``t`` by
        each copy, with the move map ``map`` and the memo map ``memo``."""
        low, high = self.ranges[table]
        move_id = {
            "account_move": "id",
            "account_move_line": "move_id",
            "account_payment": "move_id",
        }.get(table)
        maps = SQL()
        if move_id:
            join = SQL("LEFT JOIN" if table == "account_payment" else "JOIN")
            maps = SQL(
                """%(join)s cz_move_map map
                     ON map.old_id = %(move)s AND map.k = copy.k
                   LEFT JOIN cz_memo memo
                     ON memo.old_move_id = %(move)s AND memo.k = copy.k""",
                join=join,
                move=SQL.identifier("t", move_id),
            )
        return SQL(
            "%s t CROSS JOIN cz_copy copy %s WHERE t.id BETWEEN %s AND %s",
            SQL.identifier(table),
            maps,
            low,
            high,
        )

    def _insert(self, table):
        special = self._special(table)
        names, values = [], []
        for column, kind in self.columns[table]:
            names.append(SQL.identifier(column))
            values.append(self._expression(table, column, kind, special))
        self.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT %s FROM %s",
                SQL.identifier(table),
                SQL(", ").join(names),
                SQL(", ").join(values),
                self._source(table),
            )
        )
        say(f"{self.cr.rowcount:,} rows copied into {table}")

    def _insert_relations(self):
        """The block's rows of the relation tables (line taxes and tags,
        payments' invoices), between the copies."""
        for table, names in self._relations().items():
            values, conditions = [], []
            for column in names:
                col = SQL.identifier("t", column)
                target = self.foreign_keys[table, column]
                if target in TABLES:
                    if target not in self.ranges:
                        break
                    values.append(self._map(target, col))
                    low, high = self.ranges[target]
                    conditions.append(SQL("%s BETWEEN %s AND %s", col, low, high))
                elif target == "res_partner":
                    values.append(self._expression(TABLES[0], column, "", {}))
                else:
                    values.append(col)
            else:
                self.cr.execute(
                    SQL(
                        """INSERT INTO %s (%s) SELECT %s FROM %s t
                           CROSS JOIN cz_copy copy WHERE %s
                           ON CONFLICT DO NOTHING""",
                        SQL.identifier(table),
                        SQL(", ").join(SQL.identifier(name) for name in names),
                        SQL(", ").join(values),
                        SQL.identifier(table),
                        SQL(" AND ").join(conditions),
                    )
                )
                if self.cr.rowcount:
                    say(f"{self.cr.rowcount:,} rows copied into {table}")

    def _fill_later_keys(self):
        """The links to rows copied after their own (a payment's move to
        its payment): set once both exist."""
        for (table, column), target in self.foreign_keys.items():
            if (
                table not in self.ranges
                or target not in self.ranges
                or TABLES.index(target) <= TABLES.index(table)
            ):
                continue
            col = SQL.identifier("t", column)
            self.cr.execute(
                SQL(
                    """UPDATE %(table)s new SET %(column)s = %(value)s
                         FROM %(table)s t CROSS JOIN cz_copy copy
                        WHERE t.id BETWEEN %(low)s AND %(high)s
                          AND %(col)s IS NOT NULL AND new.id = %(id)s""",
                    table=SQL.identifier(table),
                    column=SQL.identifier(column),
                    value=self._map(target, col),
                    low=self.ranges[table][0],
                    high=self.ranges[table][1],
                    col=col,
                    id=self._map(table, SQL.identifier("t", "id")),
                )
            )

    def _reset_sequences(self):
        for table in TABLES:
            self.cr.execute(
                SQL(
                    """SELECT SETVAL(PG_GET_SERIAL_SEQUENCE(%s, 'id'),
                                     (SELECT MAX(id) FROM %s))""",
                    table,
                    SQL.identifier(table),
                )
            )


# ----------------------------------------------------------------------
# the scale `large`
# ----------------------------------------------------------------------
def build_main_customer(env, rng, partner, products, count, today):
    """``count`` invoices over five years: a block through the ORM at the
    start, copied every BLOCK_DAYS up to the last RECENT_DAYS or so, which
    the ORM builds with today's overdue items."""
    first = today - timedelta(days=365 * orm.YEARS)
    history = (today - first).days - RECENT_DAYS
    copies = history // BLOCK_DAYS
    days = history // copies
    per_block = round(count * days / (365 * orm.YEARS))
    if per_block < 10:
        copies = per_block = 0  # too few to copy: all through the ORM
    if copies:
        # the block's customer pays as an old customer did: the few items
        # unpaid long ago; what it pays after the next copy starts is paid
        # before the recent days, so no copy is paid after today
        with Block(env) as block:
            orm.make_documents(
                env,
                rng,
                partner,
                products,
                (first, days),
                per_block,
                first + timedelta(days=days + RECENT_DAYS),
                unpaid=lambda _days: OLD_UNPAID,
                extras=False,
            )
        latest = block.latest_date() + timedelta(days=(copies - 1) * days)
        assert latest < today, f"the last copy ends on {latest}"
        say(f"copying the block of {per_block} invoices {copies - 1} times")
        Copies(
            env, block, partner.id, [(k * days, partner.id) for k in range(1, copies)]
        ).run()
    recent = first + timedelta(days=copies * days)
    orm.make_documents(
        env,
        rng,
        partner,
        products,
        (recent, (today - recent).days - 2),
        count - copies * per_block,
        today,
    )


def filler_values(number):
    return {"name": f"Filler Customer {number:04d}", "ref": f"F-{number:04d}"}


def build_fillers(env, rng, products, today):
    """Filler customers with five years of FILLER_INVOICES invoices each:
    one through the ORM, copied for the others; as many as CZ_BIG_CUSTOMERS,
    or as the database needs to hold MIN_LINES journal items."""
    if FILLER_CUSTOMERS == "0":
        return []
    first = today - timedelta(days=365 * orm.YEARS)
    template = orm.make_partners(env, [filler_values(1)])
    with Block(env) as block:
        orm.make_documents(
            env,
            rng,
            template,
            products,
            (first, (today - first).days - 2),
            FILLER_INVOICES,
            today,
        )
    if FILLER_CUSTOMERS:
        count = int(FILLER_CUSTOMERS)
    else:
        ((lines,),) = fetch(env.cr, "SELECT COUNT(*) FROM account_move_line")
        per_customer = block.count("account_move_line")
        count = 1 + max(0, math.ceil((MIN_LINES - lines) / per_customer))
    others = orm.make_partners(env, [filler_values(n) for n in range(2, count + 1)])
    others.write({"customer_rank": template.customer_rank})
    say(f"copying the filler customer for {len(others):,} others")
    Copies(env, block, template.id, [(0, other.id) for other in others]).run()
    return (template | others).ids


def analyze(env, commit=True):
    """Fresh planner statistics for the tables the copies filled."""
    for table in (
        *TABLES,
        "res_partner",
        "account_move__account_payment",
        "account_move_line_account_tax_rel",
    ):
        env.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    if commit:
        env.cr.commit()
        say("analyzed")


def build(env):
    customer = orm.scale_customer("large")
    if orm.login_exists(env, customer.login):
        say(f"the login {customer.login} exists already: nothing to do")
        return
    env = orm.quiet_env(env)
    rng = random.Random(customer.seed)
    today = fields.Date.context_today(env["res.partner"])
    partner, products = orm.make_customer(env, customer)
    build_main_customer(env, rng, partner, products, customer.invoices, today)
    fillers = build_fillers(env, rng, products, today)
    groups = {customer.name: partner.ids}
    if fillers:
        groups[f"{len(fillers):,} filler customers"] = fillers
    orm.check_ledger(env, groups)
    env.cr.commit()
    say("committed")
    analyze(env)


if __name__ == "__main__":
    build(env)
