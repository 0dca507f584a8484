"""Where the zone's requests run with a read replica (setup/replica).

Logs in as a demo customer, opens every page of the zone's section menu and
one document of each list, then saves My details and pays an invoice with the
demo provider. For each request it reads in the logs what ran where: both
PostgreSQL clusters log the statements of the demo database (log_statement =
all, a setting of that database only), and Odoo's access line names the
cursor the request used (ro: the replica; rw: the primary; ro->rw: a
read-only route that wrote, retried on the primary). A second measure,
independent of the logs, compares PostgreSQL's counters before and after the
pages: transactions the replica served, rows the primary inserted, updated or
deleted.

Exits 1 when a GET page of the zone wrote on the primary or was retried with
a read/write cursor; but for the writes by design, each in a transaction of
its own after the page's: the views the zone records, and the device log
Odoo's session check inserts (core, at most once an hour per session).
"""

import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psycopg2
import requests
from lxml import html

ENV = os.environ
URL = ENV["CZ_URL"]
DB = ENV["CZ_DEMO_DB"]
# what a GET page may write on the primary, each in a transaction of its own
# after the page's: the views the zone records, and the device Odoo's session
# check logs (core res.device.log, at most once an hour per session)
BY_DESIGN = {
    ("INSERT", "customer_zone_view_event"): "views recorded by the zone",
    ("INSERT", "res_device_log"): "Odoo's device log",
}
# statements that are no query of their own
CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "SHOW"}
WRITES = [
    re.compile(r'\b(INSERT)\s+INTO\s+"?([a-z0-9_]+)"?'),
    re.compile(r'\b(DELETE)\s+FROM\s+"?([a-z0-9_]+)"?'),
    # not "FOR UPDATE", nor "ON CONFLICT DO UPDATE SET"
    re.compile(r'\b(UPDATE)\s+"?([a-z0-9_]+)"?\s+(?:AS\s+"?\w+"?\s+)?SET\b'),
]
PG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", re.M)
ODOO_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<message>.*)",
    re.M,
)
ACCESS = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ (?P<perf>.*)'
)
RETRY = "retrying with a read/write cursor"
# CZ_VERBOSE=1: print the statements each GET page ran on the primary
VERBOSE = bool(ENV.get("CZ_VERBOSE"))
DETAIL = re.compile(r"^/my/[a-z_]+/\d+$")


def connect(port, dbname):
    """A connection to one cluster whose own statements are not logged."""
    conn = psycopg2.connect(
        host=ENV["CZ_PG_HOST"],
        port=port,
        dbname=dbname,
        options="-c log_statement=none",
    )
    conn.autocommit = True
    return conn


def query(conn, sql, params=()):
    with conn.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


class LogTail:
    """What a log file gained since the last read: read directly, or through
    the cluster (pg_read_binary_file, superuser) when the file is not
    readable by the current user."""

    def __init__(self, path, conn=None):
        self.path, self.conn, self.rest = path, conn, ""
        self.offset = self._size()

    def _direct(self):
        return self.conn is None or os.access(self.path, os.R_OK)

    def _size(self):
        if self._direct():
            return os.path.getsize(self.path)
        return query(self.conn, "SELECT (pg_stat_file(%s)).size", (self.path,))[0][0]

    def read(self):
        """The complete lines written since the last call."""
        size = self._size()
        if size < self.offset:  # rotated
            self.offset = 0
        if size == self.offset:
            data = b""
        elif self._direct():
            with open(self.path, "rb") as log:
                log.seek(self.offset)
                data = log.read(size - self.offset)
        else:
            data = query(
                self.conn,
                "SELECT pg_read_binary_file(%s, %s, %s)",
                (self.path, self.offset, size - self.offset),
            )[0][0].tobytes()
        self.offset += len(data)
        text = self.rest + data.decode("utf-8", "replace")
        complete, _sep, self.rest = text.rpartition("\n")
        return complete


