"""Reading request parameters strictly: one place for every zone route and
for the bridges. A parameter is text a client chose (or, over JSON-RPC, any
JSON value): what these helpers do not recognise is None or a default, never
an exception, so that bad input never becomes a server error."""

import re

from odoo import fields
from odoo.http import request

from ..const import MAX_INPUT_ECHO

ID_PATTERN = re.compile(r"[0-9]{1,10}")
ID_MAX = 2**31  # PostgreSQL's integer
PAGE_MAX = 10**6
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# the years a list's period may hold: the ORM writes year 1 as "1-01-01"
# (PostgreSQL then refuses it), and 9999-12-31 has no next day
PERIOD_YEARS = (1900, 9998)


def record_id(value):
    """A record id as a form (ASCII digits) or JSON (an int) sends it, or
    None: no bool, float, list, sign, space, exponent or Unicode digit
    ("²".isdigit() is true, int("²") fails)."""
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value < ID_MAX else None


def page_number(page):
    """A page number from the route (an int) or the query string: 1 unless
    it is a plain positive number, at most PAGE_MAX."""
    if isinstance(page, str):
        page = int(page) if ID_PATTERN.fullmatch(page) else 1
    if isinstance(page, bool) or not isinstance(page, int):
        return 1
    return min(max(page, 1), PAGE_MAX)


def printable(value, limit=None):
    """What was typed, without control characters (PostgreSQL refuses a NUL
    byte), at most ``limit`` characters; not text (a file, a list): ""."""
    text = value if isinstance(value, str) else ""
    return "".join(char for char in text if char.isprintable())[:limit]


def local_path(value):
    """Whether ``value`` is a path on this site ("/my/...", not "//host"),
    printable (PostgreSQL refuses a NUL byte in a stored landing route) and
    of a URL's length."""
    return (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and value.isprintable()
        and len(value) <= 2048
    )


def without_keys(kwargs, keys):
    """``kwargs`` without ``keys``: names of core's own arguments that a query
    key would pass twice ("got multiple values for argument")."""
    return {key: value for key, value in kwargs.items() if key not in keys}


def pick_option(options, key, default, messages):
    """The option ``key`` when it is one of ``options``, else ``default``;
    an unknown key adds a message to ``messages`` (shown above the list).

    One helper and one message for every list of the zone and its bridges
    (core answers an unknown sort or filter key with a server error).
    """
    if not key or key in options:
        return key or default
    messages.append(
        request.env._(
            "“%(key)s” is not an option here; it was ignored.",
            key=printable(key, MAX_INPUT_ECHO),
        )
    )
    return default


def iso_date(value):
    """``value`` (YYYY-MM-DD) as a date of a year a list's period may hold
    (PERIOD_YEARS), or None."""
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return None
    try:
        day = fields.Date.to_date(value)
    except ValueError:
        return None
    if not PERIOD_YEARS[0] <= day.year <= PERIOD_YEARS[1]:
        return None
    return day
