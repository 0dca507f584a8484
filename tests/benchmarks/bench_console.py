"""Benchmark: the accountants' console over 1,000,000 events (setup/bench).

Run by setup/bench in `odoo shell` on a throwaway copy of the demo database,
which CZ_BENCH_THROWAWAY names: on any other database it does nothing. It
commits what it inserts there, with SQL:

- CZ_BENCH_CUSTOMERS (2,000) customers, each with a portal user, ten posted
  invoices (one a credit note) and three quotations or orders;
- CZ_BENCH_EVENTS (1,000,000) document views and as many login attempts,
  spread over three years in the order they happened (the tables are
  append-only), 70 % of the views on those documents;

then VACUUM ANALYZE, and times, as a billing user (record rules apply), what
the web client asks when an accountant opens each report: the list (its
default filters, order and columns, 80 rows and the count up to 10,000), the
pivot and the graph (their default groupings, as one grouping-sets query for
the pivot), the register's "not viewed yet" filter, and the pivot by customer
and month. Median of CZ_BENCH_RUNS (5) warm runs; PASS under 1 s. Also times
recording one view (``_insert_views``, a new view and a reload inside the
window) with the events present: about 1-2 ms is the goal.

A load over 1 s also prints its slowest query with its plan (EXPLAIN
ANALYZE), to choose the index that fixes it. Exits with status 1 if any
load fails. The register (customer.zone.document) is measured for what it is
when run: "not built" while the model has no rows.
"""

import os
import re
import statistics
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime

import psycopg2
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.sql_db import connection_info_for
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

EVENTS = int(os.environ.get("CZ_BENCH_EVENTS", "1000000"))
CUSTOMERS = int(os.environ.get("CZ_BENCH_CUSTOMERS", "2000"))
RUNS = int(os.environ.get("CZ_BENCH_RUNS", "5"))
INSERT_RUNS = 50
INVOICES, ORDERS = 10, 3
YEARS = 3
BUDGET = 1.0  # seconds, each report load
# the web client's defaults (web/static/src/model/relational_model)
LIST_LIMIT, COUNT_LIMIT = 80, 10001
TZ = "Europe/Brussels"

VIEW_ACTION = "customer_zone.customer_zone_view_event_action"
REGISTER_ACTION = "customer_zone.customer_zone_document_action"
LOGIN_ACTION = "customer_zone.customer_zone_login_event_action"


def say(line=""):
    print(line, flush=True)


# ---------------------------------------------------------------- the data
def columns(cr, table):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
            table,
        )
    )
    return [name for (name,) in cr.fetchall()]


