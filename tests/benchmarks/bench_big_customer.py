"""Benchmark: the zone's pages for the big demo customer, beside Odoo core.

Run by setup/bench_big (not by setup/bench: this one serves pages). Starts
two Odoo servers, one on the demo database with the addons (CZ_DB) and one on
the core anchor (CZ_CORE_DB: portal, account, sale_management, payment_demo),
both holding the big customer setup/big builds; logs in as bigco on each and
requests every page in turns, ours then core's, so both see the same machine
load. Reports the median time, the size and the SQL queries of each page (the
queries from the server's access log) as a Markdown table; PDFs also give
their pages and embedded fonts. A statement PDF the zone renders in the
background is timed by running the renderer as the cron does.

Fails (exit status 1) on any answer but 200, a PDF that is no PDF, or a
server that does not start.
"""

import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

import requests

ODOO = [sys.executable, "-m", "odoo"]
ADDONS_PATH = os.environ["CZ_ADDONS_PATH"]
OUR_DB = os.environ.get("CZ_DB", "customer_zone_demo")
CORE_DB = os.environ.get("CZ_CORE_DB", f"{OUR_DB}_core")
OUR_PORT, CORE_PORT = (
    int(port) for port in os.environ.get("CZ_BENCH_PORTS", "8169,8170").split(",")
)
LOGIN = "bigco"
RUNS = int(os.environ.get("CZ_BENCH_RUNS", "5"))
PDF_RUNS = int(os.environ.get("CZ_BENCH_PDF_RUNS", "2"))
# only these paths (comma-separated, e.g. "/my/home,/my/invoices"); all if unset
ONLY = {path for path in os.environ.get("CZ_BENCH_ONLY", "").split(",") if path}
TIMEOUT = 600
# the access log line: "GET /path HTTP/1.1" 200 - <queries> <sql time> <other>
ACCESS = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d+) - (\d+) ')


class BenchError(Exception):
    pass