def pg_statements(text):
    """(statements, errors) of the demo database in a PostgreSQL log excerpt
    (Debian's prefix: time [pid] user@database)."""
    starts = [match.start() for match in PG_RECORD.finditer(text)] + [len(text)]
    statements, errors = [], []
    for start, end in zip(starts, starts[1:], strict=False):
        record = text[start:end]
        head = record.split("\n", 1)[0]
        if f"@{DB} " not in head:
            continue
        for marker in ("LOG:  statement: ", "LOG:  execute "):
            if marker in head:
                statement = record.split(marker, 1)[1]
                if marker.endswith("execute "):
                    statement = statement.split(": ", 1)[-1]
                statements.append(statement.strip())
        if "ERROR:  " in head:
            errors.append(head.split("ERROR:  ", 1)[1].strip())
    return statements, errors


def is_query(statement):
    words = statement.split(None, 1)
    return bool(words) and (
        words[0].upper().rstrip(";") not in CONTROL or bool(writes_of([statement]))
    )


def writes_of(statements):
    """Counter of (verb, table) for the writing statements."""
    found = Counter()
    for statement in statements:
        for pattern in WRITES:
            for verb, table in pattern.findall(statement):
                found[(verb, table)] += 1
    return found


@dataclass
class Row:
    kind: str  # login, read (a GET page of the zone or its XHR), write
    label: str
    status: int = 0
    mode: str = "?"
    replica_queries: int = 0
    primary_queries: int = 0
    writes: Counter = field(default_factory=Counter)
    retries: int = 0
    warnings: list = field(default_factory=list)
    replica_errors: list = field(default_factory=list)

    @property
    def served_by(self):
        if self.mode == "ro" and self.replica_queries:
            return "replica"
        if self.mode == "ro->rw":
            return "primary*"
        if self.mode == "rw":
            return "primary"
        return "replica?" if self.replica_queries > self.primary_queries else "primary?"

    @property
    def unexpected_writes(self):
        return {key: n for key, n in self.writes.items() if key not in BY_DESIGN}

    def writes_text(self):
        return writes_text(self.writes)


def writes_text(writes):
    """table+inserts table~updates table-deletes (statements), or -."""
    if not writes:
        return "-"
    signs = {"INSERT": "+", "UPDATE": "~", "DELETE": "-"}
    return " ".join(
        f"{table}{signs[verb]}{count}"
        for (verb, table), count in sorted(writes.items(), key=lambda i: i[0][1])
    )


class Probe:
    """A customer's session on the server, measured request by request."""

    def __init__(self):
        self.session = requests.Session()
        self.primary = connect(ENV["CZ_PRIMARY_PORT"], DB)
        self.replica = connect(ENV["CZ_REPLICA_PORT"], DB)
        # the replica's counters, read from another database than the demo's
        self.replica_stats = connect(ENV["CZ_REPLICA_PORT"], "postgres")
        self.primary_log = LogTail(ENV["CZ_PRIMARY_LOG"], self.primary)
        self.replica_log = LogTail(ENV["CZ_REPLICA_LOG"], self.replica)
        self.odoo_log = LogTail(ENV["CZ_ODOO_LOG"])
        self.rows = []
        self.pages = {}  # path -> html of the pages opened

    def _drain(self):
        for log in (self.primary_log, self.replica_log, self.odoo_log):
            log.read()

    def _odoo_records(self, method, path):
        """Odoo's log records of the request, up to its access line (written
        once the answer is sent)."""
        text, deadline = "", time.monotonic() + 60
        while time.monotonic() < deadline:
            text += self.odoo_log.read() + "\n"
            records = [m.groupdict() for m in ODOO_RECORD.finditer(text)]
            for record in records:
                access = ACCESS.search(record["message"])
                if (
                    record["logger"] == "werkzeug"
                    and access
                    and access["method"] == method
                    and access["path"] == path
                ):
                    return records, access
            time.sleep(0.1)
        return [m.groupdict() for m in ODOO_RECORD.finditer(text)], None

    def request(self, kind, method, path, **kwargs):
        """Send one request (redirects not followed) and record where it ran."""
        self._drain()
        response = self.session.request(
            method, URL + path, allow_redirects=False, timeout=300, **kwargs
        )
        records, access = self._odoo_records(method, path)
        primary, _errors = pg_statements(self.primary_log.read())
        replica, replica_errors = pg_statements(self.replica_log.read())
        row = Row(kind, f"{method} {path}", status=response.status_code)
        if access:
            perf = access["perf"].split()
            row.mode = perf[3] if len(perf) > 3 else "?"
        row.primary_queries = sum(map(is_query, primary))
        row.replica_queries = sum(map(is_query, replica))
        row.writes = writes_of(primary)
        row.retries = sum(RETRY in r["message"] for r in records)
        row.warnings = [
            f"{r['level']} {r['logger']}: {r['message'][:150]}"
            for r in records
            if r["level"] in ("WARNING", "ERROR", "CRITICAL")
        ]
        row.replica_errors = replica_errors
        self.rows.append(row)
        print_row(len(self.rows), row)
        if VERBOSE and kind == "read":
            for statement in filter(is_query, primary):
                print(f"      primary: {' '.join(statement.split())[:160]}")
        if response.headers.get("Content-Type", "").startswith("text/html"):
            self.pages[path] = response.text
        return response

    def jsonrpc(self, kind, path, params):
        response = self.request(
            kind,
            "POST",
            path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
        )
        body = response.json()
        if "error" in body:
            message = body["error"].get("data", {}).get("message", body["error"])
            raise RuntimeError(f"{path} answered an error: {message}")
        return body.get("result")


