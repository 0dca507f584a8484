"""Concurrency check, run by setup/test with `odoo shell` on the throwaway
test database (it commits, which Odoo's test cases cannot do).

Two quotations of one prepaid customer whose policy blocks orders over its
balance: each fits the 1,000 deposited, both together do not. They are
confirmed at the same time on two database connections, each transaction
having read the database before the other confirms (REPEATABLE READ: neither
sees the other's order). The credit check's row lock on the customer makes
the second wait and fail with a serialization error; Odoo's retry (the same
``retrying`` an HTTP request runs in) runs it again on fresh figures, where
the first order counts, and the block refuses it.
Prints one line per check: "PASS name" or "FAIL name: why".
"""

import threading

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tools import mute_logger

registry = env.registry
admin = env.ref("base.user_admin")
company = admin.company_id
customer = env["res.partner"].create(
    {
        "name": "Race prepaid customer",
        "is_company": True,
        "customer_zone_prepaid": True,
        "customer_zone_credit_policy": "block",
    }
)
journal = env["account.journal"].search(
    [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
)
deposit = env["account.payment"].create(
    {
        "payment_type": "inbound",
        "partner_type": "customer",
        "partner_id": customer.id,
        "amount": 1000.0,
        "journal_id": journal.id,
    }
)
deposit.action_post()
product = env["product.product"].create({"name": "Race service", "type": "service"})
orders = env["sale.order"].create(
    [
        {
            "partner_id": customer.id,
            "company_id": company.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "price_unit": 600.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
        for _index in range(2)
    ]
)
env.cr.commit()


def check(name, ok, why=""):
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}")


alone = {
    order.id: order.with_user(admin)._customer_zone_credit_check()[order.id]
    for order in orders
}
check(
    "each quotation alone is within the balance",
    all(not one["over"] and one["checked"] for one in alone.values()),
    str(alone),
)

barrier = threading.Barrier(2)
outcomes = {}


def confirm(order_id):
    """Confirm one quotation as the admin, in its own transaction, retried
    on serialization errors as an HTTP request is."""
    waited = []
    with registry.cursor() as cr:
        worker_env = api.Environment(cr, admin.id, {})

        def attempt():
            order = worker_env["sale.order"].browse(order_id)
            # the transaction's snapshot, taken before either confirms
            order.partner_id.name  # noqa: B018 - a read, for its snapshot
            if not waited:
                waited.append(True)
                barrier.wait()
            order.action_confirm()

        try:
            retrying(attempt, worker_env)
            cr.commit()
            outcomes[order_id] = "confirmed"
        except UserError:
            cr.rollback()
            outcomes[order_id] = "refused"
        except Exception as error:  # noqa: BLE001 - reported below
            cr.rollback()
            outcomes[order_id] = type(error).__name__


threads = [threading.Thread(target=confirm, args=(order.id,)) for order in orders]
# the serialization error is expected: Odoo logs the failed query
with mute_logger("odoo.sql_db", "odoo.service.model"):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

env.cr.rollback()  # a fresh snapshot: see what the workers committed
env.invalidate_all()
states = sorted(orders.mapped("state"))
check(
    "two confirmations at once: one confirmed, the other refused",
    states == ["draft", "sale"]
    and sorted(outcomes.values()) == ["confirmed", "refused"],
    f"states {states}, outcomes {outcomes}",
)
figures = customer._customer_zone_credit_figures(company)[customer.id]
check(
    "the customer's balance is not below zero",
    company.currency_id.compare_amounts(figures.available, 0.0) >= 0,
    str(figures),
)