class Server:
    """An Odoo serving one database on a port, its log in a file."""

    def __init__(self, db, port):
        self.db, self.port = db, port
        self.base = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(
            prefix=f"bench-{db}-", suffix=".log", delete=False
        )
        self.process = None
        self.session = requests.Session()

    def start(self):
        command = [
            *ODOO,
            f"--addons-path={ADDONS_PATH}",
            f"--database={self.db}",
            f"--db-filter=^{self.db}$",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=info",
        ]
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"the server of {self.db} stopped: see {self.log.name}"
                )
            try:
                requests.get(f"{self.base}/web/login", timeout=30)
                return
            except requests.ConnectionError:
                time.sleep(1)
        raise BenchError(f"the server of {self.db} did not start: see {self.log.name}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=60)

    def login(self):
        page = self.session.get(f"{self.base}/web/login", timeout=TIMEOUT)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if not csrf:
            raise BenchError(f"{self.db}: no login form")
        answer = self.session.post(
            f"{self.base}/web/login",
            data={"login": LOGIN, "password": LOGIN, "csrf_token": csrf.group(1)},
            timeout=TIMEOUT,
            allow_redirects=False,
        )
        if answer.status_code != 303 or "/web/login" in answer.headers.get(
            "Location", ""
        ):
            raise BenchError(f"{self.db}: {LOGIN} cannot log in (run setup/big)")

    def get(self, path):
        """The answer to ``path``, its time in seconds and its SQL queries."""
        self.log.flush()
        offset = os.path.getsize(self.log.name)
        started = time.perf_counter()
        answer = self.session.get(self.base + path, timeout=TIMEOUT)
        elapsed = time.perf_counter() - started
        if answer.status_code != 200:
            raise BenchError(f"{self.db} {path}: HTTP {answer.status_code}")
        return answer, elapsed, self._queries(path, offset)

    def _queries(self, path, offset):
        for _attempt in range(50):
            with open(self.log.name, encoding="utf-8", errors="replace") as log:
                log.seek(offset)
                for match in ACCESS.finditer(log.read()):
                    if match.group(1) == path:
                        return int(match.group(3))
            time.sleep(0.1)
        raise BenchError(f"{self.db} {path}: no access log line")


def pdf_facts(content):
    """Pages and embedded fonts of a PDF, as poppler reads them."""
    if not content.startswith(b"%PDF"):
        raise BenchError("a PDF was expected")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        info = subprocess.run(
            ["pdfinfo", pdf.name], capture_output=True, text=True, check=True
        ).stdout
        fonts = subprocess.run(
            ["pdffonts", pdf.name], capture_output=True, text=True, check=True
        ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    # pdffonts: two header lines, then one line per font ("emb" column yes/no)
    embedded = sum(1 for line in fonts.splitlines()[2:] if " yes " in line)
    return pages, embedded


def measure(server, path, runs):
    """Median time, size and queries of ``runs`` visits after a warm-up."""
    server.get(path)
    samples = [server.get(path) for _run in range(runs)]
    answer = samples[-1][0]
    return {
        "time": statistics.median(elapsed for _answer, elapsed, _queries in samples),
        "size": len(answer.content),
        "queries": statistics.median(queries for _answer, _elapsed, queries in samples),
        "answer": answer,
    }


def odoo_shell(script, what):
    """Run ``script`` in ``odoo shell`` on our database; its stdout."""
    done = subprocess.run(
        [
            *ODOO,
            "shell",
            f"--addons-path={ADDONS_PATH}",
            "-d",
            OUR_DB,
            "--no-http",
            "--log-level=warn",
        ],
        input=script,
        capture_output=True,
        text=True,
        check=False,
    )
    if "Traceback" in done.stdout + done.stderr or "DONE" not in done.stdout:
        raise BenchError(f"{what} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def forget_statement_jobs():
    """Drop the big customer's statement jobs (and their files), so that the
    PDF is rendered, not served from a kept file of an earlier run."""
    odoo_shell(
        f"user = env['res.users'].search([('login', '=', {LOGIN!r})])\n"
        "jobs = env['customer.zone.statement.job'].search(\n"
        "    [('partner_id', '=', user.partner_id.commercial_partner_id.id)])\n"
        "jobs.attachment_id.unlink()\n"
        "jobs.unlink()\n"
        "env.cr.commit()\n"
        "print('DONE')\n",
        "forgetting the statement jobs",
    )


def render_background_job(job_id):
    """Seconds the cron takes to render the pending statement jobs."""
    out = odoo_shell(
        "import time\n"
        "started = time.perf_counter()\n"
        "env['customer.zone.statement.job']._cron_render_statement_jobs()\n"
        "env.cr.commit()\n"
        "print('DONE', time.perf_counter() - started)\n",
        f"rendering the statement job {job_id}",
    )
    return float(re.search(r"^DONE ([\d.]+)", out, re.M).group(1))


def ask_for_statement_job(server, form_page):
    """Post the "Prepare the PDF" form of ``form_page``: the job's id."""
    fields = dict(
        re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form_page)
    )
    if "csrf_token" not in fields:
        raise BenchError("the long statement's page has no form to prepare it")
    answer = server.session.post(
        f"{server.base}/my/statement/pdf", data=fields, timeout=TIMEOUT
    )
    job = re.search(r'data-job-id="(\d+)"', answer.text)
    if answer.status_code != 200 or not job:
        raise BenchError(f"preparing the statement: HTTP {answer.status_code}")
    return job.group(1)


def statement_pdf(server, path):
    """The statement PDF at ``path``: in the request, or through its job
    (the page's form asks for it, the cron renders it)."""
    forget_statement_jobs()
    result = measure(server, path, PDF_RUNS)
    answer = result["answer"]
    if answer.headers.get("Content-Type", "").startswith("application/pdf"):
        result["pages"], result["fonts"] = pdf_facts(answer.content)
        result["how"] = "in the request"
        return result
    job_id = ask_for_statement_job(server, answer.text)
    request_time = result["time"]
    result["time"] = render_background_job(job_id)
    document, _elapsed, _queries = server.get(f"/my/statement/pdf/{job_id}")
    if not document.headers.get("Content-Type", "").startswith("application/pdf"):
        raise BenchError(f"the statement job {job_id} gave no PDF")
    result["size"] = len(document.content)
    result["pages"], result["fonts"] = pdf_facts(document.content)
    result["how"] = f"background job (the page answers in {request_time * 1000:.0f} ms)"
    return result


def cell(result, pdf=False):
    if not result:
        return "–"
    size = result["size"]
    size_text = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
    text = f"{result['time'] * 1000:,.0f} ms, {size_text}"
    text += f", {result['queries']:.0f} queries"
    if pdf:
        per_page = size / max(result["pages"], 1) / 1e3
        text += f", {result['pages']} pages ({per_page:.0f} KB a page)"
        text += f", {result['fonts']} embedded fonts; {result['how']}"
    return text


def run():
    today = date.today()
    three_months = (today - timedelta(days=91)).isoformat()
    five_years = (today - timedelta(days=365 * 5 + 1)).isoformat()
    period = "&date_to=" + today.isoformat()
    pages = [
        (
            "`/my/statement`, 3 months",
            f"/my/statement?date_from={three_months}{period}",
            False,
        ),
        (
            "`/my/statement`, 5 years",
            f"/my/statement?date_from={five_years}{period}",
            False,
        ),
        (
            "`/my/statement/pdf`, 3 months",
            f"/my/statement/pdf?date_from={three_months}{period}",
            True,
        ),
        (
            "`/my/statement/pdf`, 5 years",
            f"/my/statement/pdf?date_from={five_years}{period}",
            True,
        ),
        ("`/my/outstanding`", "/my/outstanding", False),
        ("`/my/home`", "/my/home", False),
        ("`/my/invoices`", "/my/invoices", False),
    ]
    core_pages = {"/my/home", "/my/invoices"}
    ours, core = Server(OUR_DB, OUR_PORT), Server(CORE_DB, CORE_PORT)
    try:
        ours.start()
        core.start()
        ours.login()
        core.login()
        rows = []
        for label, path, pdf in pages:
            if ONLY and path.split("?")[0] not in ONLY:
                continue
            print(f"measuring {label} ...", file=sys.stderr, flush=True)
            mine = statement_pdf(ours, path) if pdf else measure(ours, path, RUNS)
            anchor = measure(core, path, RUNS) if path in core_pages else None
            rows.append((label, cell(mine, pdf), cell(anchor)))
    finally:
        ours.stop()
        core.stop()
    print(
        f"\nBig customer ({LOGIN}), {OUR_DB} beside core {CORE_DB}: median of "
        f"{RUNS} visits ({PDF_RUNS} for PDFs) after a warm-up, one Odoo "
        "process each\n"
    )
    print("| page | Customer Zone | core anchor |")
    print("|---|---|---|")
    for label, mine, anchor in rows:
        print(f"| {label} | {mine} | {anchor} |")


if __name__ == "__main__":
    try:
        run()
    except (
        BenchError,
        requests.RequestException,
        subprocess.CalledProcessError,
    ) as error:
        print(f"BENCHMARK FAILED: {error}", file=sys.stderr)
        sys.exit(1)