def clone(cr, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``, the
    columns of ``overrides`` (SQL expressions of ``n``, 1 to count) replaced;
    return the new ids in the order of ``n``."""
    names = columns(cr, table)
    values = [overrides.get(name, SQL.identifier("t", name)) for name in names]
    cr.execute(
        SQL(
            "INSERT INTO %(table)s (%(names)s) SELECT %(values)s "
            "FROM %(table)s t, generate_series(1, %(count)s) n "
            "WHERE t.id = %(template)s ORDER BY n RETURNING id",
            table=SQL.identifier(table),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
            values=SQL(", ").join(values),
            count=count,
            template=template_id,
        )
    )
    return sorted(row[0] for row in cr.fetchall())


def build_customers(env):
    """2,000 customers with a portal user each, ten invoices and three
    orders, copied row by row from the demo's (the reports read the
    documents' headers, never their lines); a table ``bench_customers``
    (index, partner, user, login) the events pick from."""
    cr = env.cr
    acme_user = env.ref("customer_zone.user_acme_demo")
    template_partner = acme_user.partner_id
    partners = clone(
        cr,
        "res_partner",
        template_partner.id,
        CUSTOMERS,
        {
            "name": SQL("'Bench customer ' || n"),
            "complete_name": SQL("'Bench customer ' || n"),
            "email": SQL("'bench' || n || '@bench.example.com'"),
            "ref": SQL("'B-' || n"),
            "parent_id": SQL("NULL"),
            "commercial_partner_id": SQL("NULL"),
        },
    )
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            partners,
        )
    )
    cr.execute(
        SQL(
            "CREATE TABLE bench_customers (idx int PRIMARY KEY, "
            "partner_id int, user_id int, login varchar)"
        )
    )
    users = clone(
        cr,
        "res_users",
        acme_user.id,
        CUSTOMERS,
        {
            "login": SQL("'bench-' || n"),
            "partner_id": SQL("(%s::int[])[n]", partners),
        },
    )
    cr.execute(
        SQL(
            "INSERT INTO bench_customers "
            "SELECT n - 1, (%s::int[])[n], (%s::int[])[n], 'bench-' || n "
            "FROM generate_series(1, %s) n",
            partners,
            users,
            CUSTOMERS,
        )
    )
    build_documents(env, partners)


def build_documents(env, partners):
    """The invoices and orders of the bench customers, and a table
    ``bench_docs`` (customer index, document index, model, id, name, target)
    the views pick from."""
    cr = env.cr
    Move, Order = env["account.move"], env["sale.order"]
    invoice = Move.search(
        [("move_type", "=", "out_invoice"), ("state", "=", "posted")], limit=1
    )
    order = Order.search([("state", "=", "sale")], limit=1)
    total = len(partners) * INVOICES
    # invoice n: customer (n - 1) / INVOICES, dated over three years
    customer = SQL("(%s::int[])[(n - 1) / %s + 1]", partners, INVOICES)
    day = SQL(
        "(CURRENT_DATE - ((n * 7919) %% %s) * interval '1 day')::date", YEARS * 365
    )
    moves = clone(
        cr,
        "account_move",
        invoice.id,
        total,
        {
            "name": SQL("'BENCH/' || n"),
            "sequence_prefix": SQL("'BENCH/'"),
            "sequence_number": SQL("n"),
            "move_type": SQL(
                "CASE WHEN n %% %s = 0 THEN 'out_refund' ELSE 'out_invoice' END",
                INVOICES,
            ),
            "partner_id": customer,
            "commercial_partner_id": customer,
            "invoice_date": day,
            "date": day,
            "invoice_date_due": SQL("%s + 30", day),
            "payment_state": SQL(
                "CASE WHEN n %% 3 = 0 THEN 'not_paid' ELSE 'paid' END"
            ),
            "access_token": SQL("NULL"),
        },
    )
    orders = clone(
        cr,
        "sale_order",
        order.id,
        len(partners) * ORDERS,
        {
            "name": SQL("'BENCH-SO' || n"),
            "partner_id": SQL("(%s::int[])[(n - 1) / %s + 1]", partners, ORDERS),
            "partner_invoice_id": SQL(
                "(%s::int[])[(n - 1) / %s + 1]", partners, ORDERS
            ),
            "partner_shipping_id": SQL(
                "(%s::int[])[(n - 1) / %s + 1]", partners, ORDERS
            ),
            "date_order": SQL(
                "now() AT TIME ZONE 'UTC' - ((n * 104729) %% %s) * interval '1 hour'",
                YEARS * 365 * 24,
            ),
            "state": SQL("CASE WHEN n %% 2 = 0 THEN 'sent' ELSE 'sale' END"),
            "access_token": SQL("NULL"),
        },
    )
    cr.execute(
        SQL(
            """
            CREATE TABLE bench_docs AS
            SELECT (row_number() OVER (ORDER BY id) - 1) / %(per)s AS cust_idx,
                   (row_number() OVER (ORDER BY id) - 1) %% %(per)s AS doc_idx,
                   'account.move'::varchar AS res_model, id AS res_id,
                   name AS document_name,
                   CASE WHEN move_type = 'out_refund' THEN 'credit_note'
                        ELSE 'invoice' END::varchar AS target
              FROM account_move WHERE id = ANY(%(moves)s)
            """,
            per=INVOICES,
            moves=moves,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO bench_docs
            SELECT (row_number() OVER (ORDER BY id) - 1) / %(per)s,
                   %(first)s + (row_number() OVER (ORDER BY id) - 1) %% %(per)s,
                   'sale.order', id, name,
                   CASE WHEN state = 'sent' THEN 'quotation' ELSE 'order' END
              FROM sale_order WHERE id = ANY(%(orders)s)
            """,
            per=ORDERS,
            first=INVOICES,
            orders=orders,
        )
    )
    cr.execute(SQL("CREATE INDEX ON bench_docs (cust_idx, doc_idx)"))