PAGE_COLUMNS = "{:<28} {:>6} {:<7} {:<24} {}"
COLUMNS = "{:>2} {:<44} {:>6} {:<6} {:<9} {:>7} {:>7} {:>5}  {}"


def print_header():
    print(
        COLUMNS.format(
            "#",
            "request",
            "status",
            "cursor",
            "served by",
            "replica",
            "primary",
            "retry",
            "written on the primary",
        )
    )
    print(
        COLUMNS.format(
            "",
            "",
            "",
            "",
            "",
            "queries",
            "queries",
            "warn",
            "(statements: table +insert ~update -delete)",
        )
    )


def print_row(number, row):
    label = row.label if len(row.label) <= 44 else row.label[:41] + "..."
    print(
        COLUMNS.format(
            number,
            label,
            row.status,
            row.mode,
            row.served_by,
            row.replica_queries,
            row.primary_queries,
            row.retries,
            row.writes_text(),
        ),
        flush=True,
    )


def section(title):
    print(f"\n== {title}", flush=True)


# ----------------------------------------------------------------------
# the customer's visit
# ----------------------------------------------------------------------
def login(probe):
    page = probe.request("login", "GET", "/web/login")
    token = html.fromstring(page.text).xpath('//input[@name="csrf_token"]/@value')
    answer = probe.request(
        "login",
        "POST",
        "/web/login",
        data={
            "login": ENV["CZ_LOGIN"],
            "password": ENV["CZ_PASSWORD"],
            "csrf_token": token[0] if token else "",
            "redirect": "/my/home",
        },
    )
    if answer.status_code not in (301, 302, 303):
        sys.exit(f"could not log in as {ENV['CZ_LOGIN']} (answer {answer.status_code})")


def menu_paths(page):
    """The links of the zone's section menu (nav.o_cz_menu), in its order."""
    paths = []
    for href in html.fromstring(page).xpath(
        '//nav[contains(concat(" ", @class, " "), " o_cz_menu ")]//a/@href'
    ):
        path = urlsplit(href).path
        if path.startswith("/my") and path not in paths:
            paths.append(path)
    return paths


def first_document(page, seen):
    """The first document a list page links to (/my/<list>/<id>) not opened
    yet, with its query string (a token) if any."""
    for href in html.fromstring(page).xpath(
        '//main//a/@href | //div[@id="wrap"]//a/@href'
    ):
        parts = urlsplit(href)
        if DETAIL.match(parts.path) and parts.path not in seen:
            query = parts.query if parts.query.startswith("access_token=") else ""
            return parts.path + (f"?{query}" if query else "")
    return None


