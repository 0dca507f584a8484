# Run by setup/big through `odoo shell` (env is the shell's) for the scales
# `small` and `big` (CZ_BIG_SCALE); imported by setup/big_bulk.py for `large`.
# Adds to a demo database a customer with five years of history: invoices,
# their credit notes and the payments that settled them, each dated when it
# happened. A slow payer: most invoices are paid and reconciled, some were
# paid in two parts, a share of the recent ones is overdue.
#
#   small  "Smallco Traders" (login smallco/smallco): 72 invoices, about 200
#          documents with the credit notes and payments
#   big    "Bigco Wholesale Ltd" (login bigco/bigco): 5,000 invoices
#   large  "Largeco Distribution" (login largeco/largeco): 20,000 invoices,
#          built by setup/big_bulk.py from blocks this script makes
#
# CZ_BIG_INVOICES sets the scale's number of invoices. Only core models are
# used (account, portal), so the same script builds the core anchor database
# the benchmark compares with; the seed makes both databases hold the same
# documents. Bulk ORM all the way: `create` of a list, `action_post()` on the
# recordset, one reconciliation plan per batch. Ends with the ledger check in
# SQL (``check_ledger``); any failure raises (setup/big fails on it).
# ruff: noqa: F821  (env is the shell's)
import os
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL

YEARS = 5
BATCH = 500
# Chance that a due installment is still unpaid, by how long it is overdue
# (days): a big customer who pays late, as the issue measured (about 1,800
# open items out of 16,000 receivable lines).
UNPAID_BY_AGE = ((90, 0.8), (365, 0.5), (730, 0.15), (None, 0.03))
CREDIT_NOTE_SHARE = 0.08  # invoices that get a partial credit note
PARTIAL_SHARE = 0.05  # installments paid in two payments
INSTALMENT_SHARE = 0.6  # invoices on "30% now, balance 60 days"


@dataclass(frozen=True)
class Customer:
    """A generated customer: who it is and how many invoices it gets."""

    name: str
    login: str
    ref: str
    street: str
    city: str
    zip: str
    invoices: int
    seed: int

    @property
    def email(self):
        domain = self.name.lower().replace(" ltd", "").replace(" ", "-")
        return f"payables@{domain}.example.com"


CUSTOMERS = {
    "small": Customer(
        "Smallco Traders", "smallco", "C-9002", "4 Market Row", "Trenton",
        "08608", 72, 16,
    ),
    "big": Customer(
        "Bigco Wholesale Ltd", "bigco", "C-9001", "1 Distribution Park", "Newark",
        "07102", 5000, 11,
    ),
    "large": Customer(
        "Largeco Distribution", "largeco", "C-9003", "20 Harbor Freight Way",
        "Elizabeth", "07201", 20000, 20,
    ),
}  # fmt: skip

started = time.monotonic()


def say(message):
    print(f"[big customer {time.monotonic() - started:6.1f}s] {message}", flush=True)


def scale_customer(scale):
    """The customer of ``scale``, its invoices from CZ_BIG_INVOICES if set."""
    customer = CUSTOMERS[scale]
    invoices = int(os.environ.get("CZ_BIG_INVOICES") or customer.invoices)
    return Customer(**{**customer.__dict__, "invoices": invoices})


def receivable(moves):
    return moves.line_ids.filtered(
        lambda line: line.account_id.account_type == "asset_receivable"
    )


def in_batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def quiet_env(env):
    """The environment to build in: no chatter, no followers, the main
    company (what the benchmark's customers belong to)."""
    company = env.ref("base.main_company")
    return env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            mail_auto_subscribe_no_notify=True,
            allowed_company_ids=[company.id],
        )
    )


def login_exists(env, login):
    return bool(
        env["res.users"]
        .with_context(active_test=False)
        .search_count([("login", "=", login)])
    )


