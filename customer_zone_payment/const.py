"""Constants of the payment bridge, in one place (as core's ``payment/const.py``)."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# At most this many invoices are paid in one transaction, "select all"
# included (above it, a message: no silent cut). The ids travel in the
# transaction route's path (/customer_zone/transaction/invoices/1-2-...):
# 500 ids of 7 digits make a 4 KB request line, half of what common proxies
# accept (nginx: 8 KB); and one payment reconciles them all in the provider's
# notice.
MAX_SELECTED = 500
# the payment form's flows; a validation (saving a card) pays no document
PAYMENT_FLOWS = ("redirect", "direct", "token")
# above this, no payment is real, and rounding to a currency overflows
MAX_AMOUNT = 1e15
# the documents a transaction pays, as the transaction routes link them
DOCUMENT_LINKS = ("invoice_ids", "sale_order_ids")

# What core's invoice page reads from the query string; any other key went on
# to _get_compatible_providers(**kwargs) (currency_id=1: a TypeError, a 500).
INVOICE_PAGE_PARAMS = frozenset(
    {
        "access_token",
        "report_type",
        "download",
        "amount",
        "payment_token",
        "payment",
        "error",
        "warning",
        "success",
        "pid",
        "hash",
    }
)

# Why a payment cannot start, by code: the pages redirect to
# /my/outstanding?error=<code>, the transaction routes raise the message.
# Any other code reads as "invalid". A module constant has no env: lazy
# terms, translated when shown (``env._(PAY_ERRORS[code])``), as in core's
# payment/const.py.
# pylint: disable=prefer-env-translation
PAY_ERRORS = {
    "none": _lt("Choose at least one invoice to pay."),
    "overdue": _lt("You have no overdue invoice to pay online."),
    "company": _lt("Invoices of different companies cannot be paid together."),
    "currency": _lt("Invoices in different currencies cannot be paid together."),
    "amount": _lt("Enter an amount above zero and up to the maximum shown."),
    "disabled": _lt("Payments on account are not offered."),
    "invalid": _lt("Some of the invoices chosen cannot be paid online."),
    "selection": _lt("This selection is not known. Choose the invoices to pay."),
    "too_many": _lt(
        "Too many invoices to pay at once (at most %(limit)s): choose a "
        "filter, or tick the invoices to pay.",
        limit=MAX_SELECTED,
    ),
}
# pylint: enable=prefer-env-translation
