"""Print "passed failed skipped" for a test run, as setup/test sums them.

    test_counts.py junit FILE      a pytest JUnit XML report
    test_counts.py odoo-log FILE   the log of Odoo's test runner

A report that is missing or says nothing counts as one failure: a run that
did not happen must never look like a pass.
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

SUMMARY = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
SKIPPED = re.compile(r" INFO \S+ \S+: skipped ")
PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
OUR_WARNING = re.compile(r"^\S+ \S+ \d+ WARNING \S+ odoo\.addons\.customer_zone")


def junit(path):
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return 0, 1, 0
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    if not total:
        return 0, 1, 0
    return total - failed - skipped, failed, skipped


def odoo_log(path):
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return 0, 1, 0
    summaries = [m for m in map(SUMMARY.search, lines) if m]
    if not summaries:
        return 0, 1, 0
    failures, errors, total = map(int, summaries[-1].groups())
    skipped = sum(1 for line in lines if SKIPPED.search(line))
    failed = failures + errors
    # errors logged outside any test (a failed install, a broken view) and
    # warnings of our own addons fail the run too, as OCA's checklog does
    stray = [line for line in lines if PROBLEM.search(line) or OUR_WARNING.search(line)]
    if stray and not failed:
        failed = 1
    if not total:
        failed = max(failed, 1)
    for line in stray[:20]:
        print(line, file=sys.stderr)
    return max(total - failed - skipped, 0), failed, skipped


if __name__ == "__main__":
    kind, file = sys.argv[1:3]
    print(*{"junit": junit, "odoo-log": odoo_log}[kind](file))
