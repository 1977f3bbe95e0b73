"""Report of the load benchmark (``setup/bench load``): reads Locust's
``<prefix>_stats.csv`` and ``<prefix>_failures.csv`` and the Odoo server log,
prints p50 / p95 / p99 and failures per request kind, the ratio of each of our
read screens to its Odoo counterpart on the same data, and PASS / FAIL per
criterion (exit code 1 on FAIL). Plain Python (no Odoo, no Locust)::

    python3 load_report.py PREFIX SERVER_LOG USERS [WARMUP_PREFIX]

The failures of the warm-up run (``WARMUP_PREFIX``) count in "0 failures".
The percentiles are computed from every request's time (``PREFIX_samples.csv``,
written by the locustfile) when it is there, Locust's rounded ones otherwise. A
screen reached by several request kinds (the client search, by name, reference
or registration number) is judged on the requests of all its kinds, and each kind
at its p90 against the counterpart's p90.
"""

import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

RATIO_LIMIT = 1.5  # a read screen's p95 against its Odoo counterpart's
WRITE_LIMIT_MS = 1000  # a write action's p95
REFERENCE_USERS = 30  # the users the ratio criterion is stated for

# our read screens (request kinds) and their Odoo counterpart on the same data
COUNTERPARTS = {
    "ours: client search by name": "odoo: contacts search",
    "ours: client search by ref": "odoo: contacts search",
    "ours: client search by registration number": "odoo: contacts search",
    "ours: client form": "odoo: contacts form",
    "ours: engagement kanban columns": "odoo: crm pipeline columns",
    "ours: engagement kanban progress bars": "odoo: crm pipeline progress bars",
    "ours: engagement kanban cards": "odoo: crm pipeline cards",
    "ours: engagement form": "odoo: crm lead form",
    "ours: engagement choice (many2one search)": "odoo: contacts search",
    "ours: proposal form": "odoo: crm lead form",
    "ours: review queue": "odoo: contacts search",
    "ours: ticket kanban columns": "odoo: crm pipeline columns",
    "ours: ticket kanban progress bars": "odoo: crm pipeline progress bars",
    "ours: ticket kanban cards": "odoo: crm pipeline cards",
    "ours: ticket form": "odoo: crm lead form",
    "ours: kpi dashboard cards": "odoo: crm pipeline cards",
    "ours: kpi drill-down list": "odoo: contacts search",
    "ours: risk watchlist": "odoo: contacts search",
    "ours: portal ticket list": "odoo: portal home",
    "ours: portal ticket form": "odoo: portal home",
}
SHARES = (50, 90, 95, 99)  # the percentiles read
# our screens reached by several request kinds: judged on all their requests (the
# p95), and each kind at the p90, so that a kind slower than the others does not
# hide among their requests
SCREENS = {
    "ours: client search": (
        "ours: client search by name",
        "ours: client search by ref",
        "ours: client search by registration number",
    ),
}
WRITES = (
    "ours: proposal save",
    "ours: proposal submit",
    "ours: review approve",
    "ours: ticket create",
    "ours: ticket advance",
    "ours: portal ticket create",
)


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def read_stats(prefix):
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rows[row["Name"]] = {
                "count": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": _number(row["50%"]),
                "p90": _number(row["90%"]),
                "p95": _number(row["95%"]),
                "p99": _number(row["99%"]),
            }
    return rows


def read_samples(prefix):
    """``{request kind: sorted milliseconds}`` of every request, or None."""
    path = Path(f"{prefix}_samples.csv")
    if not path.exists():
        return None
    samples = defaultdict(list)
    with path.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            samples[row["name"]].append(float(row["ms"]))
    return {name: sorted(times) for name, times in samples.items()}


def percentile(times, share):
    """The nearest-rank percentile ``share`` (0-100) of the sorted ``times``."""
    if not times:
        return None
    return times[max(0, math.ceil(share / 100 * len(times)) - 1)]


def screen_p95(stats, samples, kinds):
    """The p95 of the requests of ``kinds`` together (one screen); without the
    samples, the worst p95 of the kinds."""
    if samples is not None:
        return percentile(
            sorted(t for kind in kinds for t in samples.get(kind, ())), 95
        )
    return max(
        (stats[kind]["p95"] or 0 for kind in kinds if kind in stats), default=None
    )


def read_failures(prefix):
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as failures:
        return list(csv.DictReader(failures))


