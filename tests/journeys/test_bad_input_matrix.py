"""Cross-addon suite: a generated bad-input matrix over every zone route.

Routes: every rule of the database's routing map whose path starts with one of
ZONE_PREFIXES, or whose endpoint is defined or overridden in a customer_zone*
addon: our routes and the core portal, sale, account, payment and helpdesk
routes we extend or leave reachable. A paging route (/.../page/<n>) runs the
endpoint of its route without /page/<n>: it gets the hostile <page> values,
its query parameters are tested on the other route.

Parameters of a route, derived from its code (``_route_params``): the
arguments of each ``@route`` method along the override chain
(``inspect.signature`` of ``original_endpoint``), the keys the code reads from
``kw``/``post``/``request.params``, and the same for the helpers it hands the
request's parameters to (three calls deep); plus the fields of the POST forms
(FORM_FIELDS, the detail fields Settings list), the brief's KNOWN_KWARGS no
code reads (sent to our routes that take ``**kw``) and a few unknown keys.

Values (``_corpus``): one parameter hostile at a time, the others absent or
valid (``_baseline``). Tiers keep the matrix to a few minutes:
- "full": GENERIC; ids, dates and amounts also NUMERIC and INTS, DATES or
  AMOUNTS; ids also another customer's record; JSON-RPC parameters also
  JSON_VALUES (null, a huge int, Infinity, NaN, a list / an object) instead
  of repeated keys. For the route's own arguments and reads, and for the
  ids, dates, amounts and KNOWN_KWARGS its helpers take or read (deeper
  helpers: on the first route reaching them);
- "small" (the first four of each list): what only helpers of core routes we
  do not override take or read;
- "once" (the value 1): other arguments of helpers, unknown keys: it is their
  presence that can collide with what the endpoint passes itself.
Path arguments get the values their converter can match (PATH_INTS) or, for
strings, GENERIC.

Who and how: with the company's options on (payment on account, partial
payments, sign-in links), as the demo customer ``acme``, GET for http routes
that take it, POST with a valid CSRF token for those that take POST (a route
taking both gets its parameters by POST, GET gets the valid request), JSON-RPC
for ``type='jsonrpc'``. As the public user: the valid request on every route, and
on ``auth='public'`` routes the hostile path ids and access tokens too (past
the access check their code paths are the customer's). As ``admin``, the
accountants' routes (ACCOUNTANT_ROUTES).

Checks, per request (one subtest each, named "who METHOD route param=value"):
- the status is below 500, and a JSON-RPC error is one Odoo or werkzeug
  raises on purpose (``odoo.exceptions.*``, ``werkzeug.exceptions.*``, session
  expired), not a crash; the message carries the error Odoo logged with the
  deepest frames of its traceback;
- no record changed: the (id, xmin) of every row of account.move,
  account.payment, payment.transaction, sale.order, helpdesk.ticket,
  res.partner and mail.message, before and after the request (xmin changes on
  every write, even inside the one transaction HttpCase runs in). A GET may
  write only what GET_WRITES lists, a POST or JSON-RPC request what
  LEGIT_WRITES lists for its route (what the route is for), and then only the
  customer's own records; new transactions must be for a positive finite
  amount no higher than what their invoices owe.

Writes not tracked on purpose (the platform on any request): HTTP sessions
(files), res.users.log / res.device.log, login-failure counters (cleared after
each test: the wrong passwords sent count), the portal counters cached in the
session; access tokens are given to every document before the matrix, as the
portal writes a missing one when it shows a document.

Set CZ_MATRIX_REPORT=/path/file.json to get every failing case in a file.
"""

import inspect
import json
import logging
import math
import os
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from werkzeug.routing.converters import NumberConverter

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.base.models.ir_http import ModelConverter

NUMBER_CONVERTERS = (NumberConverter, ModelConverter)
ZONE_PREFIXES = (
    "/my",
    "/invoice/transaction",
    "/ticket",
    "/new/ticket",
    "/submitted/ticket",
    "/customer_zone",
)
OUR_MODULES = "odoo.addons.customer_zone"
TIMEOUT = 120