# ----------------------------------------------------------------------
# the customer, its login and what it buys
# ----------------------------------------------------------------------
def make_partners(env, values_list):
    """Customers (companies) of the US, paying at 30 days; zone access
    allowed when the zone is installed."""
    common = {
        "is_company": True,
        "country_id": env.ref("base.us").id,
        "property_payment_term_id": env.ref("account.account_payment_term_30days").id,
    }
    if "customer_zone_access" in env["res.partner"]._fields:
        common["customer_zone_access"] = "allowed"
    return env["res.partner"].create([{**common, **values} for values in values_list])


def make_customer(env, customer):
    partner = make_partners(
        env,
        [
            {
                "name": customer.name,
                "email": customer.email,
                "phone": "+1 555 0199",
                "street": customer.street,
                "city": customer.city,
                "zip": customer.zip,
                "ref": customer.ref,
            }
        ],
    )
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": customer.login,
            "password": customer.login,
            "partner_id": partner.id,
            "group_ids": [Command.set([env.ref("base.group_portal").id])],
        }
    )
    products = env["product.product"].create(
        [
            {"name": "Pallet of printer paper", "type": "consu", "list_price": 180.0},
            {"name": "Toner cartridge", "type": "consu", "list_price": 64.0},
            {"name": "Delivery and handling", "type": "service", "list_price": 35.0},
        ]
    )
    return partner, products


# ----------------------------------------------------------------------
# invoices and credit notes
# ----------------------------------------------------------------------
def invoice_values(rng, partner, products, day, terms):
    lines = [
        Command.create(
            {
                "product_id": product.id,
                "quantity": rng.randint(1, 12),
                "price_unit": product.list_price,
            }
        )
        for product in rng.sample(list(products), rng.randint(1, 3))
    ]
    return {
        "move_type": "out_invoice",
        "partner_id": partner.id,
        "invoice_date": day,
        "invoice_payment_term_id": (
            terms[1] if rng.random() < INSTALMENT_SHARE else terms[0]
        ).id,
        "invoice_line_ids": lines,
    }


