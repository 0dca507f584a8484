"""Benchmark: invite 1,000 contacts (run by setup/bench in `odoo shell`).

Prints the time of the accountant's request (wizard and queueing) and of one
cron batch; everything is rolled back. `env` is given by odoo shell.
"""

import time

BATCH = 1000

partners = env["res.partner"].create(
    [{"name": f"Bench {i}", "email": f"bench{i}@bench.test"} for i in range(BATCH)]
)
env.flush_all()
start = time.perf_counter()
wizard = (
    env["customer.zone.invite.wizard"]
    .with_context(active_model="res.partner", active_ids=partners.ids)
    .create({"message": "<p>Welcome</p>"})
)
wizard.action_invite()
env.flush_all()
request_time = time.perf_counter() - start
Invitation = env["customer.zone.invitation"]
queued = Invitation.search([("state", "=", "queued")])
start = time.perf_counter()
queued[:50]._send()
env.flush_all()
batch_time = time.perf_counter() - start
print(
    f"invitations: {BATCH} contacts, request {request_time:.2f} s, {len(queued)} queued"
)
print(f"invitations: one cron batch of 50 sent in {batch_time:.2f} s")
env.cr.rollback()
