from odoo import models
from odoo.fields import Domain
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


def receivable_sql(model, alias, query):
    """SQL of "the item is on a receivable account", the accounts read once
    into an array: PostgreSQL then checks each item against the array, in
    the index below (a join to the accounts, which the planner prefers when
    it cannot tell a big customer from the average one, costs a lookup per
    open item, payments' outstanding receipts included)."""
    return SQL(
        "%s = ANY(ARRAY(%s))",
        SQL.identifier(alias, "account_id"),
        receivable_accounts(model.env).select(),
    )


def receivable_accounts(env):
    """The receivable accounts, archived ones too, as a sub-query."""
    return (
        env["account.account"]
        .sudo()
        .with_context(active_test=False)
        ._search(Domain("account_type", "=", "asset_receivable"))
    )


def receivable_filter(line):
    """The same, for ``filtered_domain``."""
    return line.account_id.account_type == "asset_receivable"


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
    # holds only the lines still open on a reconcilable account, by partner
    # then account: the open items of a receivable account are read from it
    # without the other open ones (its payments' outstanding receipts, not
    # yet matched with a bank statement, were 2,400 of this customer's 3,900).
    _customer_zone_open_item_partner_index = models.Index(
        "(partner_id, account_id) WHERE reconciled IS NOT TRUE"
        " AND (amount_residual <> 0 OR amount_residual_currency <> 0)"
    )
