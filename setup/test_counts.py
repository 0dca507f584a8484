"""Print "passed failed skipped" for a test run, as setup/test sums them.

    test_counts.py junit FILE      a pytest JUnit XML report
    test_counts.py odoo-log FILE   the log of Odoo's test runner

A report that is missing or says nothing counts as one failure: a run that
did not happen must never look like a pass.

    test_counts.py exclusions FILE ADDONS_PATH

prints the Odoo test tag excluding each test FILE lists (module:Class.method
then a reason, as in setup/core_test_exclusions.txt), one a line; a line that
names no test defined in the module's tests/ is printed on stderr and makes
the exit status 1, so an exclusion cannot outlive its test unseen.
"""

import ast
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# "... when loading database" ends a server run; "Tests passed: ...", "Tests
# failed: ..." or "No tests executed: ..." a shell's run_tests
SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests\b")
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


EXCLUSION = re.compile(r"^(\w+):(\w+)\.(\w+)\s+\S")


def _test_methods(module, addons_path):
    """{class name: method names} of the test classes in a module's tests/."""
    found = {}
    for folder in addons_path.split(","):
        for test_file in sorted(Path(folder, module, "tests").glob("test_*.py")):
            tree = ast.parse(test_file.read_text())
            for node in tree.body:
                if isinstance(node, ast.ClassDef):
                    found.setdefault(node.name, set()).update(
                        item.name
                        for item in node.body
                        if isinstance(item, ast.FunctionDef)
                        and item.name.startswith("test")
                    )
        if found:
            break
    return found


def exclusions(path, addons_path):
    tags, bad = [], []
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = EXCLUSION.match(line)
        if not match:
            bad.append(f"{path}:{number}: not 'module:Class.method  reason'")
            continue
        module, klass, method = match.groups()
        if method not in _test_methods(module, addons_path).get(klass, ()):
            bad.append(f"{path}:{number}: no test {module}:{klass}.{method}")
            continue
        tags.append(f"-/{module}:{klass}.{method}")
    for line in bad:
        print(line, file=sys.stderr)
    print(*tags, sep="\n")
    return not bad


if __name__ == "__main__":
    kind, file = sys.argv[1:3]
    if kind == "exclusions":
        sys.exit(0 if exclusions(file, sys.argv[3]) else 1)
    print(*{"junit": junit, "odoo-log": odoo_log}[kind](file))
