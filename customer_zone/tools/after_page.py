"""Writes a page makes once it is rendered: in a transaction of their own on
the primary database, the page's own being a read-only one (on a replica
when Odoo has one). The views of documents and the kept account summary."""

from odoo.http import request


def write_after_page(env, write):
    """Call ``write(cr)`` with a cursor of its own on the primary, committed
    when it returns; the page's read-only transaction ends first (a test
    cursor requires it: the page has answered, it reads nothing more)."""
    page_cr = request.env.cr
    if page_cr.readonly:
        page_cr.rollback()
    with env.registry.cursor() as cr:
        write(cr)