def make_invoices(env, rng, partner, products, first, span, count):
    """``count`` invoices, evenly dated over ``span`` days from ``first``."""
    terms = (
        env.ref("account.account_payment_term_30days"),
        env.ref("account.account_payment_term_advance_60days"),
    )
    values = [
        invoice_values(
            rng, partner, products, first + timedelta(days=i * span // count), terms
        )
        for i in range(count)
    ]
    Move = env["account.move"]
    invoices = Move
    for chunk in in_batches(values):
        batch = Move.create(chunk)
        batch.action_post()
        invoices |= batch
        say(f"{len(invoices)} invoices posted")
    return invoices


def credit_note_values(partner, invoice, day, amount, reason):
    return {
        "move_type": "out_refund",
        "partner_id": partner.id,
        "invoice_date": day,
        "reversed_entry_id": invoice.id if invoice else False,
        "invoice_line_ids": [
            Command.create(
                {
                    "name": reason,
                    "quantity": 1,
                    "price_unit": amount,
                    "tax_ids": [Command.clear()],
                }
            )
        ],
    }


def make_credit_notes(env, rng, partner, invoices, today, goodwill=True):
    """Partial credit notes on some invoices (matched with them), and a
    goodwill credit note each quarter, left to the customer to allocate
    (unless ``goodwill`` is False: a block copied over the years would leave
    one open per copy)."""
    values, matched = [], []
    for invoice in invoices:
        if rng.random() >= CREDIT_NOTE_SHARE:
            continue
        day = invoice.invoice_date + timedelta(days=rng.randint(2, 20))
        if day >= today:
            continue
        share = rng.choice((0.05, 0.1, 0.2))
        amount = invoice.currency_id.round(invoice.amount_total * share)
        values.append(
            credit_note_values(partner, invoice, day, amount, "Damaged goods")
        )
        matched.append(invoice)
    first = min(invoices.mapped("invoice_date"))
    day = first + timedelta(days=45)
    while goodwill and day < today:
        values.append(
            credit_note_values(
                partner, None, day, rng.randint(5, 30) * 10.0, "Goodwill credit"
            )
        )
        day += timedelta(days=91)
    credit_notes = env["account.move"].create(values)
    credit_notes.action_post()
    # each credit note against its invoice's last installment (posting
    # matches a credit note with the invoice it reverses when it can)
    plan = [
        receivable(invoice).sorted("date_maturity")[-1:] | receivable(credit_note)
        for invoice, credit_note in zip(matched, credit_notes, strict=False)
        if not receivable(credit_note).reconciled
    ]
    env["account.move.line"]._reconcile_plan(plan)
    say(f"{len(credit_notes)} credit notes posted")
    return credit_notes


# ----------------------------------------------------------------------
# payments
# ----------------------------------------------------------------------
def unpaid_chance(days_overdue):
    for limit, chance in UNPAID_BY_AGE:
        if limit is None or days_overdue < limit:
            return chance
    return 0.0


def planned_payments(rng, invoices, today, unpaid=unpaid_chance):
    """(installment lines, amount, date) of every payment that happened
    before ``today``: the customer pays what it settles on a day with one
    transfer, and pays some installments in two parts, each part a transfer
    of its own. ``unpaid(days overdue)``: the chance an installment is
    still unpaid."""
    by_day, planned = {}, []
    for line in receivable(invoices).sorted(lambda line: (line.date_maturity, line.id)):
        residual = line.amount_residual
        if line.currency_id.is_zero(residual):
            continue  # settled by its credit note
        due = line.date_maturity
        day = max(line.date, due + timedelta(days=rng.randint(-10, 30)))
        if day >= today or rng.random() < unpaid((today - due).days):
            continue
        if rng.random() < PARTIAL_SHARE:
            first = line.currency_id.round(residual / 2)
            planned.append((line, first, day))
            day += timedelta(days=rng.randint(20, 60))
            if day < today:
                planned.append((line, residual - first, day))
            continue
        lines, amount = by_day.get(day, (line.browse(), 0.0))
        by_day[day] = (lines | line, amount + residual)
    planned += [(lines, amount, day) for day, (lines, amount) in by_day.items()]
    return sorted(planned, key=lambda item: item[2])


def remittance(lines):
    names = lines.move_id.mapped("name")
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if names[3:] else "")


def payment_values(partner, journal, amount, day, memo):
    return {
        "payment_type": "inbound",
        "partner_type": "customer",
        "partner_id": partner.id,
        "amount": amount,
        "date": day,
        "journal_id": journal.id,
        "memo": memo,
    }


def make_payments(
    env, rng, partner, invoices, today, unpaid=unpaid_chance, on_account=True
):
    """The payments of ``invoices`` made before ``today``, reconciled with
    what they paid; and, with ``on_account``, payments on account in the
    last year, left open."""
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    planned = planned_payments(rng, invoices, today, unpaid)
    Payment = env["account.payment"]
    count = 0
    for chunk in in_batches(planned):
        payments = Payment.create(
            [
                payment_values(partner, journal, amount, day, remittance(lines))
                for lines, amount, day in chunk
            ]
        )
        payments.action_post()
        plan = [
            lines | receivable(payment.move_id)
            for (lines, _amount, _day), payment in zip(chunk, payments, strict=True)
        ]
        env["account.move.line"]._reconcile_plan(plan)
        count += len(payments)
        say(f"{count} payments posted and reconciled")
    if not on_account:
        return
    # payments on account, left open: one every other month of the last year
    on_account = Payment.create(
        [
            payment_values(
                partner,
                journal,
                rng.randint(10, 80) * 25.0,
                today - timedelta(days=days),
                "Payment on account",
            )
            for days in range(20, 365, 61)
        ]
    )
    on_account.action_post()