# Routes the brief names: the matrix must find each one in the routing map.
EXPECTED_ROUTES = (
    "/my",
    "/my/home",
    "/my/counters",
    "/my/invoices",
    "/my/invoices/page/<int:page>",
    "/my/invoices/<int:invoice_id>",
    "/my/invoices/overdue",
    "/invoice/transaction/<int:invoice_id>",
    "/invoice/transaction/overdue",
    "/my/orders",
    "/my/orders/page/<int:page>",
    "/my/orders/<int:order_id>",
    "/my/quotes",
    "/my/quotes/page/<int:page>",
    "/my/credit_notes",
    "/my/credit_notes/page/<int:page>",
    "/my/payments",
    "/my/payments/page/<int:page>",
    "/my/statement",
    "/my/statement/pdf",
    "/my/outstanding",
    "/my/outstanding/pay",
    "/my/outstanding/pay_on_account",
    "/customer_zone/transaction/invoices/<string:invoice_ids>",
    "/customer_zone/transaction/on_account",
    "/customer_zone/signin",
    "/my/details",
    "/my/preview/<int:partner_id>",
    "/my/tickets",
    "/my/tickets/page/<int:page>",
    "/my/ticket/<int:ticket_id>",
    "/new/ticket",
    "/submitted/ticket",
    "/ticket/close",
    # customer_zone_purchase (supplier zone)
    "/my/rfq",
    "/my/rfq/page/<int:page>",
    "/my/purchase",
    "/my/purchase/page/<int:page>",
    "/my/purchase/<int:order_id>",
    "/my/purchase/<int:order_id>/acknowledge",
    "/my/purchase/<int:order_id>/update",
    "/my/purchase/<int:order_id>/download_edi",
    # customer_zone_project (project jobs)
    "/my/projects",
    "/my/projects/page/<int:page>",
    "/my/projects/<int:project_id>",
    "/my/projects/<int:project_id>/page/<int:page>",
    "/my/projects/<int:project_id>/task/<int:task_id>",
    "/my/projects/<int:project_id>/task/<int:task_id>/subtasks",
    "/my/projects/<int:project_id>/task/<int:task_id>/recurrent_tasks",
    "/my/projects/<int:project_id>/project_sharing",
    "/my/tasks",
    "/my/tasks/page/<int:page>",
    "/my/tasks/<int:task_id>",
    "/mail/attachment/upload",
    # customer_zone_stock (deliveries)
    "/my/deliveries",
    "/my/deliveries/page/<int:page>",
    "/my/picking/pdf/<int:picking_id>",
    "/my/picking/return/pdf/<int:picking_id>",
    # customer_zone catalog
    "/my/catalog",
    "/my/catalog/page/<int:page>",
    "/my/catalog/submit",
)
# Keyword arguments the brief names: each must be exercised on some route.
KNOWN_KWARGS = (
    "sortby",
    "filterby",
    "search",
    "search_in",
    "groupby",
    "page",
    "date_begin",
    "date_end",
    "date_from",
    "date_to",
    "invoice_ids",
    "amount",
    "access_token",
    "report_type",
    "download",
    "show_expired",
    "customer_zone_document",
    "category",
    "team",
    "ticket_id",
    "stage_id",
    "provider_id",
    "token_id",
    "payment_reference",
    "currency_id",
    "partner_id",
    "company_id",
)
# Form fields the routing map cannot tell: what the pages' forms post.
FORM_FIELDS = {
    "/my/security": ("old", "new1", "new2"),
    "/my/deactivate_account": ("validation", "password"),
    "/my/address/submit": (
        "name",
        "email",
        "phone",
        "street",
        "city",
        "zip",
        "country_id",
        "state_id",
        "vat",
        "company_name",
    ),
    "/submitted/ticket": ("subject", "description", "category", "team"),
    "/my/details": (),  # the fields Settings list, read in discover_routes
    # customer_zone_purchase (supplier zone)
    "/my/purchase/<int:order_id>/acknowledge": (
        "customer_zone_note",
        "customer_zone_date",
        "customer_zone_file",
    ),
    # customer_zone_project (project jobs)
    "/mail/attachment/upload": ("thread_id", "thread_model", "is_pending"),
    # customer_zone_stock (deliveries)
    # customer_zone catalog
    # a quantity of a product (qty_<product id>) and the form's idempotence key
    "/my/catalog/submit": ("submit_key", "qty_1"),
}
# Keys no route knows: each is sent once, with a plain value.
UNKNOWN_KEYS = ("zz_unknown", "__class__", "sortby[]", "k" * 1000)

# What a POST or JSON-RPC request may write, to the customer's own records
# only: what the route is for. A GET writes nothing but what GET_WRITES lists.
LEGIT_WRITES = {
    "/submitted/ticket": {"helpdesk.ticket", "mail.message"},
    "/ticket/close": {"helpdesk.ticket", "mail.message"},
    # the customer's details; its tasks keep a stored copy of its phone and
    # email (project's partner_phone/email, with project installed)
    "/my/details": {"res.partner", "mail.message", "project.task"},
    # the customer's own choice: deposits and credits applied at invoicing
    "/my/payments/apply_credits": {"res.partner", "mail.message"},
    "/my/orders/<int:order_id>/accept": {"sale.order", "mail.message"},
    "/my/orders/<int:order_id>/decline": {"sale.order", "mail.message"},
    "/my/orders/<int:order_id>/update_line_dict": {"sale.order"},
    "/my/orders/<int:order_id>/transaction": {"payment.transaction", "mail.message"},
    "/invoice/transaction/<int:invoice_id>": {"payment.transaction", "mail.message"},
    "/invoice/transaction/overdue": {"payment.transaction", "mail.message"},
    "/customer_zone/transaction/invoices/<string:invoice_ids>": {
        "payment.transaction",
        "mail.message",
    },
    "/customer_zone/transaction/on_account": {"payment.transaction", "mail.message"},
    # customer_zone_purchase (supplier zone)
    # (lines: the dates the supplier updates; the stored figures of the lines
    # that follow a confirmation, where the company confirms on acknowledging)
    "/my/purchase/<int:order_id>/acknowledge": {
        "purchase.order",
        "purchase.order.line",
        "mail.message",
    },
    "/my/purchase/<int:order_id>/update": {
        "purchase.order",
        "purchase.order.line",
        "mail.message",
    },
    # customer_zone_project (project jobs)
    # a customer's file on its task: ir.attachment, not tracked
    # customer_zone_stock (deliveries)
    # customer_zone catalog (res.partner: the customer's row is locked by a
    # no-op update, so that a form sent twice makes one order)
    "/my/catalog/submit": {"sale.order", "mail.message", "res.partner"},
}
GET_WRITES = {
    # sale logs "Quotation viewed by customer" on a GET with a token
    "/my/orders/<int:order_id>": {"mail.message"},
    # each preview is logged in the customer's chatter
    "/my/preview/<int:partner_id>": {"mail.message"},
}
# Routes for accountants: requested as ``admin`` too, who may act on any
# customer (the owner check does not apply).
ACCOUNTANT_ROUTES = ("/my/preview/<int:partner_id>",)
TRACKED = (
    "account.move",
    "account.payment",
    "payment.transaction",
    "sale.order",
    "helpdesk.ticket",
    "res.partner",
    "mail.message",
    # customer_zone_purchase (supplier zone)
    "purchase.order",
    "purchase.order.line",
    # customer_zone_project (project jobs)
    "project.project",
    "project.task",
    # customer_zone_stock (deliveries)
    "stock.picking",
    # customer_zone catalog
    "product.template",
)

