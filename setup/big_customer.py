# Run by setup/big through `odoo shell` (env is the shell's): adds to a demo
# database a big customer, "Bigco Wholesale Ltd" (portal login bigco/bigco),
# with five years of history: 5,000 invoices, their credit notes and the
# payments that settled them, each dated when it happened. A slow payer: most
# invoices are paid and reconciled, a share of the recent ones is overdue.
#
# Only core models are used (account, portal), so the same script builds the
# core anchor database the benchmark compares with; the seed makes both
# databases hold the same documents. Bulk ORM all the way: `create` of a list,
# `action_post()` on the recordset, one reconciliation plan per batch.
# Ends with a ledger check; any failure raises (setup/big fails on it).
# ruff: noqa: F821  (env is the shell's)
import os
import random
import time
from datetime import timedelta

from odoo import Command, fields

LOGIN = "bigco"
INVOICES = int(os.environ.get("CZ_BIG_INVOICES", "5000"))
YEARS = 5
BATCH = 500
# Chance that a due installment is still unpaid, by how long it is overdue
# (days): a big customer who pays late, as the issue measured (about 1,800
# open items out of 16,000 receivable lines).
UNPAID_BY_AGE = ((90, 0.8), (365, 0.5), (730, 0.15), (None, 0.03))
CREDIT_NOTE_SHARE = 0.08  # invoices that get a partial credit note
PARTIAL_SHARE = 0.05  # installments paid in two payments
INSTALMENT_SHARE = 0.6  # invoices on "30% now, balance 60 days"

started = time.monotonic()


def say(message):
    print(f"[big customer {time.monotonic() - started:6.1f}s] {message}", flush=True)


def receivable(moves):
    return moves.line_ids.filtered(
        lambda line: line.account_id.account_type == "asset_receivable"
    )


def in_batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# ----------------------------------------------------------------------
# the customer, its login and what it buys
# ----------------------------------------------------------------------
def make_customer(env):
    partner_values = {
        "name": "Bigco Wholesale Ltd",
        "is_company": True,
        "email": "payables@bigco-wholesale.example.com",
        "phone": "+1 555 0199",
        "street": "1 Distribution Park",
        "city": "Newark",
        "zip": "07102",
        "country_id": env.ref("base.us").id,
        "ref": "C-9001",
        "property_payment_term_id": env.ref("account.account_payment_term_30days").id,
    }
    if "customer_zone_access" in env["res.partner"]._fields:
        partner_values["customer_zone_access"] = "allowed"
    partner = env["res.partner"].create(partner_values)
    env["res.users"].with_context(no_reset_password=True).create(
        {
            "login": LOGIN,
            "password": LOGIN,
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


def make_invoices(env, rng, partner, products, today):
    first = today - timedelta(days=365 * YEARS)
    span = (today - first).days - 2
    terms = (
        env.ref("account.account_payment_term_30days"),
        env.ref("account.account_payment_term_advance_60days"),
    )
    values = [
        invoice_values(
            rng, partner, products, first + timedelta(days=i * span // INVOICES), terms
        )
        for i in range(INVOICES)
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


def make_credit_notes(env, rng, partner, invoices, today):
    """Partial credit notes on some invoices (matched with them), and a
    goodwill credit note each quarter, left to the customer to allocate."""
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
    while day < today:
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


def planned_payments(rng, invoices, today):
    """(installment lines, amount, date) of every payment that happened: the
    customer pays what it settles on a day with one transfer, and pays some
    installments in two parts, each part a transfer of its own."""
    by_day, planned = {}, []
    for line in receivable(invoices).sorted(lambda line: (line.date_maturity, line.id)):
        residual = line.amount_residual
        if line.currency_id.is_zero(residual):
            continue  # settled by its credit note
        due = line.date_maturity
        day = max(line.date, due + timedelta(days=rng.randint(-10, 30)))
        if day >= today or rng.random() < unpaid_chance((today - due).days):
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


def make_payments(env, rng, partner, invoices, today):
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    planned = planned_payments(rng, invoices, today)
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
    return Payment.search([("partner_id", "=", partner.id)])


# ----------------------------------------------------------------------
# the ledger check
# ----------------------------------------------------------------------
def check_ledger(env, partner, invoices, credit_notes, payments):
    """The partner's receivable balance is invoices - credit notes -
    payments, and what is left open adds up to it."""
    env.flush_all()
    env.cr.execute(
        """SELECT COUNT(*), SUM(aml.balance), SUM(aml.amount_residual),
                  COUNT(*) FILTER (WHERE NOT aml.reconciled)
             FROM account_move_line aml
             JOIN account_account acc ON acc.id = aml.account_id
            WHERE aml.partner_id = %s AND aml.parent_state = 'posted'
              AND acc.account_type = 'asset_receivable'""",
        [partner.id],
    )
    lines, balance, residual, open_items = env.cr.fetchone()
    currency = env.company.currency_id
    expected = (
        sum(invoices.mapped("amount_total"))
        - sum(credit_notes.mapped("amount_total"))
        - sum(payments.mapped("amount"))
    )
    if currency.compare_amounts(balance, expected) or currency.compare_amounts(
        balance, residual
    ):
        raise AssertionError(
            f"ledger mismatch: balance {balance}, expected {expected}, open {residual}"
        )
    say(
        f"ledger checked: {len(invoices)} invoices, {len(credit_notes)} credit "
        f"notes, {len(payments)} payments; {lines} receivable lines, "
        f"{open_items} open; balance {balance:,.2f}"
    )


def build(env):
    if (
        env["res.users"]
        .with_context(active_test=False)
        .search_count([("login", "=", LOGIN)])
    ):
        say(f"the login {LOGIN} exists already: nothing to do")
        return
    company = env.ref("base.main_company")
    env = env(
        context=dict(
            env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            mail_auto_subscribe_no_notify=True,
            allowed_company_ids=[company.id],
        )
    )
    rng = random.Random(11)
    today = fields.Date.context_today(env["res.partner"])
    partner, products = make_customer(env)
    invoices = make_invoices(env, rng, partner, products, today)
    credit_notes = make_credit_notes(env, rng, partner, invoices, today)
    payments = make_payments(env, rng, partner, invoices, today)
    check_ledger(env, partner, invoices, credit_notes, payments)
    env.cr.commit()
    say("committed")


build(env)