def make_documents(env, rng, partner, products, window, count, today, **options):
    """``count`` invoices of ``partner`` dated over ``window`` (first day,
    days), their credit notes and what was paid of them before ``today``.
    ``options``: ``unpaid`` (the chance an installment is unpaid, by days
    overdue) and ``extras`` (goodwill credit notes, payments on account)."""
    extras = options.get("extras", True)
    invoices = make_invoices(env, rng, partner, products, *window, count)
    make_credit_notes(env, rng, partner, invoices, today, goodwill=extras)
    make_payments(
        env,
        rng,
        partner,
        invoices,
        today,
        unpaid=options.get("unpaid", unpaid_chance),
        on_account=extras,
    )


# ----------------------------------------------------------------------
# the ledger check, in SQL: what the ORM made and what bulk SQL copied
# ----------------------------------------------------------------------
RECEIVABLE_LINES = """
    SELECT line.*
      FROM account_move_line line
      JOIN account_account account ON account.id = line.account_id
     WHERE line.partner_id = ANY(%(partners)s) AND line.parent_state = 'posted'
       AND account.account_type = 'asset_receivable'
"""

# checks of the whole database's books: {what is wrong: query counting it}
BOOKS_CHECKS = {
    "unbalanced moves (debit <> credit)": """
        SELECT COUNT(*) FROM (
            SELECT move_id FROM account_move_line GROUP BY move_id
            HAVING SUM(debit) <> SUM(credit) OR SUM(balance) <> 0) unbalanced
    """,
    "lines whose balance is not debit - credit": """
        SELECT COUNT(*) FROM account_move_line WHERE balance <> debit - credit
    """,
}

# checks of the generated customers' books (%(partners)s: their ids)
CUSTOMER_CHECKS = {
    "customers whose receivable balance is not invoices - credit notes - "
    "payments, or not what is left open": f"""
        WITH lines AS ({RECEIVABLE_LINES}),
        receivable AS (
            SELECT partner_id, SUM(balance) AS balance,
                   SUM(amount_residual) AS residual
              FROM lines GROUP BY partner_id),
        documents AS (
            SELECT partner_id,
                   SUM(CASE move_type WHEN 'out_refund' THEN -amount_total
                       ELSE amount_total END) AS total
              FROM account_move
             WHERE partner_id = ANY(%(partners)s) AND state = 'posted'
               AND move_type IN ('out_invoice', 'out_refund')
             GROUP BY partner_id),
        payments AS (
            SELECT pay.partner_id, SUM(pay.amount) AS total
              FROM account_payment pay
              JOIN account_move move ON move.id = pay.move_id
             WHERE pay.partner_id = ANY(%(partners)s) AND move.state = 'posted'
             GROUP BY pay.partner_id)
        SELECT COUNT(*)
          FROM unnest(%(partners)s) AS customer(id)
          LEFT JOIN receivable ON receivable.partner_id = customer.id
          LEFT JOIN documents ON documents.partner_id = customer.id
          LEFT JOIN payments ON payments.partner_id = customer.id
         WHERE ROUND(COALESCE(receivable.balance, 0), 2)
                <> ROUND(COALESCE(documents.total, 0) - COALESCE(payments.total, 0), 2)
            OR ROUND(COALESCE(receivable.balance, 0), 2)
                <> ROUND(COALESCE(receivable.residual, 0), 2)
    """,
    "receivable lines whose residual is not balance - matched amounts": f"""
        WITH lines AS ({RECEIVABLE_LINES}),
        debits AS (
            SELECT debit_move_id AS id, SUM(amount) AS amount
              FROM account_partial_reconcile
             WHERE debit_move_id IN (SELECT id FROM lines) GROUP BY 1),
        credits AS (
            SELECT credit_move_id AS id, SUM(amount) AS amount
              FROM account_partial_reconcile
             WHERE credit_move_id IN (SELECT id FROM lines) GROUP BY 1)
        SELECT COUNT(*)
          FROM lines
          LEFT JOIN debits ON debits.id = lines.id
          LEFT JOIN credits ON credits.id = lines.id
         WHERE lines.amount_residual <> lines.balance - COALESCE(debits.amount, 0)
                                        + COALESCE(credits.amount, 0)
            OR lines.amount_residual_currency <> lines.amount_residual
            OR lines.reconciled <> (lines.amount_residual = 0)
            OR (lines.full_reconcile_id IS NOT NULL
                AND lines.matching_number <> lines.full_reconcile_id::text)
            OR (lines.full_reconcile_id IS NULL
                AND (debits.id IS NOT NULL OR credits.id IS NOT NULL)
                AND lines.matching_number NOT LIKE 'P%%')
    """,
    "invoices and credit notes whose residual is not their open items'": f"""
        WITH lines AS ({RECEIVABLE_LINES})
        SELECT COUNT(*)
          FROM account_move move
          JOIN (SELECT move_id, ABS(SUM(amount_residual)) AS residual
                  FROM lines GROUP BY move_id) open_items
            ON open_items.move_id = move.id
         WHERE move.move_type IN ('out_invoice', 'out_refund')
           AND (move.amount_residual <> open_items.residual
                OR (move.payment_state = 'not_paid')
                   <> (move.amount_residual = move.amount_total))
    """,
}