def counters(probe, page):
    """The home page's counters, as its script asks for them."""
    names = html.fromstring(page).xpath("//@data-placeholder_count")
    if names:
        probe.jsonrpc("read", "/my/counters", {"counters": sorted(set(names))})


def visit_zone(probe):
    home = probe.request("read", "GET", "/my/home").text
    counters(probe, home)
    paths = menu_paths(home)
    if not paths:
        print("(no section menu on /my/home: nothing else to open)")
    seen = {"/my/home"}
    for path in paths:
        if path in seen:
            continue
        seen.add(path)
        response = probe.request("read", "GET", path)
        if response.status_code != 200 or "text/html" not in response.headers.get(
            "Content-Type", ""
        ):
            continue
        document = first_document(response.text, seen)
        if document:
            seen.add(urlsplit(document).path)
            probe.request("read", "GET", document)


# ----------------------------------------------------------------------
# the writes: a form, a payment
# ----------------------------------------------------------------------
def save_details(probe):
    """Post the My details form with the phone number changed."""
    page = probe.pages.get("/my/details")
    if not page:
        print("(no My details page in the menu: no form posted)")
        return None
    forms = html.fromstring(page).xpath('//form[@action="/my/details"]')
    if not forms:
        print("(My details shows no form: no form posted)")
        return None
    data = {
        item.get("name"): item.get("value") or ""
        for item in forms[0].xpath(".//input[@name] | .//select[@name]")
        if item.get("type") not in ("checkbox", "radio", "submit")
    }
    for item in forms[0].xpath(".//textarea[@name]"):
        data[item.get("name")] = item.text or ""
    changed = (
        "phone"
        if "phone" in data
        else next((name for name in data if name != "csrf_token"), None)
    )
    if changed is None:
        print("(My details has nothing to change: no form posted)")
        return None
    old = data[changed]
    data[changed] = "+1 555 0199" if old != "+1 555 0199" else "+1 555 0198"
    probe.request("write", "POST", "/my/details", data=data)
    return f"My details: {changed} {old!r} -> {data[changed]!r}"


def payment_form(page):
    """(form, demo option) of a page's payment form, or None."""
    tree = html.fromstring(page)
    forms = tree.xpath('//form[@id="o_payment_form"]')
    options = tree.xpath('//input[@name="o_payment_radio"][@data-provider-code="demo"]')
    if forms and options and forms[0].get("data-transaction-route"):
        return forms[0], options[0]
    return None


def invoice_to_pay(probe):
    """An invoice page offering the demo provider: among the pages opened,
    else the invoices listed (each opened as a page of the zone)."""
    for path, page in list(probe.pages.items()):
        if path.startswith("/my/invoices/") and payment_form(page):
            return path, payment_form(page)
    listing = probe.pages.get("/my/invoices", "")
    seen = set(probe.pages)
    for _ in range(10):
        path = first_document(listing, seen) if listing else None
        if not path or not path.startswith("/my/invoices/"):
            return None
        seen.add(urlsplit(path).path)
        page = probe.request("read", "GET", path).text
        if payment_form(page):
            return path, payment_form(page)
    return None


def pay_invoice(probe):
    """Pay an invoice in full with the demo provider, as its pay button does:
    the transaction, the provider's answer, the status page and its poll."""
    found = invoice_to_pay(probe)
    if not found:
        print("(no invoice offers the demo provider: no payment made)")
        return None
    path, (form, option) = found
    csrf = re.search(r'csrf_token: "([0-9a-f]+o\d+)"', probe.pages[path])
    params = {
        "provider_id": int(option.get("data-provider-id")),
        "payment_method_id": int(option.get("data-payment-option-id")),
        "token_id": None,
        "amount": float(form.get("data-amount")),
        "flow": "direct",
        "tokenization_requested": False,
        "landing_route": form.get("data-landing-route"),
        "is_validation": False,
        "access_token": form.get("data-access-token"),
    }
    if csrf:
        params["csrf_token"] = csrf.group(1)
    route = form.get("data-transaction-route")
    processing = probe.jsonrpc("write", route, params)
    reference = processing["reference"]
    probe.jsonrpc(
        "write",
        "/payment/demo/simulate_payment",
        {"reference": reference, "payment_details": "4242", "simulated_state": "done"},
    )
    probe.request("write", "GET", "/payment/status")
    status = probe.jsonrpc("write", "/payment/status/poll", {})
    return path, reference, params["amount"], status


