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
    for model in env.registry.values():
        if model._abstract or model._transient or not issubclass(model, Mixin):
            continue
        for company in env["res.company"].sudo().search([]):
            days = company.customer_zone_link_validity_days
            if days <= 0:
                continue
            env.cr.execute(
                SQL(
                    """UPDATE %(table)s
                          SET customer_zone_token_expires_on =
                              now() AT TIME ZONE 'UTC' + make_interval(days => %(days)s)
                        WHERE access_token IS NOT NULL
                          AND customer_zone_token_expires_on IS NULL
                          AND company_id = %(company)s""",
                    table=SQL.identifier(model._table),
                    days=days,
                    company=company.id,
                )
            )
