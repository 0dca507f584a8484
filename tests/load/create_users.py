"""The load test's portal users (setup/load), in `odoo shell`.

Run by setup/load on its throwaway copy of the demo database, which
CZ_LOAD_THROWAWAY names: on any other database it refuses, since it adds
users whose password is their login. It commits:

- CZ_LOAD_USERS (50) portal users ``load01``.. (password = login), each on a
  contact of its own under one of the demo customers whose zone is on, in
  turn (the users of one customer open the same invoices at the same time:
  what collides on a shared document shows);
- every company's view window set to 0 minutes, so that each page view is a
  row of its own (by design, reloads of the same target within the window
  count once: with the window on, the rows could not be compared with the
  requests made).

Prints one line per customer (its users) and ``LOAD_USER_IDS=1,2,...``,
which setup/load reads to count the events of these users only.
"""

import os
import sys

PREFIX = "load"


def demo_customers(env):
    """The companies of the demo's portal users whose zone is on, in a
    stable order."""
    users = env["res.users"].search([("share", "=", True)], order="id")
    customers = env["res.partner"]
    for partner in users.partner_id.commercial_partner_id:
        if partner.is_company and partner.customer_zone_enabled:
            customers |= partner
    return customers


def create_users(env, count):
    """``count`` portal users spread over the demo customers, in turn."""
    customers = demo_customers(env)
    if not customers:
        sys.exit("no demo customer with the zone on")
    portal = env.ref("base.group_portal")
    users = env["res.users"]
    for number in range(1, count + 1):
        login = f"{PREFIX}{number:02d}"
        customer = customers[(number - 1) % len(customers)]
        contact = env["res.partner"].create(
            {
                "name": f"Load {number:02d} ({customer.name})",
                "parent_id": customer.id,
                "type": "contact",
                "email": f"{login}@load.example.com",
            }
        )
        users |= (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "login": login,
                    "password": login,
                    "partner_id": contact.id,
                    "group_ids": [(6, 0, [portal.id])],
                }
            )
        )
    return users


def main(env):
    throwaway = os.environ.get("CZ_LOAD_THROWAWAY")
    if not throwaway or env.cr.dbname != throwaway:
        sys.exit(f"refusing to add load users to {env.cr.dbname}: not the throwaway")
    users = create_users(env, int(os.environ.get("CZ_LOAD_USERS", "50")))
    env["res.company"].sudo().search([]).customer_zone_view_window_minutes = 0
    env.cr.commit()
    by_customer = {}
    for user in users:
        by_customer.setdefault(user.commercial_partner_id.name, []).append(user.login)
    for name, logins in by_customer.items():
        print(f"{name}: {len(logins)} users ({logins[0]}..{logins[-1]})")
    print("LOAD_USER_IDS=" + ",".join(str(user_id) for user_id in users.ids))


main(env)  # noqa: F821 (odoo shell's environment)
