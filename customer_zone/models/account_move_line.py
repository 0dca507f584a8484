from odoo import models
from odoo.tools import SQL


def open_amount_sql(model, alias, query):
    """SQL of "the item still carries an amount", as the predicate of the
    index below states it (``Domain.custom``): PostgreSQL uses a partial
    index only for a query whose conditions imply its predicate."""
    return SQL(
        "(%s <> 0 OR %s <> 0)",
        SQL.identifier(alias, "amount_residual"),
        SQL.identifier(alias, "amount_residual_currency"),
    )


def open_amount_filter(line):
    """The same, for ``filtered_domain``."""
    return bool(line.amount_residual or line.amount_residual_currency)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # A customer's open items (``res.partner._customer_zone_open_items_domain``:
    # the account summary, the outstanding items, the credit figures) are
    # found by its partners. Core's indexes lead with the account
    # (``_unreconciled_index``) or hold every line of the partner
    # (``_partner_id_ref_idx``): for a customer with 5,000 invoices the
    # planner, which cannot tell that customer from the average one behind a
    # sub-query of its contacts, scans its ~30,000 lines (product and tax
    # lines are never reconciled either) for its ~1,500 open ones. This index
    # holds only the lines still open on a reconcilable account.
    _customer_zone_open_item_partner_index = models.Index(
        "(partner_id) WHERE reconciled IS NOT TRUE"
        " AND (amount_residual <> 0 OR amount_residual_currency <> 0)"
    )
