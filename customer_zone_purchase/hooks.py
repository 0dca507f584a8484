"""Install hook: links issued before the zone governed them."""

from odoo.addons.customer_zone.hooks import date_existing_links


def post_init_hook(env):
    """Purchase orders sent by email before this addon was installed carry a
    link (a portal token) without an end of validity: give them the one of
    their company's setting, as customer_zone does for its documents."""
    date_existing_links(env)