def build_events(env):
    """The views and login attempts, in the order they happened: event i at
    ``start + i * span / N``, of customer ``(i * 7919) % customers``."""
    cr = env.cr
    company = env.ref("base.main_company").id
    moment = SQL(
        "now() AT TIME ZONE 'UTC' - interval '%s years' "
        "+ i * (interval '%s years' / %s)",
        YEARS,
        YEARS,
        EVENTS,
    )
    cr.execute(
        SQL(
            """
            INSERT INTO customer_zone_view_event
                   (partner_id, user_id, company_id, target, kind, access,
                    res_model, res_id, document_name, ip_address, user_agent,
                    create_uid, write_uid, create_date, write_date)
            SELECT c.partner_id,
                   CASE WHEN link THEN NULL ELSE c.user_id END,
                   %(company)s,
                   COALESCE(d.target, CASE WHEN i %% 3 = 0 THEN 'outstanding'
                                           ELSE 'statement' END),
                   CASE WHEN i %% 5 = 0 THEN 'pdf' ELSE 'page' END,
                   CASE WHEN link THEN 'link' ELSE 'session' END,
                   d.res_model, d.res_id, d.document_name,
                   '203.0.113.' || (i %% 250 + 1), 'Mozilla/5.0 (bench)',
                   c.user_id, c.user_id, g.moment, g.moment
              FROM (SELECT i, %(moment)s AS moment,
                           (i * 7919) %% %(customers)s AS cust_idx,
                           CASE WHEN i %% 10 < 7
                                THEN (i / %(customers)s) %% %(docs)s END AS doc_idx,
                           -- one document view in eight is through a link
                           i %% 10 < 7 AND i %% 8 = 0 AS link
                      FROM generate_series(1::int8, %(events)s) i) g
              JOIN bench_customers c ON c.idx = g.cust_idx
         LEFT JOIN bench_docs d
                ON d.cust_idx = g.cust_idx AND d.doc_idx = g.doc_idx
          ORDER BY g.i
            """,
            company=company,
            moment=moment,
            customers=CUSTOMERS,
            docs=INVOICES + ORDERS,
            events=EVENTS,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO customer_zone_login_event
                   (login, user_id, partner_id, company_id, result, success,
                    method, portal, ip_address, user_agent,
                    create_uid, write_uid, create_date, write_date)
            SELECT CASE WHEN unknown THEN 'nobody-' || (i %% 97) ELSE c.login END,
                   CASE WHEN unknown THEN NULL ELSE c.user_id END,
                   CASE WHEN unknown THEN NULL ELSE c.partner_id END,
                   CASE WHEN unknown THEN NULL ELSE %(company)s END,
                   result, result = 'success',
                   CASE WHEN i %% 20 = 0 THEN 'link' ELSE 'password' END,
                   NOT unknown,
                   '198.51.100.' || (i %% 250 + 1), 'Mozilla/5.0 (bench)',
                   1, 1, moment, moment
              FROM (SELECT i, %(moment)s AS moment,
                           (i * 7919) %% %(customers)s AS cust_idx,
                           i %% 50 = 7 AS unknown,
                           CASE WHEN i %% 50 = 7 THEN 'unknown_login'
                                WHEN i %% 100 = 3 THEN 'refused'
                                WHEN i %% 14 = 5 THEN 'wrong_password'
                                ELSE 'success' END AS result
                      FROM generate_series(1::int8, %(events)s) i) g
              JOIN bench_customers c ON c.idx = g.cust_idx
          ORDER BY g.i
            """,
            company=company,
            moment=moment,
            customers=CUSTOMERS,
            events=EVENTS,
        )
    )


def vacuum_analyze(dbname):
    """VACUUM ANALYZE the tables the reports read (outside a transaction:
    a connection of its own, in autocommit)."""
    _uri, dsn = connection_info_for(dbname)
    connection = psycopg2.connect(**dsn)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for table in (
            "customer_zone_view_event",
            "customer_zone_login_event",
            "account_move",
            "sale_order",
            "res_partner",
            "res_users",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    connection.close()


# ----------------------------------------------------------- measuring
@contextmanager
def recorded_queries():
    """The queries run meanwhile, as ``[(seconds, query, params)]``."""
    queries = []
    thread = threading.current_thread()
    hooks = getattr(thread, "query_hooks", ())

    def hook(cr, query, params, start, delay):
        queries.append((delay, query, params))

    thread.query_hooks = (*hooks, hook)
    try:
        yield queries
    finally:
        thread.query_hooks = hooks


def timed(env, load):
    """Median seconds and query count of ``load()`` over RUNS warm runs, and
    the slowest query of the slowest run."""
    load()  # warm
    times, slowest, count = [], None, 0
    for _run in range(RUNS):
        env.invalidate_all()
        with recorded_queries() as queries:
            start = time.perf_counter()
            load()
            elapsed = time.perf_counter() - start
        times.append(elapsed)
        count = len(queries)
        if elapsed == max(times) and queries:
            slowest = max(queries, key=lambda q: q[0])
    return statistics.median(times), count, slowest


def explain(env, query, params):
    env.cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", params)
    return "\n".join(f"    {row[0]}" for row in env.cr.fetchall())


class Report:
    """One report as the web client opens it: its action's views, default
    filters and order."""

    def __init__(self, env, action_xmlid):
        # sudo: as /web/action/load reads it
        self.action = env.ref(action_xmlid).sudo()
        self.model = env[self.action.res_model]
        self.env = env
        views = self.model.get_views(
            [(False, "list"), (False, "pivot"), (False, "graph"), (False, "search")]
        )["views"]
        self.archs = {
            kind: etree.fromstring(view["arch"]) for kind, view in views.items()
        }
        self.modes = self.action.view_mode.split(",")
        context = safe_eval(self.action.context or "{}", eval_context())
        self.defaults = {
            key[len("search_default_") :]: value
            for key, value in context.items()
            if key.startswith("search_default_") and value
        }
        self.domain = (
            safe_eval(self.action.domain, eval_context()) if self.action.domain else []
        )
        self.domain += self.default_filters_domain()

    def filters(self):
        return self.archs["search"].iter("filter")

    def filter_domain(self, node):
        """The domain of a search filter, as the web client evaluates it (a
        date filter: its default period, the current month)."""
        if node.get("date"):
            field = node.get("date")
            period = node.get("default_period", "month")
            start, end = period_bounds(period)
            return [(field, ">=", start), (field, "<", end)]
        return safe_eval(node.get("domain") or "[]", eval_context())

    def default_filters_domain(self):
        domain = []
        for node in self.filters():
            if node.get("name") in self.defaults and (
                node.get("domain") or node.get("date")
            ):
                domain += self.filter_domain(node)
        return domain

    def default_groupby(self):
        groupbys = []
        for node in self.filters():
            if node.get("name") in self.defaults and node.get("context"):
                groupby = safe_eval(node.get("context"), eval_context()).get("group_by")
                if groupby:
                    groupbys.append(groupby)
        return groupbys

    def group_load(self, groupby):
        """The list or graph grouped on ``groupby`` alone."""
        domain = list(self.domain)
        return lambda: self.model.formatted_read_group(domain, [groupby], ["__count"])

    def period_domain(self):
        """The "this month" filter, or the date filter's default period."""
        node = self.find_filter(r"this.?month")
        if node is None:
            node = next((n for n in self.filters() if n.get("date")), None)
        return self.filter_domain(node) if node is not None else []

    def has_default_period(self):
        return any(
            node.get("name") in self.defaults
            and (node.get("date") or "create_date" in (node.get("domain") or ""))
            for node in self.filters()
        )

    def find_filter(self, pattern):
        for node in self.filters():
            text = f"{node.get('name', '')} {node.get('string', '')}"
            if re.search(pattern, text, re.IGNORECASE):
                return node
        return None

    # the loads
    def list_load(self, extra_domain=()):
        arch = self.archs["list"]
        fields = self.model._fields
        specification = {}
        for node in arch.iter("field"):
            name = node.get("name")
            if name in fields:
                field = fields[name]
                specification[name] = (
                    {"fields": {"display_name": {}}} if field.type == "many2one" else {}
                )
        order = arch.get("default_order") or self.model._order
        domain = self.domain + list(extra_domain)
        groupby = self.default_groupby()
        if groupby:
            return lambda: self.model.web_read_group(
                domain, groupby[:1], aggregates=["__count"], limit=LIST_LIMIT
            )
        return lambda: self.model.web_search_read(
            domain,
            specification,
            limit=LIST_LIMIT,
            order=order,
            count_limit=COUNT_LIMIT,
        )

    def pivot_load(self, rows=None, cols=None, measures=None):
        arch = self.archs["pivot"]

        def spec(node):
            interval = node.get("interval")
            return f"{node.get('name')}:{interval}" if interval else node.get("name")

        rows = rows or [spec(n) for n in arch.iter("field") if n.get("type") == "row"]
        cols = cols or [spec(n) for n in arch.iter("field") if n.get("type") == "col"]
        measures = measures or [
            f"{n.get('name')}:{self.model._fields[n.get('name')].aggregator or 'sum'}"
            for n in arch.iter("field")
            if n.get("type") == "measure" and n.get("name") != "__count"
        ]
        # the first level of rows and of columns, and their crossing
        sets = [[], rows[:1], cols[:1], rows[:1] + cols[:1]]
        sets = [s for i, s in enumerate(sets) if s not in sets[:i]]
        aggregates = list(dict.fromkeys(["__count", *measures]))
        domain = list(self.domain)
        return lambda: self.model.formatted_read_grouping_sets(domain, sets, aggregates)

    def graph_load(self):
        arch = self.archs["graph"]
        groupby = []
        for node in arch.iter("field"):
            if node.get("type") == "measure":
                continue
            interval = node.get("interval")
            name = node.get("name")
            groupby.append(f"{name}:{interval}" if interval else name)
        domain = list(self.domain)
        return lambda: self.model.formatted_read_group(domain, groupby, ["__count"])


def eval_context():
    return {
        "context_today": lambda: safe_datetime.date.today(),
        "datetime": safe_datetime,
        "relativedelta": relativedelta,
        "time": safe_time,
        "uid": 1,
    }


def period_bounds(period):
    """A date filter's period (the web client's options), as UTC bounds."""
    today = date.today()
    if period.startswith("year"):
        start, end = (
            today.replace(month=1, day=1),
            today.replace(month=1, day=1) + relativedelta(years=1),
        )
    elif period.startswith("quarter"):
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        start, end = first, first + relativedelta(months=3)
    else:
        start = today.replace(day=1)
        end = start + relativedelta(months=1)
    return (
        datetime.combine(start, datetime.min.time()).strftime("%Y-%m-%d %H:%M:%S"),
        datetime.combine(end, datetime.min.time()).strftime("%Y-%m-%d %H:%M:%S"),
    )


# --------------------------------------------------------------- running
def accountant(env):
    """A billing user of the main company: the reports' rules apply."""
    company = env.ref("base.main_company")
    return (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "name": "Bench accountant",
                "login": "bench-accountant",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "group_ids": [(6, 0, env.ref("account.group_account_invoice").ids)],
                "tz": TZ,
            }
        )
    )


