"""The load test's summary (setup/load): one block from the locustfile's
tally of what it made (every request, the last ones included, which
Locust's CSV files, written every second, may miss), the events setup/load
counted in the database, the server's log and the kernel's counters.

Exits 1 on an error (a request that failed), a lost event (fewer login or
view rows than successful logins or views made) or a problem in the log.
Plain Python (the project's venv): no Odoo, no Locust.
"""

import json
import os
import sys
from pathlib import Path

OUT = Path(os.environ["CZ_OUT"])


def kernel_delta():
    """The kernel's TCP counters over the run (the whole machine's: other
    servers on the loopback count too)."""

    def read(name):
        values = {}
        path = OUT / name
        if path.exists():
            for line in path.read_text().splitlines():
                key, _, value = line.partition(" ")
                if value.strip().isdigit():
                    values[key] = int(value)
        return values

    before, after = read("kernel-before.txt"), read("kernel-after.txt")
    return {key: after[key] - before.get(key, 0) for key in after}


def listen_queue_peak():
    """The deepest the listen queue of the port the clients connect to got,
    and its size."""
    path = OUT / "listen-queue.txt"
    peak, size = 0, 0
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and all(part.isdigit() for part in parts):
                peak, size = max(peak, int(parts[0])), int(parts[1])
    return peak, size


def ms(value):
    return f"{float(value or 0):.0f} ms"


def main():
    tally = json.loads((OUT / "tally.json").read_text())
    total = tally["total"]
    errors = total["errors"]
    logins_made = tally["logins"]
    logins_recorded = int(os.environ["LOGINS_RECORDED"])
    logins_failed = int(os.environ["LOGINS_FAILED"])
    views_made = tally["views"]
    views_recorded = int(os.environ["VIEWS_RECORDED"])
    log_total = int(os.environ["LOG_TOTAL"] or 0)
    peak, size = listen_queue_peak()

    print(
        f"\n== load: {os.environ['USERS']} users, {os.environ['RUN_TIME']}, "
        f"{os.environ['WORKERS']} workers, proxy {os.environ['PROXY']} =="
    )
    print(f"{'page':<22} {'requests':>8} {'errors':>6} {'median':>8} {'p95':>8}")
    for name, page in tally["pages"].items():
        print(
            f"{name:<22} {page['requests']:>8} {page['errors']:>6}"
            f" {ms(page['median']):>8} {ms(page['p95']):>8}"
        )
    print(
        f"requests {total['requests']} in {total.get('seconds', 0):.0f} s, "
        f"{total.get('per_second', 0):.1f} req/s, median {ms(total['median'])}, "
        f"p95 {ms(total['p95'])}, max {ms(total['max'])}, errors {errors}"
    )
    for message, occurrences in tally["errors"][:8]:
        print(f"  error x{occurrences}: {message[:160]}")
    print(
        f"logins made {logins_made}, recorded {logins_recorded} "
        f"(failed attempts recorded: {logins_failed})"
    )
    print(
        f"views made {views_made} {tally['views_by_page']}, recorded "
        f"{views_recorded} ({os.environ.get('VIEWS_BY_TARGET') or 'none'})"
    )
    print(f"log: {os.environ['LOG_PROBLEMS'].rstrip('; ')}")
    if int(os.environ.get("SPAWN_FAILURES") or 0):
        print(
            "WARNING: the gevent (websocket) worker never started: the live "
            "bus needs it in production (see its traceback in odoo.log)"
        )
    delta = kernel_delta()
    print(
        f"listen queue of the port served: deepest {peak} of {size}; kernel "
        "(whole machine): "
        + ", ".join(
            f"{key.removeprefix('TcpExt')} +{value}" for key, value in delta.items()
        )
    )
    print(f"details: {OUT}")

    problems = []
    if errors:
        problems.append(f"{errors} failed requests")
    if logins_recorded < logins_made:
        problems.append(f"{logins_made - logins_recorded} login events lost")
    if views_recorded < views_made:
        problems.append(f"{views_made - views_recorded} view events lost")
    if log_total:
        problems.append(f"{log_total} problems in the log")
    if problems:
        print("FAILED: " + ", ".join(problems))
        return 1
    print("PASSED: no error, no event lost, a clean log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
