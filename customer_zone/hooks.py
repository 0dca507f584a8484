"""Install hooks of the Customer Zone and its bridges."""

from odoo.tools import SQL


def date_existing_links(env):
    """Give the links issued before the zone governed them their validity.

    A document's link (its portal token) starts its validity when it is
    issued; links sent before this addon was installed have none, and a
    visitor's GET never writes one (pages write nothing). So at install each
    document that has a token and no end of validity gets the one of its
    company's setting, counted from now: idempotent, one UPDATE per table and
    company, for every model that takes ``customer.zone.link.mixin`` (the
    bridges call it too, for theirs).
    """
    Mixin = env.registry["customer.zone.link.mixin"]
    companies = env["res.company"].sudo().search([])
    for model in env.registry.values():
        if model._abstract or model._transient or not issubclass(model, Mixin):
            continue
        for company in companies:
            # a document of no company (a project's task, by default) follows
            # the main company's setting, as its links do
            of_company = SQL("company_id = %s", company.id)
            if company == companies[:1]:
                of_company = SQL("(%s OR company_id IS NULL)", of_company)
            _date_links(env, model._table, company, of_company)


def _date_links(env, table, company, of_company):
    days = company.customer_zone_link_validity_days
    if days <= 0:
        return
    env.cr.execute(
        SQL(
            """UPDATE %(table)s
                  SET customer_zone_token_expires_on =
                      now() AT TIME ZONE 'UTC' + make_interval(days => %(days)s)
                WHERE access_token IS NOT NULL
                  AND customer_zone_token_expires_on IS NULL
                  AND %(of_company)s""",
            table=SQL.identifier(table),
            days=days,
            of_company=of_company,
        )
    )


def drop_summary_triggers(env, tables=None):
    """Drop what ``customer.zone.summary.snapshot.init`` created outside of
    its model's table: the triggers on core's tables (and the bridges'), their
    functions and the change tables. A bridge's uninstall drops those of its
    ``tables`` only."""
    condition = SQL("TRUE")
    if tables is not None:
        condition = SQL("trigger.tgrelid::regclass::text IN %s", tuple(tables))
    env.cr.execute(
        SQL(
            """SELECT DISTINCT trigger.tgrelid::regclass::text, trigger.tgname
                 FROM pg_trigger AS trigger
                WHERE NOT trigger.tgisinternal
                  AND trigger.tgname LIKE 'customer\\_zone\\_summary\\_%%'
                  AND %s""",
            condition,
        )
    )
    for table, name in env.cr.fetchall():
        env.cr.execute(
            SQL("DROP TRIGGER IF EXISTS %s ON %s", SQL.identifier(name), SQL(table))
        )
    if tables is not None:
        for table in tables:
            function = f"customer_zone_summary_{table}_changed"
            env.cr.execute(
                SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function))
            )
        return
    env.cr.execute(
        """SELECT proname FROM pg_proc
            WHERE proname LIKE 'customer\\_zone\\_summary\\_%'"""
    )
    for (name,) in env.cr.fetchall():
        env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(name)))
    env.cr.execute(
        "DROP TABLE IF EXISTS customer_zone_summary_change, "
        "customer_zone_summary_generation"
    )