def loads(env):
    """``[(report, load name, callable or None, note)]`` in table order."""
    return [
        *event_loads(env, "Document views", VIEW_ACTION),
        *register_loads(env),
        *event_loads(env, "Logins", LOGIN_ACTION),
    ]


def event_loads(env, title, action_xmlid):
    report = Report(env, action_xmlid)
    rows = [(title, "list (80 rows + count)", report.list_load(), "")]
    for mode in ("pivot", "graph"):
        if mode in report.modes:
            load = getattr(report, f"{mode}_load")
            rows.append((title, f"{mode} (default)", load(), ""))
    rows.append((title, "grouped by customer", report.group_load("partner_id"), ""))
    rows.append((title, "grouped by month", report.group_load("create_date:month"), ""))
    # without a period by default: what the pivot would cost with one
    period = report.period_domain()
    if period and "pivot" in report.modes and not report.has_default_period():
        report.domain = report.domain + period
        note = "not the default: a period filter"
        rows.append((title, "pivot, this month", report.pivot_load(), note))
    return rows


def register_loads(env):
    Register = env["customer.zone.document"]
    own = [name for name, f in Register._fields.items() if f.store and name != "id"]
    if len(own) < 3 or not Register.search_count([], limit=1):
        note = "not built: the model has no columns or no rows yet"
        return [("Register", "list", None, note)]
    register = Report(env, REGISTER_ACTION)
    rows = [("Register", "list (80 rows + count)", register.list_load(), "")]
    node = register.find_filter(r"not.?viewed|not_viewed|unviewed")
    if node is None:
        rows.append(("Register", '"not viewed yet"', None, "no such filter yet"))
    else:
        rows.append(
            (
                "Register",
                f'"{node.get("string")}" filter',
                register.list_load(register.filter_domain(node)),
                "",
            )
        )
    if "pivot" in register.modes:
        rows.append(("Register", "pivot (default)", register.pivot_load(), ""))
    return rows