# ---------------------------------------------------------------- the corpus
GENERIC = (  # every parameter; the first four for the "small" tier
    ("empty", ""),
    ("huge-10k", "x" * 10_000),
    ("sqli", "' OR 1=1--"),
    ("repeated-1-2", ["1", "2"]),
    ("blank", " \t\n "),
    ("xss", "<script>alert(1)</script>"),
    ("nul", "1\x00"),
    ("unknown-option", "zz_no_such_option"),
)
NUMERIC = (  # every id, date and amount
    ("superscript-2", "²"),
    ("arabic-3", "٣"),
    ("fullwidth-1", "１"),
    ("list-syntax", "[1,2]"),
)
INTS = (
    ("-1", "-1"),
    ("1e30", "1" + "0" * 30),
    ("5000-digits", "9" * 5000),
    ("nan", "nan"),
    ("0", "0"),
    ("1e309", "1e309"),
    ("1.5", "1.5"),
    ("no-such-id", "987654321"),
)
ID_LISTS = (
    ("csv", "1,2,3"),
    ("commas", ",,,"),
    ("all", "all"),
    ("600-ids", ",".join(str(i) for i in range(1, 601))),
)
DATES = (
    ("0001-01-01", "0001-01-01"),
    ("9999-12-31", "9999-12-31"),
    ("2026-02-30", "2026-02-30"),
    ("-1", "-1"),
    ("0005-01-01", "0005-01-01"),
    ("31/12/2026", "31/12/2026"),
)
AMOUNTS = (
    ("-1", "-1"),
    ("1e309", "1e309"),
    ("nan", "nan"),
    ("5000-digits", "9" * 5000),
    ("0", "0"),
    ("1e30", "1" + "0" * 30),
    ("inf", "inf"),
    ("1,5", "1,5"),
    ("1e-320", "1e-320"),
)
JSON_VALUES = (  # every JSON-RPC parameter
    ("json-null", None),
    ("json-int-1e30", 10**30),
    ("json-Infinity", math.inf),
    ("json-NaN", math.nan),
    ("json-list", [1, 2]),
    ("json-object", {"id": 1}),
)
PATH_INTS = (
    ("-1", "-1"),
    ("0", "0"),
    ("1e30", "1" + "0" * 30),
    ("5000-digits", "9" * 5000),
    ("no-such-id", "987654321"),
    ("arabic-3", "٣"),
    ("fullwidth-1", "１"),
)
INT_NAMES = {"page", "category", "team", "journal_id", "document_id", "country"}
AMOUNT_NAMES = {"amount", "payment_amount", "input_quantity"}
DATE_NAME = re.compile(r"^date(_|$)|_date$")

# ------------------------------------------------------------ route discovery
KEY_READ = re.compile(
    r"(?:\b(?:kw|kwargs|post|params|query_params|form_data)|request\.params"
    r"|httprequest\.(?:args|form))\s*(?:\.get\(|\.pop\(|\[)\s*[\"']([A-Za-z_]\w*)[\"']"
)
KEY_IN = re.compile(r"[\"']([A-Za-z_]\w*)[\"']\s+(?:not\s+)?in\s+(?:kw|kwargs|post)\b")
HELPER_CALL = re.compile(r"self\.(_\w+)\(((?:[^()]|\([^()]*\))*)\)")
HANDS_PARAMS = re.compile(r"\*\*|\b(?:kw|kwargs|post|params)\b")
KEYWORD_ARG = re.compile(r"^\w+\s*=(?!=)")
MAX_DEPTH = 3
CSRF = re.compile(
    r"csrf_token[\"']?\s*:\s*[\"']([0-9a-f]+o\d*)[\"']"
    r"|name=\"csrf_token\"\s+value=\"([0-9a-f]+o\d*)\""
)
PATH_ARG = re.compile(r"<(?:[^<>]*:)?(\w+)>")
NOT_PARAMS = {"self", "csrf_token"}
# text arguments of helpers that are real request parameters: full corpus
FULL_CORPUS = set(KNOWN_KWARGS) | {
    "flow",
    "tokenization_requested",
    "landing_route",
    "is_validation",
}


@dataclass
class Route:
    path: str
    kind: str  # 'http' or 'jsonrpc'
    auth: str
    methods: tuple  # what the matrix sends: GET, POST (form) or RPC
    ours: bool
    path_args: dict  # name -> 'int' or 'string'
    params: dict = field(default_factory=dict)  # name -> (kind, tier)
    takes_any: bool = False  # the endpoint takes **kw

    @property
    def family(self):
        for name, prefixes in FAMILIES:
            if not prefixes or self.path.startswith(prefixes):
                return name
        return FAMILIES[-1][0]


