"""Benchmark: pay 100 chosen invoices in one transaction (run by setup/bench).

Times the server side from the transaction's creation to the posted payment
reconciled with the 100 invoices; everything is rolled back.
"""

import time

from odoo import Command

COUNT = 100

company = env.company
partner = env["res.partner"].create(
    {"name": "Bench payer", "email": "payer@bench.test"}
)
product = env["product.product"].create({"name": "Bench service", "type": "service"})
invoices = env["account.move"].create(
    [
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": "2026-01-01",
            "invoice_line_ids": [
                Command.create(
                    {"product_id": product.id, "price_unit": 10 + i, "tax_ids": []}
                )
            ],
        }
        for i in range(COUNT)
    ]
)
invoices.action_post()
provider = env.ref("payment.payment_provider_demo")
provider.write({"state": "test"})
env.flush_all()
start = time.perf_counter()
tx = env["payment.transaction"].create(
    {
        "provider_id": provider.id,
        "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
        "amount": sum(invoices.mapped("amount_residual")),
        "currency_id": company.currency_id.id,
        "partner_id": partner.id,
        "operation": "online_direct",
        "invoice_ids": [Command.set(invoices.ids)],
    }
)
tx._set_done()
tx._post_process()
env.flush_all()
elapsed = time.perf_counter() - start
invoices.invalidate_recordset()
states = set(invoices.mapped("payment_state"))
paid = states <= {"paid", "in_payment"}
reconciled = tx.payment_id.reconciled_invoice_ids == invoices
print(f"pay {COUNT} invoices in one transaction: {elapsed:.2f} s server time")
print(f"payment {tx.payment_id.name}: invoices {sorted(states)}, all paid={paid}")
print(f"reconciled with all {COUNT}: {reconciled}")
env.cr.rollback()