def time_recording(env):
    """``_insert_views`` with the events present: a new view (inserted) and
    a reload inside the window (nothing inserted), each committed, as the
    request's own cursor does."""
    Event = env["customer.zone.view.event"]
    env.cr.execute(SQL("SELECT partner_id, user_id FROM bench_customers LIMIT 1"))
    partner_id, user_id = env.cr.fetchone()
    env.cr.execute(
        SQL("SELECT res_id FROM bench_docs WHERE cust_idx = 0 ORDER BY doc_idx")
    )
    documents = [row[0] for row in env.cr.fetchall()]
    company = env.ref("base.main_company")
    window = company.customer_zone_view_window_minutes

    def view(res_id):
        return {
            "partner_id": partner_id,
            "user_id": user_id,
            "company_id": company.id,
            "target": "invoice",
            "kind": "page",
            "access": "session",
            "res_model": "account.move",
            "res_id": res_id,
            "document_name": "BENCH",
            "ip_address": "203.0.113.1",
            "user_agent": "bench",
        }

    results = {}
    with env.registry.cursor() as cr:
        for label, res_ids in (
            # ids of documents nobody viewed: each is inserted
            ("a new view", [10**9 + index for index in range(INSERT_RUNS)]),
            ("a reload inside the window", [documents[0]] * INSERT_RUNS),
        ):
            statement, committed, inserted = [], [], 0
            for res_id in res_ids:
                start = time.perf_counter()
                inserted += Event._insert_views(cr, [view(res_id)], window)
                middle = time.perf_counter()
                cr.commit()
                statement.append(middle - start)
                committed.append(time.perf_counter() - start)
            results[label] = (
                statistics.median(statement),
                statistics.median(committed),
                inserted,
            )
    return results


