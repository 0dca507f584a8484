"""Concurrency check, run by setup/test with `odoo shell` on the throwaway
test database (it commits, which Odoo's test cases cannot do).

The provider's notice for one transaction arrives twice, at the same time, on
two database connections: the books must end with exactly one payment, and
the same notice replayed later must change nothing.
Prints one line per check: "PASS name" or "FAIL name: why".
"""

import threading

from odoo import SUPERUSER_ID, Command, api

registry = env.registry
partner = env["res.partner"].create({"name": "Race payer", "email": "race@cz.test"})
invoice = env["account.move"].create(
    {
        "move_type": "out_invoice",
        "partner_id": partner.id,
        "invoice_date": "2026-01-01",
        "invoice_line_ids": [Command.create({"name": "Race", "price_unit": 123.0})],
    }
)
invoice.action_post()
provider = env.ref("payment.payment_provider_demo")
provider.write({"state": "test"})
tx = env["payment.transaction"].create(
    {
        "provider_id": provider.id,
        "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
        "amount": invoice.amount_residual,
        "currency_id": invoice.currency_id.id,
        "partner_id": partner.id,
        "operation": "online_direct",
        "invoice_ids": [Command.set(invoice.ids)],
    }
)
env.cr.commit()
notice = {
    "reference": tx.reference,
    "payment_details": "4242",
    "simulated_state": "done",
}
barrier = threading.Barrier(2)
outcomes = []


def deliver_notice():
    with registry.cursor() as cr:
        worker_env = api.Environment(cr, SUPERUSER_ID, {})
        barrier.wait()
        try:
            worker_env["payment.transaction"]._process("demo", dict(notice))
            worker_env["payment.transaction"].browse(tx.id)._post_process()
            cr.commit()
            outcomes.append("committed")
        except Exception as error:  # noqa: BLE001 - a refused duplicate is expected
            cr.rollback()
            outcomes.append(type(error).__name__)


threads = [threading.Thread(target=deliver_notice) for _index in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()


def count_payments():
    env.cr.rollback()  # a fresh snapshot: see what the workers committed
    env.invalidate_all()
    return env["account.payment"].search_count([("payment_transaction_id", "=", tx.id)])


def check(name, ok, why=""):
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}")


payments = count_payments()
check(
    "two notices at once give one payment",
    payments == 1,
    f"{payments} payments, outcomes {outcomes}",
)
env.cr.rollback()
env.invalidate_all()
check(
    "the invoice is paid",
    invoice.payment_state in ("paid", "in_payment"),
    invoice.payment_state,
)
env["payment.transaction"]._process("demo", dict(notice))
env["payment.transaction"].browse(tx.id)._post_process()
env.cr.commit()
check("a replayed notice changes nothing", count_payments() == 1, str(count_payments()))
