"""The verdict of the load benchmark (tests/benchmarks/load_report.py): percentiles
from every request's time, and a screen reached by several request kinds judged on
all its requests. The report is plain Python: it runs without Odoo."""

import contextlib
import csv
import io
import pathlib
import tempfile
import unittest

from odoo.modules.migration import load_script

REPORT = pathlib.Path(__file__).resolve().parent / "benchmarks" / "load_report.py"
SEARCHES = ("name", "ref", "registration number")


class TestLoadReport(unittest.TestCase):
    def setUp(self):
        self.report = load_script(str(REPORT), "load_report")
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = pathlib.Path(folder.name)
        self.prefix = str(self.folder / "locust")
        self.log = self.folder / "odoo.log"
        self.log.write_text("INFO ok\n", encoding="utf-8")
        # Odoo's contacts search: 100 requests of 100 to 199 ms (p95 195)
        self.samples = [("odoo: contacts search", 100 + i, 0) for i in range(100)]
        # the client search: 2 x 40 fast requests by name and by ref; the 20 by
        # registration number include 2 slow ones (their own p95: 900 ms)
        for kind in SEARCHES[:2]:
            self.samples += [(f"ours: client search by {kind}", 150, 0)] * 40
        self.samples += [("ours: client search by registration number", 160, 0)] * 18
        self.samples += [("ours: client search by registration number", 900, 0)] * 2
        self.samples += [(name, 300, 0) for name in self.report.WRITES]

    def write(self, with_samples=True):
        times = {}
        for name, ms, _failed in self.samples:
            times.setdefault(name, []).append(ms)
        with open(f"{self.prefix}_stats.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(
                ("Name", "Request Count", "Failure Count", "50%", "90%", "95%", "99%")
            )
            for name, values in times.items():
                values.sort()
                # Locust's figures: rounded to two significant digits
                rounded = [
                    round(self.report.percentile(values, share), -1)
                    for share in (50, 90, 95, 99)
                ]
                writer.writerow((name, len(values), 0, *rounded))
        if with_samples:
            with open(
                f"{self.prefix}_samples.csv", "w", encoding="utf-8", newline=""
            ) as out:
                writer = csv.writer(out)
                writer.writerow(("name", "ms", "failed"))
                writer.writerows(self.samples)

    def run_report(self):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            passed = self.report.report(self.prefix, self.log, 30)
        return passed, output.getvalue()

    def test_screen_judged_on_the_requests_of_all_its_kinds(self):
        self.write()
        passed, output = self.run_report()
        # 2 slow requests of 100 are above the screen's 95th percentile
        self.assertIn(
            "screen 'ours: client search' (100 requests of 3 kinds): p95 160 ms, "
            "0.82x 'odoo: contacts search'",
            output,
        )
        self.assertTrue(passed, output)
        # the kinds stay in the table, each with its own figures
        row = next(
            line for line in output.splitlines() if "by registration number" in line
        )
        self.assertEqual(row.split()[-4:], ["160", "900", "900", "4.64x"])

    def test_without_the_samples_the_worst_kind_decides(self):
        self.write(with_samples=False)
        passed, output = self.run_report()
        self.assertFalse(passed)
        self.assertIn(
            "FAIL  read p95 <= 1.5x Odoo's: worst 4.74x: ours: client search vs "
            "odoo: contacts search",
            output,
        )

    def test_a_slow_screen_fails(self):
        self.samples = [
            (name, 2 * ms if name.startswith("ours: client") else ms, failed)
            for name, ms, failed in self.samples
        ]
        self.write()
        passed, output = self.run_report()
        self.assertFalse(passed)
        self.assertIn(
            "FAIL  read p95 <= 1.5x Odoo's: worst 1.69x: ours: client search by "
            "registration number (p90)",
            output,
        )

    def test_a_slow_kind_does_not_hide_in_its_screen(self):
        # 3 slow requests of the 20 by registration number: above their p90
        self.samples[-len(self.report.WRITES) - 3] = (
            "ours: client search by registration number",
            900,
            0,
        )
        self.write()
        passed, output = self.run_report()
        self.assertIn("p95 160 ms, 0.82x", output)  # the screen's requests
        self.assertFalse(passed)
        self.assertIn(
            "FAIL  read p95 <= 1.5x Odoo's: worst 4.76x: ours: client search by "
            "registration number (p90)",
            output,
        )

    def test_percentile_nearest_rank(self):
        times = list(range(1, 101))
        self.assertEqual(
            [self.report.percentile(times, share) for share in (50, 95, 99)],
            [50, 95, 99],
        )
        self.assertEqual(self.report.percentile([7], 95), 7)
        self.assertIsNone(self.report.percentile([], 95))