def main(env):
    dbname = env.cr.dbname
    if os.environ.get("CZ_BENCH_THROWAWAY") != dbname:
        say(
            "bench_console: skipped (it fills the database: setup/bench runs it "
            "on a throwaway copy, CZ_BENCH_THROWAWAY=<that copy>)"
        )
        return 0
    say(
        f"bench_console: {EVENTS:,} views and {EVENTS:,} logins of {CUSTOMERS:,} "
        f"customers over {YEARS} years, in {dbname}"
    )
    start = time.perf_counter()
    env.cr.execute(SQL("SELECT to_regclass('bench_customers') IS NOT NULL"))
    if not env.cr.fetchone()[0]:  # (a second run on the same copy reuses it)
        build_customers(env)
        build_events(env)
        accountant(env)
        env.cr.commit()
        vacuum_analyze(dbname)
    user = env["res.users"].search([("login", "=", "bench-accountant")])
    say(f"bench_console: data ready in {time.perf_counter() - start:.0f} s")
    user_env = env(
        user=user.id,
        context={
            "tz": TZ,
            "lang": "en_US",
            "allowed_company_ids": user.company_ids.ids,
        },
    )
    failed = []
    say()
    say(
        f"| Report | Load (as the web client asks it) | Median of {RUNS} | "
        "Queries | Result |"
    )
    say("|---|---|---:|---:|---|")
    for report, name, load, note in loads(user_env):
        if load is None:
            say(f"| {report} | {name} | | | {note} |")
            continue
        seconds, count, slowest = timed(user_env, load)
        result = "PASS" if seconds < BUDGET else "FAIL"
        note = f" ({note})" if note else ""
        say(
            f"| {report} | {name}{note} | {seconds * 1000:.0f} ms | {count} "
            f"| {result} |"
        )
        if result == "FAIL":
            failed.append((report, name, slowest))
    for label, (statement, committed, inserted) in time_recording(env).items():
        say(
            f"| Recording | {label} (`_insert_views`; with its commit) | "
            f"{statement * 1000:.2f} ms ({committed * 1000:.2f} ms) | 1 | "
            f"{inserted} of {INSERT_RUNS} inserted |"
        )
    for report, name, slowest in failed:
        if slowest:
            seconds, query, params = slowest
            say()
            say(f"{report}, {name}: slowest query {seconds * 1000:.0f} ms:")
            say(f"    {env.cr.mogrify(query, params).decode()[:2000]}")
            say(explain(user_env, query, params))
    env.cr.rollback()
    say()
    say(f"bench_console: {len(failed)} load(s) over {BUDGET:.0f} s")
    return 1 if failed else 0


status = main(env)
if status:
    sys.exit(status)