FAMILIES = (
    ("invoices", ("/my/invoices", "/invoice/transaction")),
    ("sales", ("/my/orders", "/my/quotes")),
    (
        "account",
        (
            "/my/credit_notes",
            "/my/payments",
            "/my/statement",
            "/my/outstanding",
            "/customer_zone",
        ),
    ),
    ("tickets", ("/my/ticket", "/new/ticket", "/submitted/ticket", "/ticket")),
    ("portal", ()),  # everything else: /my, /my/home, details, addresses ...
)


def _unwrap(member):
    member = getattr(member, "__func__", member)
    return getattr(member, "original_endpoint", member)


def _definitions(cls, name):
    """Every definition of ``name`` along the controller's MRO, leaf first."""
    return [_unwrap(k.__dict__[name]) for k in cls.__mro__ if name in k.__dict__]


def _value_kind(name, default=inspect.Parameter.empty):
    if name in AMOUNT_NAMES or name.endswith("_amount"):
        return "amount"
    if DATE_NAME.search(name):
        return "date"
    if name.endswith("_ids"):
        return "ids"
    if name.endswith("_id") or name in INT_NAMES:
        return "int"
    if type(default) is int:
        return "int"
    return "text"


def _call_binds(args, signature):
    """The helper's arguments a call ``self._helper(args)`` sets itself."""
    parts, depth, current = [], 0, ""
    for char in args:
        depth += char in "([{"
        depth -= char in ")]}"
        if char == "," and not depth:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts = [part for part in [*parts, current.strip()] if part]
    keywords = {part.split("=")[0].strip() for part in parts if KEYWORD_ARG.match(part)}
    positional = [
        p for p in parts if not p.startswith("*") and not KEYWORD_ARG.match(p)
    ]
    names = [name for name in signature.parameters if name != "self"]
    return keywords | set(names[: len(positional)])


def _route_params(ctrl_cls, chain, skip, covered, ours):
    """Parameters the endpoint chain takes or reads: name -> (kind, tier).

    The whole corpus of their kind ("full") for the endpoint's arguments, the
    keys it and its helpers read (ids, dates, amounts and KNOWN_KWARGS when
    read by a helper) and the ids, dates, amounts and KNOWN_KWARGS taken by
    the helpers it hands the request's parameters to, on the first route
    reaching each helper (``covered``) or any route for direct helpers.
    Other arguments of those helpers, and those the call sets itself, are
    sent once ("once"): it is their presence that can collide. On core routes
    we do not override, what only helpers take or read gets a smaller corpus
    ("small").
    """
    params, seen = {}, set()

    def add(name, kind, tier):
        if name in skip or name in NOT_PARAMS:
            return
        rank = ("once", "small", "full")
        if name not in params or rank.index(tier) > rank.index(params[name][1]):
            params[name] = (kind, tier)

    def visit(func, depth, binds):
        if func in seen or not callable(func):
            return
        seen.add(func)
        try:
            signature = inspect.signature(func)
            source = inspect.getsource(func)
        except (TypeError, ValueError, OSError):
            return
        for parameter in signature.parameters.values() if binds is not None else ():
            if parameter.kind not in (
                parameter.POSITIONAL_OR_KEYWORD,
                parameter.KEYWORD_ONLY,
            ):
                continue
            name = parameter.name
            kind = _value_kind(name, parameter.default)
            key = (func.__module__, func.__qualname__, name)
            full = not depth or (
                name not in binds
                and (kind != "text" or name in FULL_CORPUS)
                and (depth == 1 or key not in covered)
            )
            covered.add(key)
            add(
                name,
                kind,
                ("full" if ours or not depth else "small") if full else "once",
            )
        for match in [*KEY_READ.finditer(source), *KEY_IN.finditer(source)]:
            name = match.group(1)
            kind = _value_kind(name)
            full = not depth or kind != "text" or name in FULL_CORPUS
            add(
                name,
                kind,
                ("full" if ours or not depth else "small") if full else "once",
            )
        if depth >= MAX_DEPTH:
            return
        for call in HELPER_CALL.finditer(source):
            for helper in _definitions(ctrl_cls, call.group(1)):
                binds = None
                if HANDS_PARAMS.search(call.group(2)):
                    try:
                        binds = _call_binds(call.group(2), inspect.signature(helper))
                    except (TypeError, ValueError):
                        continue
                visit(helper, depth + 1, binds)

    for func in chain:
        visit(func, 0, set())
    return params