LEDGER_COUNTS = f"""
    WITH lines AS ({RECEIVABLE_LINES})
    SELECT (SELECT COUNT(*) FROM account_move
             WHERE partner_id = ANY(%(partners)s) AND state = 'posted'
               AND move_type = 'out_invoice'),
           (SELECT COUNT(*) FROM account_move
             WHERE partner_id = ANY(%(partners)s) AND state = 'posted'
               AND move_type = 'out_refund'),
           (SELECT COUNT(*) FROM account_payment
             WHERE partner_id = ANY(%(partners)s)),
           (SELECT COUNT(*) FROM lines),
           (SELECT COUNT(*) FROM lines WHERE NOT reconciled),
           (SELECT COALESCE(SUM(balance), 0) FROM lines)
"""


def check_ledger(env, customers):
    """The books after generating ``customers`` ({label: partner ids}), in
    SQL: every move of the database balanced; each customer's receivable
    balance equal to its invoices - credit notes - payments and to what is
    left open; each receivable line's residual equal to its balance less
    what is matched with it, and its move's residual to its lines'. Prints
    the counts of each group; raises on any mismatch."""
    env.flush_all()
    cr = env.cr
    failures = []
    for name, query in BOOKS_CHECKS.items():
        cr.execute(SQL(query))
        if found := cr.fetchone()[0]:
            failures.append(f"{found} {name}")
    for label, partners in customers.items():
        for name, query in CUSTOMER_CHECKS.items():
            cr.execute(SQL(query, partners=list(partners)))
            if found := cr.fetchone()[0]:
                failures.append(f"{label}: {found} {name}")
        cr.execute(SQL(LEDGER_COUNTS, partners=list(partners)))
        invoices, refunds, payments, lines, open_items, balance = cr.fetchone()
        say(
            f"ledger checked, {label}: {invoices:,} invoices, {refunds:,} credit "
            f"notes, {payments:,} payments; {lines:,} receivable lines, "
            f"{open_items:,} open; balance {balance:,.2f}"
        )
    cr.execute(SQL("SELECT COUNT(*) FROM account_move_line"))
    say(f"{cr.fetchone()[0]:,} journal items in the database")
    if failures:
        raise AssertionError("ledger mismatch: " + "; ".join(failures))


def build(env, scale):
    customer = scale_customer(scale)
    if login_exists(env, customer.login):
        say(f"the login {customer.login} exists already: nothing to do")
        return
    env = quiet_env(env)
    rng = random.Random(customer.seed)
    today = fields.Date.context_today(env["res.partner"])
    first = today - timedelta(days=365 * YEARS)
    partner, products = make_customer(env, customer)
    make_documents(
        env,
        rng,
        partner,
        products,
        (first, (today - first).days - 2),
        customer.invoices,
        today,
    )
    check_ledger(env, {customer.name: partner.ids})
    env.cr.commit()
    say("committed")


if __name__ == "__main__":
    build(env, os.environ.get("CZ_BIG_SCALE", "big"))
