"""Concurrency check, run by setup/test with `odoo shell` on the throwaway
test database (it commits, which Odoo's test cases cannot do).

The account summary kept between visits (customer.zone.summary.snapshot) is
stored by a transaction of its own once a page computed it. Under REPEATABLE
READ that transaction computes from the database as it was at its first
statement: an invoice committed after that must leave the kept summary
stale (its change row, which the refresh could not see, survives), never a
summary without the invoice read as fresh. Two refreshes of one customer at
once: one stores the row, the other fails with a serialization error or its
500 ms lock timeout when the first is slow to commit (a page logs it and goes
on), and the row is fresh.
Prints one line per check: "PASS name" or "FAIL name: why".
"""

import threading
from types import SimpleNamespace

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import Command, api, fields
from odoo.tools import SQL, mute_logger

registry = env.registry
admin = env.ref("base.user_admin")
company = admin.company_id
Snapshot = env["customer.zone.summary.snapshot"]
customer = env["res.partner"].create(
    {"name": "Race summary customer", "is_company": True}
)
product = env["product.product"].create(
    {"name": "Race summary service", "type": "service"}
)
today = fields.Date.context_today(admin)
VARIANT = "race"


def invoice(amount, on_env=env):
    move = on_env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_date": today,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
    )
    move.action_post()
    return move


invoice(100.0)
env.cr.commit()
zone = SimpleNamespace(partner=customer, company=company)


def refresh_sql(worker_env):
    """The refresh of a summary row: the customer's credit figures (the
    summary's own statement, without the page around it)."""
    Partner = worker_env["res.partner"]
    statement = SQL(
        """SELECT * FROM (%s) AS figures(partner_id, receivable, deposits,
                  overdue, orders, credit_limit, prepaid)""",
        Partner._customer_zone_credit_query(company, SQL("%s", customer.id), today),
    )
    return worker_env["customer.zone.summary.snapshot"]._customer_zone_refresh_sql(
        customer.id,
        company.id,
        today,
        VARIANT,
        statement,
        SQL("SELECT NULL::date, NULL::date"),
    )


def check(name, ok, why=""):
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}")


def kept():
    env.cr.rollback()  # a fresh snapshot: see what the workers committed
    env.invalidate_all()
    return Snapshot._customer_zone_fresh(zone, today, VARIANT)


# 1. an invoice committed after the refresh's snapshot
snapshot_taken = threading.Event()
invoice_committed = threading.Event()
outcome = {}


def refresher():
    with registry.cursor() as cr:
        worker_env = api.Environment(cr, admin.id, {})
        cr.execute("SELECT 1")  # the transaction's snapshot
        snapshot_taken.set()
        invoice_committed.wait(60)
        cr.execute(refresh_sql(worker_env))
        cr.commit()
        outcome["refresh"] = "stored"


def writer():
    snapshot_taken.wait(60)
    with registry.cursor() as cr:
        invoice(50.0, api.Environment(cr, admin.id, {}))
        cr.commit()
    invoice_committed.set()


threads = [threading.Thread(target=refresher), threading.Thread(target=writer)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
env.cr.rollback()
env.cr.execute(
    SQL(
        "SELECT summary FROM customer_zone_summary_snapshot"
        " WHERE partner_id = %s AND variant = %s",
        customer.id,
        VARIANT,
    )
)
stored = env.cr.fetchall()
check(
    "the refresh stored the figures of its snapshot (without the invoice)",
    outcome.get("refresh") == "stored"
    and len(stored) == 1
    and abs(stored[0][0]["receivable"] - 100.0) < 0.005,
    f"{outcome} {stored}",
)
check(
    "an invoice committed after the refresh's snapshot leaves it stale",
    kept() is None,
    "the kept summary was read as fresh",
)

# 2. two refreshes at once, then the row is fresh and the ledger's
barrier = threading.Barrier(2)
outcomes = []


def refresh_at_once():
    with registry.cursor() as cr:
        worker_env = api.Environment(cr, admin.id, {})
        cr.execute("SELECT 1")
        barrier.wait(60)
        try:
            cr.execute(refresh_sql(worker_env))
            cr.commit()
            outcomes.append("stored")
        except (SerializationFailure, LockNotAvailable) as error:
            # the other refresh won: a serialization error, or the lock
            # timeout of the refresh when the winner is slow to commit
            cr.rollback()
            outcomes.append(type(error).__name__)
        except Exception as error:  # noqa: BLE001 - reported below
            cr.rollback()
            outcomes.append(f"unexpected {type(error).__name__}: {error}")


threads = [threading.Thread(target=refresh_at_once) for _index in range(2)]
with mute_logger("odoo.sql_db"):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
row = kept()
check(
    "two refreshes at once: one stored, the other failed cleanly",
    len(outcomes) == 2
    and "stored" in outcomes
    and all(
        outcome in ("stored", "SerializationFailure", "LockNotAvailable")
        for outcome in outcomes
    ),
    str(outcomes),
)
check(
    "then the kept summary is fresh and holds both invoices",
    row is not None and abs(row["receivable"] - 150.0) < 0.005,
    str(row),
)