def discover_routes(env):
    """The zone's rules in the routing map, with what the matrix sends them."""
    thread = threading.current_thread()
    if not getattr(thread, "dbname", None):
        thread.dbname = env.cr.dbname
    routes, covered = {}, set()
    rules = sorted(env["ir.http"].routing_map().iter_rules(), key=lambda r: r.rule)
    for rule in rules:
        bound = rule.endpoint.func
        ctrl_cls, name = type(bound.__self__), bound.__name__
        chain = _definitions(ctrl_cls, name)
        ours = any(func.__module__.startswith(OUR_MODULES) for func in chain)
        if not (rule.rule.startswith(ZONE_PREFIXES) or ours):
            continue
        routing = rule.endpoint.routing
        path_args = {
            arg: "int" if isinstance(conv, NUMBER_CONVERTERS) else "string"
            for arg, conv in rule._converters.items()
        }
        allowed = routing.get("methods")
        if routing["type"] == "jsonrpc":
            methods = ("RPC",)
        else:
            methods = tuple(
                method
                for method in ("GET", "POST")
                if (allowed is None and method == "GET")
                or (allowed and method in allowed)
                or (method == "POST" and routing.get("csrf") is True)
            )
        route = Route(
            rule.rule, routing["type"], routing["auth"], methods, ours, path_args
        )
        if "/page/<" not in rule.rule:
            # a paging route runs the endpoint of the route without /page/<n>,
            # whose parameters are tested there: here only <page> is
            route.params = _route_params(ctrl_cls, chain, set(path_args), covered, ours)
        form = FORM_FIELDS.get(rule.rule, ())
        if rule.rule == "/my/details":  # every listed field, read-only ones too
            form = env["customer.zone.detail.field"]._get_for_company(env.company)
            form = form.mapped("field_id.name")
        for name in form:
            route.params[name] = (_value_kind(name), "full")
        for key in UNKNOWN_KEYS:
            route.params[key] = ("unknown", "once")
        route.takes_any = any(
            parameter.kind == parameter.VAR_KEYWORD
            for func in chain
            for parameter in inspect.signature(func).parameters.values()
        )
        routes[rule.rule] = route
    # the brief's kwargs no code reads: sent to our routes that take any
    derived = {name for route in routes.values() for name in route.params}
    for route in routes.values():
        if route.ours and route.takes_any and "/page/<" not in route.path:
            for name in sorted(set(KNOWN_KWARGS) - derived):
                route.params[name] = (_value_kind(name), "small")
    return sorted(routes.values(), key=lambda r: (r.path in LEGIT_WRITES, r.path))


def _corpus(kind, tier, rpc, foreign=()):
    """(label, value) pairs for a parameter of that kind and tier."""
    if tier == "once":
        return [("1", "1")]
    small = tier == "small"
    values = list(GENERIC[:4] if small else GENERIC + NUMERIC * (kind != "text"))
    values += {
        "int": INTS,
        "ids": INTS + ID_LISTS,
        "date": DATES,
        "amount": AMOUNTS,
    }.get(kind, ())[: 4 if small else None]
    values += [(f"other-customer:{value}", value) for value in foreign]
    if rpc:
        values = [pair for pair in values if not isinstance(pair[1], list)]
        extra = (
            JSON_VALUES[:5] if kind != "text" else JSON_VALUES[:1] + JSON_VALUES[-1:]
        )
        values += extra[::2] if small else extra
    return values


def _path_corpus(kind, foreign=()):
    values = (
        list(PATH_INTS)
        if kind == "int"
        else [pair for pair in GENERIC if not isinstance(pair[1], list)]
    )
    return values + [(f"other-customer:{value}", value) for value in foreign]


def _pairs(params):
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            pairs.append((key, item if isinstance(item, str) else json.dumps(item)))
    return pairs


def _short(value):
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} chars)"


def _outcome(method, response):
    """What a valid request got: status, where it ended, the JSON-RPC answer."""
    outcome = f"{response.status_code} {response.url.split('/', 3)[-1][:80]}"
    if method == "RPC" and response.headers.get("Content-Type", "").startswith(
        "application/json"
    ):
        answer = response.json()
        error = (answer.get("error") or {}).get("data") or {}
        outcome += (
            f" error {error.get('name')}: {str(error.get('message'))[:150]}"
            if error
            else " result"
        )
    return outcome


