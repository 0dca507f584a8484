"""Load test of the zone's pages (setup/load runs it; issue 16, point 3).

Each simulated user logs in as a portal user of its own (``load01``..,
password = login, which setup/load creates in its throwaway database), then
walks the zone's pages in a customer's order, again and again, 1 to 3 s of
think time between two pages: home, invoices, one of its invoices, the
statement, the outstanding items, payments, credit notes, quotations and
tickets. Every answer but a 200 that is the page asked for (not the login
page a lost session is sent to) is an error. Requests are named per page in
Locust's statistics.

At the end (once the users have finished their page: setup/load gives them
--stop-timeout) it writes what it made to CZ_LOAD_TALLY (JSON): every
request's time and outcome summed up per page and in all (count, errors,
median, p95, requests per second: Locust's CSV files are written every
second and miss the last ones), the errors by message, the logins that
succeeded and the page views that answered 200 on the pages that record a
view (``customer.zone.view.event``: a document's page, the statement, the
outstanding items), which setup/load compares with the rows.

Environment: CZ_LOAD_USERS (50), the number of load users that exist;
CZ_LOAD_TALLY, the JSON file to write.
"""

import itertools
import json
import os
import random
import re
import threading
import time
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from locust import HttpUser, SequentialTaskSet, between, events, task

LOGIN_PREFIX = "load"
USERS = int(os.environ.get("CZ_LOAD_USERS", "50"))
CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
INVOICE_RE = re.compile(r'href="/my/invoices/(\d+)[?"]')
# the pages that record a view of the user's zone (customer.zone.view.event),
# by their name in the statistics: a document's page (_get_page_view_values),
# the statement and the outstanding items (their routes)
VIEW_PAGES = ("/my/invoices/[id]", "/my/statement", "/my/outstanding")
# a request unanswered for that long is an error (requests waits forever);
# long, since a client that gives up sends its login again while the server
# still verifies the first one (600,000 PBKDF2 rounds, about 0.5 s of CPU
# each): the queue of 50 logins at once would only grow
TIMEOUT = float(os.environ.get("CZ_LOAD_TIMEOUT", "180"))

_numbers = itertools.count(1)
_tally = Counter()
_tally_lock = threading.Lock()
# name: [(seconds since the epoch at the end, milliseconds, error or None)]
_samples = defaultdict(list)


def count(key):
    with _tally_lock:
        _tally[key] += 1


def on_page(response, path):
    """Whether ``response`` is the page at ``path``: a 200 that did not end
    on the login page (a lost session is redirected there)."""
    final = urlsplit(response.url or "").path
    if response.status_code != 200:
        response.failure(f"HTTP {response.status_code}")
        return False
    if final != path:
        # a lost session ends on /web/login
        response.failure(f"ended on {final} instead of {path}")
        return False
    return True


class ZoneWalk(SequentialTaskSet):
    """A customer's walk through the zone, one page per task."""

    invoice_ids = ()

    def get(self, path, name=None):
        name = name or path
        with self.client.get(
            path, name=name, timeout=TIMEOUT, catch_response=True
        ) as response:
            if on_page(response, path):
                response.success()
                count(f"ok {name}")
                return response.text
        return None

    @task
    def home(self):
        self.get("/my/home")

    @task
    def invoices(self):
        page = self.get("/my/invoices")
        if page is not None:
            self.invoice_ids = sorted(set(INVOICE_RE.findall(page)))

    @task
    def invoice(self):
        if self.invoice_ids:
            self.get(
                f"/my/invoices/{random.choice(self.invoice_ids)}",
                name="/my/invoices/[id]",
            )

    @task
    def statement(self):
        self.get("/my/statement")

    @task
    def outstanding(self):
        self.get("/my/outstanding")

    @task
    def payments(self):
        self.get("/my/payments")

    @task
    def credit_notes(self):
        self.get("/my/credit_notes")

    @task
    def quotes(self):
        self.get("/my/quotes")

    @task
    def tickets(self):
        self.get("/my/tickets")


class PortalCustomer(HttpUser):
    """One portal session (requests' client: the URL a redirect ended on is
    known): logs in once, then walks the zone."""

    wait_time = between(1, 3)
    tasks = [ZoneWalk]

    def on_start(self):
        number = (next(_numbers) - 1) % USERS + 1
        self.login_name = f"{LOGIN_PREFIX}{number:02d}"
        while not self.log_in():
            self.wait()

    def log_in(self):
        """The login form, as a browser sends it; True once the session is
        open (the POST ends on the portal's home)."""
        with self.client.get(
            "/web/login", name="/web/login [GET]", timeout=TIMEOUT, catch_response=True
        ) as response:
            if not on_page(response, "/web/login"):
                return False
            token = CSRF_RE.search(response.text or "")
            if not token:
                response.failure("no csrf_token in the login form")
                return False
        with self.client.post(
            "/web/login",
            name="/web/login [POST]",
            data={
                "login": self.login_name,
                "password": self.login_name,
                "csrf_token": token.group(1),
            },
            timeout=TIMEOUT,
            catch_response=True,
        ) as response:
            if not on_page(response, "/my"):
                return False
            count("logins")
            return True


@events.request.add_listener
def note_request(name, response_time, exception=None, **kwargs):
    """Every request's time and outcome, for the summary."""
    error = None if exception is None else str(exception)[:200]
    with _tally_lock:
        _samples[name].append((time.time(), response_time or 0.0, error))


def percentile(times, share):
    """The time ``share`` of the requests took at most (nearest rank)."""
    if not times:
        return 0.0
    ordered = sorted(times)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def figures(samples):
    """Count, errors, median and p95 (ms) of ``samples``."""
    times = [sample[1] for sample in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for sample in samples if sample[2] is not None),
        "median": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times, default=0.0),
    }


@events.test_stop.add_listener
def write_tally(environment, **kwargs):
    """What the run made, for setup/load to compare with the events."""
    path = os.environ.get("CZ_LOAD_TALLY")
    if not path:
        return
    with _tally_lock:
        tally = dict(_tally)
        samples = {name: list(rows) for name, rows in _samples.items()}
    every = [sample for rows in samples.values() for sample in rows]
    total = figures(every)
    if every:
        # from the first request's start to the last one's end
        first = min(end - ms / 1000 for end, ms, _error in every)
        total["seconds"] = max(end for end, _ms, _error in every) - first
        total["per_second"] = len(every) / max(total["seconds"], 0.001)
    views = {name: tally.get(f"ok {name}", 0) for name in VIEW_PAGES}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "total": total,
                "pages": {
                    name: figures(rows) for name, rows in sorted(samples.items())
                },
                "errors": Counter(
                    f"{name}: {error}"
                    for name, rows in samples.items()
                    for _end, _ms, error in rows
                    if error is not None
                ).most_common(),
                "logins": tally.get("logins", 0),
                "views": sum(views.values()),
                "views_by_page": views,
            },
            handle,
            indent=1,
        )
