"""Compare two Odoo test logs of ./setup/test --peer (stdlib only).

    peer_compare.py WITHOUT.log WITH.log

Collects the tests each log reports as failed (``FAIL:``) or in error (``ERROR:``),
prints those failing only in WITH.log (with our addons), then for information the
ones failing in both and only in WITHOUT.log. Exits 1 when a test fails only with our
addons, or when a log holds no test result (the install crashed, Odoo stopped early).
"""

import re
import sys

# One log record starts with "2025-01-31 12:00:00,123 4242 LEVEL db logger: message";
# the lines after it (tracebacks) belong to it.
RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) (\S+) (\S+): (.*)$")
# OdooTestResult.logError (odoo.tests.result): "FAIL: Class.method" or "ERROR: ...",
# logged by the test's module (odoo.addons.crm.tests.test_x), or by odoo.tests.suite
# for "setUpClass (odoo.addons.crm.tests.test_x.Class)" errors.
FAILURE = re.compile(r"^(FAIL|ERROR): (.+)$")
# Logged last by odoo.service.server after --stop-after-init with --test-enable; missing
# when the registry could not be loaded (an install crashed).
SUMMARY = re.compile(
    r"^(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
TRACEBACK_TAIL = 12  # last lines of a failure's traceback shown for the WITH-only ones
CRASH_TAIL = 20  # last lines of a log without test results


def parse(path):
    """Return ({"logger: Class.method": (kind, line number, text)}, summary or None)."""
    failures, summary, current = {}, None, None
    with open(path, encoding="utf-8", errors="replace") as log:
        for number, line in enumerate(log, 1):
            line = line.rstrip()  # Odoo ends its log lines with a space
            record = RECORD.match(line)
            if not record:
                if current is not None:
                    current.append(line)
                continue
            current = None
            level, _db, logger, message = record.groups()
            found = FAILURE.match(message)
            if level in ("ERROR", "CRITICAL") and found:
                kind, description = found.groups()
                current = [line]
                failures.setdefault(f"{logger}: {description}", (kind, number, current))
            elif logger == "odoo.tests.result" and SUMMARY.match(message):
                summary = tuple(int(n) for n in SUMMARY.match(message).groups())
    return failures, summary


def describe(name, path, failures, summary):
    """Print one run's counts; False when it ran no test (then print its log's end)."""
    if summary is None or summary[2] == 0:
        print(f"{name}: NO TEST RESULT in {path} (install crashed or Odoo stopped)")
        print("  the log ends with:")
        with open(path, encoding="utf-8", errors="replace") as log:
            for line in log.readlines()[-CRASH_TAIL:]:
                print(f"    {line.rstrip()}")
        return False
    failed, errors, run = summary
    print(f"{name}: {run} tests, {failed} failed, {errors} error(s) (log: {path})")
    if failed + errors != len(failures):
        # Subtests of one test share a name; a mismatch means the parsing missed some.
        print(f"  note: {len(failures)} distinct failing tests found in the log")
    return True


def main(without_path, with_path):
    without, without_summary = parse(without_path)
    with_, with_summary = parse(with_path)
    ok = describe("without our addons", without_path, without, without_summary)
    ok = describe("with our addons", with_path, with_, with_summary) and ok

    both = sorted(without.keys() & with_.keys())
    only_without = sorted(without.keys() - with_.keys())
    only_with = sorted(with_.keys() - without.keys())
    print(f"\nfailing in both ({len(both)}):")
    for test in both:
        print(f"  {test}")
    print(f"failing only without our addons ({len(only_without)}):")
    for test in only_without:
        print(f"  {test}")
    if only_with:
        print(f"\nFAILING ONLY WITH OUR ADDONS ({len(only_with)}):")
        for test in only_with:
            kind, number, text = with_[test]
            print(f"\n  {kind}: {test}   ({with_path}, line {number})")
            traceback = [line for line in text[1:] if line.strip()]
            if len(traceback) > TRACEBACK_TAIL:
                print("    ...")
            for line in traceback[-TRACEBACK_TAIL:]:
                print(f"    {line}")
    if not ok:
        print("\nat least one run did not run its tests: no comparison possible")
    elif not only_with:
        print("\nno test fails only with our addons")
    return 0 if ok and not only_with else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