class _ErrorLog(logging.Handler):
    """The errors Odoo logs while serving a request."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)

    def tail(self):
        """Each error logged: its message, the deepest frames (the last two,
        and the last two in addon code) and the exception."""
        out = []
        for record in self.records:
            out.append(f"[{record.name}] {record.getMessage()[:300]}")
            if not record.exc_info:
                continue
            trace = logging.Formatter().formatException(record.exc_info).splitlines()
            frames = [i for i, line in enumerate(trace) if line.startswith("  File ")]
            addons = [
                i
                for i in frames
                if "/addons/" in trace[i] or "customer_zone" in trace[i]
            ]
            shown = sorted(set(frames[-2:] + addons[-2:]))
            for i in shown:
                out += [trace[i], trace[i + 1]] if i + 1 < len(trace) else [trace[i]]
            last = frames[-1] if frames else -1
            out += [
                line for line in trace[last + 2 :] if not line.strip().startswith("^")
            ]
        return "\n".join(out)

    def crashed(self):
        return any(
            record.name == "odoo.http" and record.exc_info for record in self.records
        )


@tagged("post_install", "-at_install")
class TestBadInputMatrix(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.acme = env.ref("customer_zone.partner_acme_demo")
        cls.bluebird = env.ref("customer_zone.partner_bluebird_demo")
        moves = env["account.move"]
        cls.invoice = moves.search(
            [
                ("partner_id", "=", cls.acme.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("customer_zone_allow_online_payment", "=", True),
            ],
            order="id",
            limit=1,
        )
        cls.other_invoice = moves.search(
            [
                ("partner_id", "=", cls.bluebird.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            order="payment_state desc, id",
            limit=1,
        )
        orders = env["sale.order"]
        cls.quote = orders.search(
            [("partner_id", "=", cls.acme.id), ("state", "=", "sent")], limit=1
        )
        cls.other_quote = orders.search(
            [("partner_id", "=", cls.bluebird.id), ("state", "=", "sent")], limit=1
        )
        tickets = env["helpdesk.ticket"]
        cls.ticket = tickets.search(
            [("partner_id", "=", cls.acme.id), ("closed", "=", False)], limit=1
        )
        cls.other_ticket = tickets.search(
            [("partner_id", "child_of", cls.bluebird.id)], limit=1
        )
        cls.closing_stage = env["helpdesk.ticket.stage"].search(
            [("close_from_portal", "=", True)], limit=1
        )
        cls.provider = env.ref("payment.payment_provider_demo")
        # every option on, so that hostile values reach the most code
        env.company.write(
            {
                "customer_zone_on_account_max": 1000,
                "customer_zone_allow_partial_payment": True,
                "customer_zone_signin_links": True,
            }
        )
        # the portal writes missing access tokens when it shows documents:
        # give every document one first, so that a GET writes nothing
        for model in ("account.move", "sale.order", "helpdesk.ticket"):
            for record in env[model].search([("access_token", "=", False)]):
                record._portal_ensure_token()
        cls.foreign = {
            "invoice_id": [str(cls.other_invoice.id)],
            "invoice_ids": [
                str(cls.other_invoice.id),
                f"{cls.invoice.id},{cls.other_invoice.id}",
            ],
            "order_id": [str(cls.other_quote.id)],
            "line_id": [str(cls.other_quote.order_line[:1].id)],
            "ticket_id": [str(cls.other_ticket.id)],
            "partner_id": [str(cls.bluebird.id)],
            "access_token": [cls.other_invoice.access_token],
            "customer_zone_document": [
                f"account.move,{cls.other_invoice.id}",
                f"sale.order,{cls.other_quote.id}",
            ],
        }
        env.flush_all()
        cls.routes = discover_routes(env)
        cls.stats = defaultdict(int)
        cls.failures = []
        cls.outcomes = {}
        cls.started = time.monotonic()

    @classmethod
    def tearDownClass(cls):
        report = os.environ.get("CZ_MATRIX_REPORT")
        if report:
            with open(report, "w", encoding="utf-8") as out:
                json.dump(
                    {
                        "routes": len(cls.routes),
                        "stats": dict(cls.stats),
                        "seconds": round(time.monotonic() - cls.started),
                        "valid_requests": cls.outcomes,
                        "failures": cls.failures,
                    },
                    out,
                    indent=1,
                )
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.errors = _ErrorLog()
        odoo_logger = logging.getLogger("odoo")
        odoo_logger.addHandler(self.errors)
        self.addCleanup(odoo_logger.removeHandler, self.errors)
        # the wrong passwords sent to /my/security and /my/deactivate_account
        # count as login failures of 127.0.0.1: do not lock out other suites
        self.addCleanup(lambda: getattr(self.registry, "_login_failures", {}).clear())

    # ------------------------------------------------------------ baselines
    def _path_defaults(self):
        return {
            "invoice_id": self.invoice.id,
            "order_id": self.quote.id,
            "ticket_id": self.ticket.id,
            "partner_id": self.acme.id,
            "page": 1,
            "journal_id": self.invoice.journal_id.id,
            "document_id": 987654321,
            "country": self.env.ref("base.us").id,
            "invoice_ids": str(self.invoice.id),
            "access_token": self.ticket.access_token,
        }

    def _tx(self, amount):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.provider.payment_method_ids[:1].id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my/invoices",
        }

    def _baseline(self, route, public):
        """A valid request: required arguments, tokens for the public user."""
        details = (
            self.env["customer.zone.detail.field"]
            ._get_for_company(self.env.company)
            .filtered("editable")
        )
        token = {}
        if public:
            token = {
                "/my/invoices/<int:invoice_id>": {
                    "access_token": self.invoice.access_token
                },
                "/my/orders/<int:order_id>": {"access_token": self.quote.access_token},
                "/my/ticket/<int:ticket_id>": {
                    "access_token": self.ticket.access_token
                },
            }.get(route.path, {})
        baselines = {
            "/invoice/transaction/<int:invoice_id>": {
                "access_token": self.invoice.access_token,
                **self._tx(self.invoice.amount_residual),
            },
            "/invoice/transaction/overdue": {
                "payment_reference": "Matrix",
                **self._tx(self.invoice.amount_residual),
            },
            "/customer_zone/transaction/invoices/<string:invoice_ids>": {
                **self._tx(None),
                "payment_reference": "Matrix",
            },
            "/customer_zone/transaction/on_account": {
                **self._tx(10),
                "payment_reference": "Matrix",
            },
            "/my/orders/<int:order_id>/transaction": {
                "access_token": self.quote.access_token,
                **self._tx(self.quote.amount_total),
            },
            "/my/orders/<int:order_id>/accept": {
                "access_token": self.quote.access_token
            },
            "/my/orders/<int:order_id>/decline": {
                "access_token": self.quote.access_token,
                "decline_message": "Not this time",
            },
            "/my/orders/<int:order_id>/update_line_dict": {
                "access_token": self.quote.access_token,
                "line_id": self.quote.order_line[:1].id,
            },
            "/my/orders/<int:order_id>/document/<int:document_id>": {
                "access_token": self.quote.access_token
            },
            "/ticket/close": {
                "ticket_id": self.ticket.id,
                "stage_id": self.closing_stage.id,
            },
            "/submitted/ticket": {
                "subject": "Matrix",
                "description": "Bad input check",
            },
            "/my/details": {
                line.field_id.name: self.acme[line.field_id.name] or ""
                for line in details
            },
            "/my/security": {
                "old": "not-the-password",
                "new1": "N3w-pass!",
                "new2": "N3w-pass!",
            },
            "/my/deactivate_account": {
                "validation": "acme",
                "password": "not-the-password",
            },
            "/my/address/archive": {"partner_id": self.acme.id},
            '/my/address/country_info/<model("res.country"):country>': {
                "address_type": "billing"
            },
            "/my/counters": {
                "counters": [
                    "invoice_count",
                    "quotation_count",
                    "order_count",
                    "credit_note_count",
                    "payment_count",
                    "outstanding_count",
                    "ticket_count",
                ]
            },
            "/my/outstanding/pay": {"invoice_ids": str(self.invoice.id)},
            "/my/outstanding/pay_on_account": {"amount": "10"},
        }
        values = dict(baselines.get(route.path, {}))
        for key, value in token.items():
            if key in route.params:
                values[key] = value
        return {
            key: value
            for key, value in values.items()
            if value is not None or route.kind == "jsonrpc"
        }

    # ------------------------------------------------------------ snapshots
    def _snapshot(self):
        """(id, xmin) of every row of the tracked models, in one query."""
        self.env.cr.execute(
            SQL(" UNION ALL ").join(
                SQL(
                    "SELECT %s, id, xmin::text FROM %s",
                    model,
                    SQL.identifier(self.env[model]._table),
                )
                for model in TRACKED
            )
        )
        snapshot = {model: {} for model in TRACKED}
        for model, record_id, xmin in self.env.cr.fetchall():
            snapshot[model][record_id] = xmin
        return snapshot

    def _owner_is_customer(self, record):
        if record._name == "res.partner":
            return record.commercial_partner_id == self.acme
        if record._name == "mail.message":
            if record.model in TRACKED and record.res_id:
                target = self.env[record.model].sudo().browse(record.res_id).exists()
                return bool(target) and self._owner_is_customer(target)
            return False
        return record.partner_id.commercial_partner_id == self.acme

    def _record_problems(self, route, method, before, after):
        if before == after:
            return []
        self.env.invalidate_all()
        problems = []
        allowed = (GET_WRITES if method == "GET" else LEGIT_WRITES).get(
            route.path, set()
        )
        for model in TRACKED:
            old, new = before[model], after[model]
            removed = old.keys() - new.keys()
            touched = {i for i in new if old.get(i) != new[i]}
            if not (removed or touched):
                continue
            records = self.env[model].sudo().browse(sorted(touched))
            foreign = sorted(removed) + [
                r.id for r in records if not self._owner_is_customer(r)
            ]
            created = sorted(touched - old.keys())
            if model not in allowed:
                problems.append(
                    f"{method} changed {model}: created {created}, written "
                    f"{sorted(touched & old.keys())}, deleted {sorted(removed)}"
                )
            elif foreign and self.who != "admin":
                problems.append(f"changed another customer's {model} {foreign}")
            if model == "payment.transaction":
                problems += self._transaction_problems(records.browse(created))
        return problems

    def _transaction_problems(self, transactions):
        problems = []
        for tx in transactions:
            owed = sum(tx.invoice_ids.mapped("amount_residual"))
            if "sale_order_ids" in tx._fields:
                owed += sum(tx.sale_order_ids.mapped("amount_total"))
            if not (math.isfinite(tx.amount) and tx.amount > 0) or (
                owed and tx.currency_id.compare_amounts(tx.amount, owed) > 0
            ):
                problems.append(
                    f"created transaction {tx.reference} for {tx.amount} (owed {owed})"
                )
        return problems

    # ------------------------------------------------------------ requests
    def _login(self, who):
        """A fresh session for ``who`` and its CSRF token."""
        user = None if who == "public" else who
        self.authenticate(user, user)
        page = self.url_open(
            "/web/login" if user is None else "/my/home", timeout=TIMEOUT
        )
        match = CSRF.search(page.text)
        self.assertTrue(match, f"no CSRF token for {who}")
        self.csrf = match.group(1) or match.group(2)

    def _send(self, route, method, path_values, params):
        url = PATH_ARG.sub(
            lambda m: quote(str(path_values[m.group(1)]), safe=""), route.path
        )
        if method == "RPC":
            body = json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}
            )
            return self.url_open(
                url,
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=TIMEOUT,
            )
        if method == "POST":
            return self.url_open(
                url,
                data=[("csrf_token", self.csrf or ""), *_pairs(params)],
                timeout=TIMEOUT,
            )
        return self.url_open(url, params=_pairs(params), timeout=TIMEOUT)

    def _response_problems(self, method, response):
        problems = []
        if response.status_code >= 500:
            problems.append(f"HTTP {response.status_code}")
        if method == "RPC" and response.status_code == 200:
            try:
                error = response.json().get("error")
            except ValueError:
                return problems + ["JSON-RPC answer is not JSON"]
            name = ((error or {}).get("data") or {}).get("name", "")
            if error and (
                not name.startswith(
                    (
                        "odoo.exceptions.",
                        "werkzeug.exceptions.",
                        "odoo.http.SessionExpired",
                    )
                )
                or name.endswith("InternalServerError")
            ):
                problems.append(
                    f"JSON-RPC error {name}: {error['data'].get('message', '')[:300]}"
                )
        if self.errors.crashed() and not problems:
            problems.append("an exception was logged")
        return problems

    def _check(self, route, method, label, path_values, params):
        self.errors.records.clear()
        before = self.last_snapshot
        started = time.monotonic()
        response = self._send(route, method, path_values, params)
        self.stats["requests"] += 1
        self.stats[f"t:{method} {route.path}"] += time.monotonic() - started
        self.last_snapshot = self._snapshot()
        problems = self._response_problems(method, response)
        problems += self._record_problems(route, method, before, self.last_snapshot)
        if label.endswith(" valid request"):
            self.outcomes[label] = _outcome(method, response)
        if problems:
            trace = self.errors.tail()
            self.failures.append({"case": label, "problems": problems, "trace": trace})
            self.fail(f"{label}: {'; '.join(problems)}\n{trace}")

    def _cases(self, route, method, who):
        """(label, path values, params): the valid request, then one hostile
        value at a time. The public user gets the valid request everywhere,
        and on public routes the hostile path ids and access tokens. A route
        taking GET and POST gets its parameters by POST only."""
        public = who == "public"
        defaults = self._path_defaults()
        path_values = {arg: defaults.get(arg, 1) for arg in route.path_args}
        baseline = self._baseline(route, public)
        yield "valid request", path_values, baseline
        if public and route.auth != "public":
            return
        for arg, kind in route.path_args.items():
            for label, value in _path_corpus(kind, self.foreign.get(arg, ())):
                yield f"<{arg}>={label}", {**path_values, arg: value}, baseline
        for name, (kind, tier) in route.params.items():
            if public and name != "access_token":
                continue  # past the access check, the customer's code paths
            if method == "GET" and "POST" in route.methods:
                break  # a form: its parameters are posted
            foreign = self.foreign.get(name, ())
            for label, value in _corpus(kind, tier, method == "RPC", foreign):
                label = (
                    f"{_short(name)}={label}"
                    if tier != "once"
                    else f"{kind} key {_short(name)}"
                )
                yield label, path_values, {**baseline, name: value}

    def _run_family(self, family, who):
        routes = [route for route in self.routes if route.family == family]
        self.assertTrue(routes, f"no route in family {family}")
        self._run_routes(routes, who)

    def _run_routes(self, routes, who):
        self.who = who
        for route in routes:
            for method in route.methods:
                self._login(who)
                self.last_snapshot = self._snapshot()
                for label, path_values, params in self._cases(route, method, who):
                    name = f"{who} {method} {route.path} {label}"
                    with self.subTest(name):
                        self._check(route, method, name, path_values, params)

    # ------------------------------------------------------------ the tests
    def test_routes_found(self):
        """The matrix covers the routes and keyword arguments of the brief,
        with the demo documents its valid requests need."""
        fixtures = ("invoice", "other_invoice", "quote", "other_quote", "ticket")
        for name in (*fixtures, "other_ticket", "closing_stage", "provider"):
            self.assertTrue(getattr(self, name), f"no demo record for {name}")
        paths = {route.path for route in self.routes}
        self.assertFalse(set(EXPECTED_ROUTES) - paths, "routes missing from the map")
        exercised = {name for route in self.routes for name in route.params}
        exercised |= {arg for route in self.routes for arg in route.path_args}
        self.assertFalse(set(KNOWN_KWARGS) - exercised, "kwargs never exercised")

    def test_change_detection_works(self):
        """The snapshots see what a request writes, and whose it is; the
        CSRF token the matrix posts is accepted."""
        self._login("acme")
        editable = (
            self.env["customer.zone.detail.field"]
            ._get_for_company(self.env.company)
            .filtered("editable")
        )
        self.assertIn("phone", editable.field_id.mapped("name"))
        form = {
            line.field_id.name: self.acme[line.field_id.name] or "" for line in editable
        }
        before = self._snapshot()
        response = self.url_open(
            "/my/details",
            data={**form, "phone": "+1 555 0199", "csrf_token": self.csrf},
            timeout=TIMEOUT,
        )
        self.assertEqual(response.status_code, 200)
        after = self._snapshot()
        self.assertNotEqual(
            before["res.partner"][self.acme.id], after["res.partner"][self.acme.id]
        )
        details = next(route for route in self.routes if route.path == "/my/details")
        self.assertEqual(self._record_problems(details, "POST", before, after), [])
        self.assertTrue(self._record_problems(details, "GET", before, after))
        self.env.invalidate_all()
        self.assertEqual(self.acme.phone, "+1 555 0199")

    def test_accountant_preview(self):
        routes = [route for route in self.routes if route.path in ACCOUNTANT_ROUTES]
        self.assertEqual(len(routes), len(ACCOUNTANT_ROUTES))
        self._run_routes(routes, "admin")

    def test_customer_invoices(self):
        self._run_family("invoices", "acme")

    def test_customer_sales(self):
        self._run_family("sales", "acme")

    def test_customer_account(self):
        self._run_family("account", "acme")

    def test_customer_tickets(self):
        self._run_family("tickets", "acme")

    def test_customer_portal(self):
        self._run_family("portal", "acme")

    def test_public_invoices(self):
        self._run_family("invoices", "public")

    def test_public_sales(self):
        self._run_family("sales", "public")

    def test_public_account(self):
        self._run_family("account", "public")

    def test_public_tickets(self):
        self._run_family("tickets", "public")

    def test_public_portal(self):
        self._run_family("portal", "public")