def payment_seen(conn, reference):
    rows = query(
        conn,
        """SELECT tx.state, move.name, move.payment_state
             FROM payment_transaction tx
             LEFT JOIN account_invoice_transaction_rel rel ON rel.transaction_id = tx.id
             LEFT JOIN account_move move ON move.id = rel.invoice_id
            WHERE tx.reference = %s""",
        (reference,),
    )
    return rows[0] if rows else None


def wait_replayed(probe):
    """Seconds until the replica replayed the primary's WAL so far."""
    lsn = query(probe.primary, "SELECT pg_current_wal_lsn()")[0][0]
    start = time.monotonic()
    while time.monotonic() - start < 60:
        if query(
            probe.replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,)
        )[0][0]:
            return time.monotonic() - start
        time.sleep(0.05)
    return None


# ----------------------------------------------------------------------
# the counters: a measure that does not read logs
# ----------------------------------------------------------------------
def counters_snapshot(probe):
    """The primary's row writes per table, the replica's transactions and
    rows read, for the demo database."""
    writes = {
        table: (ins, upd, dele)
        for table, ins, upd, dele in query(
            probe.primary,
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables",
        )
    }
    replica = query(
        probe.replica_stats,
        """SELECT xact_commit + xact_rollback, tup_returned + tup_fetched
             FROM pg_stat_database WHERE datname = %s""",
        (DB,),
    )[0]
    return writes, tuple(replica)


def settled_counters(probe):
    """The counters once they stopped moving: a backend reports its counts
    when idle, at most once a second, and else up to 10 s later."""
    last, still_since, start = (
        counters_snapshot(probe),
        time.monotonic(),
        time.monotonic(),
    )
    while time.monotonic() - still_since < 11 and time.monotonic() - start < 60:
        time.sleep(0.5)
        current = counters_snapshot(probe)
        if current != last:
            last, still_since = current, time.monotonic()
    return last


def counters_delta(before, after):
    writes = {}
    for table, values in after[0].items():
        old = before[0].get(table, (0, 0, 0))
        delta = tuple(new - was for new, was in zip(values, old, strict=True))
        if any(delta):
            writes[table] = delta
    replica = tuple(new - was for new, was in zip(after[1], before[1], strict=True))
    return writes, replica


