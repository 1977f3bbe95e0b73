from datetime import date

from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .common import AdvisoryCase


class TestFinancialStatement(AdvisoryCase):
    def test_exact_ratios(self):
        st = self.env["advisory.financial.statement"].create(
            self._statement_vals(self.client_a)
        )
        self.assertAlmostEqual(st.debt_ratio, 0.45)
        self.assertAlmostEqual(st.net_margin, 0.075)
        self.assertAlmostEqual(st.current_ratio, 2.0)
        st.write(
            {
                "total_liabilities": 250.0,
                "current_liabilities": 200.0,
                "net_profit": -100.0,
            }
        )
        self.assertAlmostEqual(st.debt_ratio, 0.25)
        self.assertAlmostEqual(st.net_margin, -0.05)
        self.assertAlmostEqual(st.current_ratio, 3.0)

    def test_zero_denominators_leave_ratios_empty(self):
        Statement = self.env["advisory.financial.statement"]
        st = Statement.create(
            self._statement_vals(
                self.client_a,
                total_assets=0.0,
                current_assets=0.0,
                total_liabilities=0.0,
                current_liabilities=0.0,
                revenue=0.0,
                net_profit=-20.0,
            )
        )
        self.env.flush_all()
        self.env.invalidate_all()
        values = st.read(["debt_ratio", "net_margin", "current_ratio"])[0]
        self.assertIs(values["debt_ratio"], False)
        self.assertIs(values["net_margin"], False)
        self.assertIs(values["current_ratio"], False)
        # stored as SQL NULL, not 0: averages and "is set" filters ignore it
        self.assertIn(st, Statement.search([("debt_ratio", "=", False)]))
        self.env.cr.execute(
            SQL(
                "SELECT debt_ratio IS NULL, net_margin IS NULL, current_ratio IS NULL"
                " FROM advisory_financial_statement WHERE id = %s",
                st.id,
            )
        )
        self.assertEqual(self.env.cr.fetchone(), (True, True, True))
        # a denominator appearing later fills the ratio
        st.write({"total_assets": 500.0, "total_liabilities": 100.0})
        self.assertAlmostEqual(st.debt_ratio, 0.2)

    def test_partner_shows_latest_ratios(self):
        Statement = self.env["advisory.financial.statement"]
        Statement.create(
            self._statement_vals(self.client_a, year=2023, total_liabilities=800.0)
        )
        latest = Statement.create(self._statement_vals(self.client_a, year=2024))
        self.assertEqual(self.client_a.latest_statement_id, latest)
        self.assertAlmostEqual(self.client_a.latest_debt_ratio, 0.45)
        self.assertAlmostEqual(self.client_a.latest_current_ratio, 2.0)
        self.assertEqual(len(self.client_a.financial_statement_ids), 2)
        self.assertEqual(self.client_a.financial_statement_count, 2)
        latest.unlink()
        self.assertAlmostEqual(self.client_a.latest_debt_ratio, 0.8)

    def test_quarter_statement(self):
        st = self.env["advisory.financial.statement"].create(
            self._statement_vals(
                self.client_a,
                period_type="quarter",
                period_start=date(2024, 7, 1),
                period_end=date(2024, 9, 30),
            )
        )
        self.assertIn("2024", st.name)
        self.assertIn("Q3", st.name)

    def _assert_refused(self, message_part=None, **values):
        Statement = self.env["advisory.financial.statement"]
        before = Statement.search_count([("partner_id", "=", self.client_a.id)])
        with self.assertRaises(ValidationError) as caught:
            with self.env.cr.savepoint():
                Statement.create(self._statement_vals(self.client_a, **values))
                self.env.flush_all()
        if message_part:
            self.assertIn(message_part, str(caught.exception))
        self.assertEqual(
            Statement.search_count([("partner_id", "=", self.client_a.id)]), before
        )

    def test_bad_input_refused(self):
        for field in (
            "total_assets",
            "current_assets",
            "total_liabilities",
            "current_liabilities",
            "revenue",
        ):
            with self.subTest(field=field):
                self._assert_refused(**{field: -1.0})
        with self.subTest("current assets above total"):
            self._assert_refused(current_assets=1500.0)
        with self.subTest("current liabilities above total"):
            self._assert_refused(current_liabilities=500.0)
        with self.subTest("end before start"):
            self._assert_refused(
                period_start=date(2024, 12, 31), period_end=date(2024, 1, 1)
            )
        with self.subTest("a year that is not twelve months"):
            self._assert_refused(period_end=date(2024, 6, 30))
        with self.subTest("a quarter that is not three months"):
            self._assert_refused(period_type="quarter", period_end=date(2024, 12, 31))

    def test_same_period_refused(self):
        self.env["advisory.financial.statement"].create(
            self._statement_vals(self.client_a)
        )
        self._assert_refused(message_part="2024")
        # another client may have the same period
        self.env["advisory.financial.statement"].create(
            self._statement_vals(self.client_b)
        )