def read_exceptions(prefix):
    """Errors of the simulated users' own code (Locust does not count them as
    failed requests): a bug of the locustfile, or an answer it did not expect."""
    path = Path(f"{prefix}_exceptions.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as exceptions:
        return list(csv.DictReader(exceptions))


def exact_percentiles(stats, total, samples):
    """Replace Locust's rounded percentiles of ``stats`` (and ``total``, all
    requests) with those of the ``samples``."""
    for name, row in stats.items():
        times = samples.get(name, [])
        row.update({f"p{share}": percentile(times, share) for share in SHARES})
    if total:
        every = sorted(t for times in samples.values() for t in times)
        total.update({f"p{share}": percentile(every, share) for share in SHARES})


def ratio_verdict(stats, samples, users):
    """(label, passed, detail) of the criterion "each read screen's p95 within
    RATIO_LIMIT x its Odoo counterpart's"; prints the screens of several kinds."""
    worst, missing = None, []
    pooled = {kind for kinds in SCREENS.values() for kind in kinds}
    screens = {
        **{ours: (ours,) for ours in COUNTERPARTS if ours not in pooled},
        **SCREENS,
    }
    for screen, kinds in screens.items():
        if not any(kind in stats for kind in kinds):
            continue
        theirs = COUNTERPARTS[kinds[0]]
        p95 = screen_p95(stats, samples, kinds)
        if not p95:
            missing.append(screen)
            continue
        if theirs not in stats or not stats[theirs]["p95"]:
            missing.append(theirs)
            continue
        ratios = [(p95 / stats[theirs]["p95"], screen)]
        if len(kinds) > 1:
            count = sum(stats[kind]["count"] for kind in kinds if kind in stats)
            print(
                f"screen {screen!r} ({count} requests of {len(kinds)} kinds): "
                f"p95 {p95:.0f} ms, {ratios[0][0]:.2f}x {theirs!r}"
            )
            ratios += [
                (stats[kind]["p90"] / stats[theirs]["p90"], f"{kind} (p90)")
                for kind in kinds
                if kind in stats and stats[kind]["p90"] and stats[theirs]["p90"]
            ]
        for ratio, label in ratios:
            if worst is None or ratio > worst[0]:
                worst = (ratio, label, theirs)
    note = f" (criterion stated at {REFERENCE_USERS} users; this run: {users})"
    if worst is None:
        return (f"read p95 <= {RATIO_LIMIT}x Odoo's", False, "no pair measured")
    return (
        f"read p95 <= {RATIO_LIMIT}x Odoo's",
        worst[0] <= RATIO_LIMIT and not missing,
        f"worst {worst[0]:.2f}x: {worst[1]} vs {worst[2]}"
        + (f"; not measured: {sorted(set(missing))}" if missing else "")
        + (note if users != REFERENCE_USERS else ""),
    )


def report(prefix, log_path, users, warmup=None):
    stats = read_stats(prefix)
    total = stats.pop("Aggregated", None)
    samples = read_samples(prefix)
    if samples is not None:
        exact_percentiles(stats, total, samples)
    verdicts = []

    def ms(value):
        return "-" if value is None else f"{value:.0f}"

    print(
        f"\n{'request kind':46} {'count':>6} {'fail':>5} {'p50':>6} {'p95':>6} "
        f"{'p99':>6}  {'ratio p95':>9}"
    )
    for name in sorted(stats, key=lambda n: (n.split(":")[0], n)):
        row = stats[name]
        ratio = ""
        other = stats.get(COUNTERPARTS.get(name))
        if other and row["p95"] and other["p95"]:
            ratio = f"{row['p95'] / other['p95']:.2f}x"
        print(
            f"{name:46} {row['count']:>6} {row['failures']:>5} {ms(row['p50']):>6} "
            f"{ms(row['p95']):>6} {ms(row['p99']):>6}  {ratio:>9}"
        )
    if total:
        print(
            f"{'all requests':46} {total['count']:>6} {total['failures']:>5} "
            f"{ms(total['p50']):>6} {ms(total['p95']):>6} {ms(total['p99']):>6}"
        )

    failures = sum(row["failures"] for row in stats.values())
    detail = f"{failures} failed requests"
    listed = read_failures(prefix)
    if warmup:
        warm = read_stats(warmup).get("Aggregated", {"count": 0, "failures": 0})
        failures += warm["failures"]
        detail += f", {warm['failures']} in the warm-up ({warm['count']} requests)"
        listed += read_failures(warmup)
    exceptions = read_exceptions(prefix) + (read_exceptions(warmup) if warmup else [])
    errors = sum(int(row["Count"]) for row in exceptions)
    if errors:
        failures += errors
        detail += f", {errors} errors in the simulated users"
    verdicts.append(("0 failures", failures == 0, detail))
    for row in exceptions:
        where = [line.strip() for line in row["Traceback"].splitlines()]
        where = [line for line in where if line.startswith("File ")][-1:]
        print(f"  error (x{row['Count']}): {row['Message']} ({''.join(where)})")
    for failure in listed:
        print(
            f"  failure: {failure.get('Name')}: {failure.get('Error')} "
            f"(x{failure.get('Occurrences')})"
        )

    log = Path(log_path).read_text(encoding="utf-8", errors="replace")
    tracebacks = log.count("Traceback")
    verdicts.append(
        (
            "no traceback in the server log",
            tracebacks == 0,
            f"{tracebacks} in {log_path}",
        )
    )

    verdicts.append(ratio_verdict(stats, samples, users))
    slow = [
        f"{name} {stats[name]['p95']:.0f} ms"
        for name in WRITES
        if name in stats and (stats[name]["p95"] or 0) >= WRITE_LIMIT_MS
    ]
    absent = [name for name in WRITES if name not in stats]
    writes_p95 = max((stats[n]["p95"] or 0 for n in WRITES if n in stats), default=0)
    verdicts.append(
        (
            f"write actions p95 < {WRITE_LIMIT_MS} ms",
            not slow and not absent,
            ", ".join(slow)
            or f"max {writes_p95:.0f} ms"
            + (f"; not measured: {absent}" if absent else ""),
        )
    )

    print()
    for label, ok, detail in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {detail}")
    passed = all(ok for _label, ok, _detail in verdicts)
    print(f"{'PASS' if passed else 'FAIL'}  overall")
    return passed


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(0 if report(args[0], args[1], int(args[2]), *args[3:4]) else 1)
