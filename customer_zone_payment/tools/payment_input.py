"""Reading what a payment page or the payment form sends, strictly: amounts,
ids and flags as a form (text) or JSON (any value) gives them. What is not
recognised is None or an error code, never an exception a visitor could turn
into a server error. The request-independent half of the payment routes,
table-tested in ``tests/test_payment_input.py``."""

import math
import re

from odoo import Command

from odoo.addons.customer_zone.tools.request_input import ID_MAX, ID_PATTERN, record_id

from ..const import MAX_AMOUNT, MAX_SELECTED, PAY_ERRORS

# an amount sent as text: plain decimal digits (JSON sends a number)
AMOUNT_PATTERN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


def on_account_amount(raw, company):
    """The amount a customer typed, checked against ``company``'s maximum:
    ``(amount, None)``, or ``(None, code)`` with a code of ``PAY_ERRORS``."""
    limit = company.customer_zone_on_account_max
    if not limit:
        return None, "disabled"
    try:
        # a decimal comma is what many customers type
        amount = float(str(raw or "").strip().replace(",", "."))
    except ValueError:
        return None, "amount"
    if not math.isfinite(amount) or amount <= 0:
        return None, "amount"
    amount = company.currency_id.round(amount)
    if amount <= 0 or company.currency_id.compare_amounts(amount, limit) > 0:
        return None, "amount"
    return amount, None


def positive_amount(amount):
    """``amount`` (a float or None, as ``PaymentPortal._cast_as_float`` gives
    it) when it is finite and above zero, else None."""
    if amount is None or not math.isfinite(amount):
        return None
    return amount if amount > 0 else None


def strict_bool(value):
    """A flag as JSON or a form sends it: True, False or None."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def strict_amount(value, currency):
    """An amount rounded to ``currency`` and above zero, or None: a number,
    or its plain decimal text; no bool, exponent, NaN or infinity."""
    if isinstance(value, str) and AMOUNT_PATTERN.fullmatch(value):
        value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        amount = float(value)
    except OverflowError:  # an int of thousands of digits
        return None
    if not math.isfinite(amount) or not 0 < amount < MAX_AMOUNT:
        return None
    amount = currency.round(amount)
    return amount if amount > 0 else None


def linked_ids(custom_create_values, field):
    """The ids a transaction's create values link in ``field``."""
    ids = []
    for command in (custom_create_values or {}).get(field) or []:
        if isinstance(command, (list, tuple)) and len(command) == 3:
            if command[0] == Command.SET:
                ids.extend(command[2])
            elif command[0] == Command.LINK:
                ids.append(command[1])
    return ids


def parse_ids(raw):
    """Invoice ids from "1,2,3" (form) or "1-2-3" (route), without
    duplicates: ValueError if one is not an id, or there are too many."""
    parts = [part for part in str(raw or "").replace("-", ",").split(",") if part]
    if not parts or len(parts) > MAX_SELECTED:
        raise ValueError(raw)
    # ASCII digits only: "²" passes str.isdigit(), and int() takes "١٢" and "1_0"
    if not all(ID_PATTERN.fullmatch(part) for part in parts):
        raise ValueError(raw)
    ids = [int(part) for part in parts]
    if any(i <= 0 or i >= ID_MAX for i in ids):
        raise ValueError(raw)
    return list(dict.fromkeys(ids))


def invoices_reference(invoices):
    """The payment reference of these invoices, built on the server from their
    numbers: the same on every page view, and no sequence consumed by a GET."""
    names = sorted(invoices.mapped("name"))
    if len(names) == 1:
        return names[0]
    return f"{names[0]}+{len(names) - 1}"


def selection_error(invoices):
    """Why these invoices cannot be paid together (a ``PAY_ERRORS`` code), or
    None: one transaction pays one company's invoices, in one currency."""
    if not invoices:
        return "none"
    if len(invoices.company_id) > 1:
        return "company"
    if len(invoices.currency_id) > 1:
        return "currency"
    return None


def error_message(env, code):
    """The message of a ``PAY_ERRORS`` code in ``env``'s language; any other
    code (a query string says what it likes) reads as "invalid"."""
    return env._(PAY_ERRORS.get(code, PAY_ERRORS["invalid"]))


def strict_flags(kwargs):
    """The payment form's flags as booleans, in ``kwargs`` itself: False
    when one is not a flag, or when one the form always sends is missing."""
    if "tokenization_requested" not in kwargs or "landing_route" not in kwargs:
        return False
    for flag in ("tokenization_requested", "is_validation"):
        if flag in kwargs:
            kwargs[flag] = strict_bool(kwargs[flag])
            if kwargs[flag] is None:
                return False
    return True


def option_ids(env, flow, provider_id, payment_method_id, token_id):
    """The provider, payment method and saved card sent, as ids of records
    that exist (``env`` in sudo: the caller then decides whether this
    customer may use them), or None when one is malformed or unknown. The
    "token" flow needs a card, the others a payment method."""
    provider = env["payment.provider"].browse(record_id(provider_id)).exists()
    if not provider:
        return None
    ids = {"provider_id": provider.id, "payment_method_id": None, "token_id": None}
    for key, model, raw in (
        ("payment_method_id", "payment.method", payment_method_id),
        ("token_id", "payment.token", token_id),
    ):
        required = (key == "token_id") == (flow == "token")
        if raw in (None, False) and not required:
            continue
        record = env[model].browse(record_id(raw)).exists()
        if not record:
            return None
        ids[key] = record.id
    return ids