# ----------------------------------------------------------------------
# the report
# ----------------------------------------------------------------------
def report(probe, counted, details, payment):
    reads = [row for row in probe.rows if row.kind == "read"]
    on_replica = [row for row in reads if row.served_by == "replica"]
    on_primary = [row for row in reads if row.served_by != "replica"]
    wrote = [row for row in reads if row.unexpected_writes]
    retried = [row for row in reads if row.retries]
    by_design = ", ".join(
        f"{sum(row.writes.get(key, 0) for row in reads)} INSERT {key[1]} ({what})"
        for key, what in BY_DESIGN.items()
    )
    section("Per page (GET; writes by design apart)")
    print(PAGE_COLUMNS.format("page", "status", "replica", "written", "by design"))
    for row in reads:
        own = {key: n for key, n in row.writes.items() if key not in BY_DESIGN}
        print(
            PAGE_COLUMNS.format(
                row.label.removeprefix("GET ").removeprefix("POST "),
                row.status,
                "yes" if row.served_by == "replica" else "no",
                writes_text(own),
                writes_text(
                    {key: n for key, n in row.writes.items() if key in BY_DESIGN}
                ),
            )
        )
    section("Summary")
    print(f"GET pages of the zone (and the home page's counters): {len(reads)}")
    print(f"  served by the replica: {len(on_replica)}")
    print(f"  served by the primary: {len(on_primary)}")
    for row in on_primary:
        print(f"    {row.label} (cursor {row.mode})")
    print(
        "  written on the primary: "
        + (
            f"nothing but the writes by design: {by_design}"
            if not wrote
            else f"{len(wrote)} pages"
        )
    )
    for row in wrote:
        print(f"    {row.label}: {row.writes_text()}")
    print(f"  '{RETRY}' warnings: {sum(row.retries for row in reads)}")
    for row in retried:
        print(f"    {row.label}: {row.retries}")
    errors = sum(len(row.replica_errors) for row in reads)
    print(f"  errors on the replica (a write refused there): {errors}")
    for row in reads:
        for error in row.replica_errors:
            print(f"    {row.label}: {error}")
    others = [
        (row, text) for row in probe.rows for text in row.warnings if RETRY not in text
    ]
    if others:
        print("Other warnings in Odoo's log:")
        for row, text in others:
            print(f"    {row.label}: {text}")
    failed, last = spawn_failures()
    if failed:
        print(
            "Processes of Odoo that failed to start (the gevent worker, which "
            f"the prefork server starts again; no page here needs it): {failed}, "
            f"the last with: {last}"
        )
    section("Cross-check: PostgreSQL's counters over the GET pages (no logs read)")
    writes, replica = counted
    print(
        f"  replica, database {DB}: {replica[0]} transactions, {replica[1]} rows read"
    )
    if not writes:
        print("  primary: no row inserted, updated or deleted")
    for table, (ins, upd, dele) in sorted(writes.items()):
        print(f"  primary: {table}: {ins} inserted, {upd} updated, {dele} deleted")
    section("Writes (they run on the primary)")
    for row in probe.rows:
        if row.kind == "write":
            print(f"  {row.label}: {row.served_by}, {row.writes_text()}")
    print(f"  {details or 'no form posted'}")
    if payment:
        path, reference, amount, status = payment
        print(
            f"  payment {reference} of {amount} for {path}: "
            f"{status.get('state') if status else '?'} (the status page's poll)"
        )
        print(
            f"  on the primary: transaction, invoice, payment state = "
            f"{payment_seen(probe.primary, reference)}"
        )
        lag = wait_replayed(probe)
        print(
            f"  on the replica ({f'{lag:.2f} s' if lag is not None else 'not'} later): "
            f"{payment_seen(probe.replica, reference)}"
        )
    else:
        print("  no payment made")
    return not (wrote or retried)


# a process that failed to start: a traceback from its first line
SPAWN_FAILURE = re.compile(
    r'\s+File "[^"]*(?:odoo-bin|__main__\.py)", line \d+, in <module>'
)


def spawn_failures():
    """(count, last error) of the tracebacks of Odoo's log raised while a
    process started, outside any request: the gevent worker the prefork
    server spawns (and spawns again when it fails)."""
    with open(ENV["CZ_ODOO_LOG"], encoding="utf-8", errors="replace") as log:
        blocks = log.read().split("Traceback (most recent call last):\n")[1:]
    failed = [block for block in blocks if SPAWN_FAILURE.match(block)]
    last = "-"
    if failed:
        last = next(
            (
                line
                for line in failed[-1].splitlines()
                if re.match(r"[\w.]+(?:Error|Exception|NotFound)\b", line)
            ),
            "?",
        )
    return len(failed), last


def main():
    probe = Probe()
    route_warnings = [
        line
        for line in open(ENV["CZ_ODOO_LOG"], encoding="utf-8", errors="replace")
        if "Setting the route read/write" in line
    ]
    for line in route_warnings:
        print(f"Odoo ignored a readonly=True: {line.split(': ', 1)[-1].strip()}")
    print_header()
    login(probe)
    before = settled_counters(probe)
    visit_zone(probe)
    counted = counters_delta(before, settled_counters(probe))
    details = save_details(probe)
    payment = pay_invoice(probe)
    if not report(probe, counted, details, payment):
        print(
            "\nFAILED: a GET page of the zone wrote on the primary or was retried there"
        )
        return 1
    print("\nOK: no GET page of the zone wrote on the primary or was retried there")
    return 0


if __name__ == "__main__":
    sys.exit(main())
