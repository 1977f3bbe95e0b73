from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .kpi_common import EMPTY, EXPECTED, Q2, YEAR, KpiCase

MANAGER_GROUP = "advisory_client_mgmt.group_advisory_manager"


@tagged("post_install", "-at_install")
class TestKpiEngine(KpiCase):
    def assertKpis(self, snapshot, expected):
        lines = self.lines_by_code(snapshot)
        # the KPIs of advisory_feedback (bridges add theirs, tested there)
        self.assertEqual(set(lines) & self.feedback_codes(), set(expected))
        for code, (numerator, denominator, value) in expected.items():
            line = lines[code]
            with self.subTest(kpi=code):
                if numerator is False:
                    self.assertIs(line.numerator, False)
                else:
                    self.assertAlmostEqual(line.numerator, numerator)
                self.assertAlmostEqual(line.denominator, denominator)
                self.assertAlmostEqual(line.value, value)

    def test_quarter(self):
        snapshot = self.compute(Q2)
        self.assertEqual(snapshot.company_id, self.company)
        self.assertEqual(snapshot.period_type, "quarter")
        self.assertEqual(snapshot.name, "2024 Q2")
        self.assertKpis(snapshot, EXPECTED[Q2])
        lines = self.lines_by_code(snapshot)
        # the plan's targets: satisfaction >= 90 %, repeat >= 50 %, churn < 5 %,
        # revenue growth >= 10 %, strategic partners >= 30 %
        self.assertEqual(lines["satisfaction_rate"].status, "missed")
        self.assertEqual(lines["satisfaction_rate"].target, 0.9)
        self.assertEqual(lines["repeat_purchase_rate"].status, "missed")
        self.assertEqual(lines["churn_rate"].status, "missed")
        self.assertEqual(lines["churn_rate"].direction, "<")
        self.assertEqual(lines["revenue_growth"].status, "met")
        self.assertEqual(lines["strategic_partner_share"].status, "met")
        # no target: measured, no status
        for code in (
            "conversion_rate",
            "renewal_rate",
            "survey_coverage",
            "survey_consent_missing",
            "feedback_response_hours",
        ):
            self.assertIs(lines[code].status, False)
            self.assertIs(lines[code].target, False)
            self.assertEqual(lines[code].target_display, "No target")
        self.assertEqual(lines["satisfaction_rate"].value_display, "50.0 %")
        self.assertEqual(lines["feedback_response_hours"].value_display, "5.0 h")
        self.assertTrue(lines["churn_rate"].description)

    def test_year(self):
        snapshot = self.compute(YEAR)
        self.assertEqual(snapshot.period_type, "year")
        self.assertEqual(snapshot.name, "2024")
        self.assertKpis(snapshot, EXPECTED[YEAR])
        lines = self.lines_by_code(snapshot)
        self.assertEqual(lines["strategic_partner_share"].status, "met")
        self.assertEqual(lines["revenue_growth"].status, "met")

    def test_no_data(self):
        """An empty denominator is "no data": no value, no 0 %, no error."""
        snapshot = self.compute(EMPTY)
        for line in snapshot.line_ids:
            with self.subTest(kpi=line.kpi_code):
                self.assertEqual(line.status, "no_data")
                self.assertIs(line.value, False)
                self.assertEqual(line.denominator, 0)
                self.assertEqual(line.value_display, "–")
        # 2022: contracts signed (c3), none in 2021: growth cannot be measured
        growth = self.lines_by_code(
            self.compute((date(2022, 1, 1), date(2022, 12, 31)))
        )["revenue_growth"]
        self.assertEqual(growth.numerator, 80)
        self.assertEqual(growth.denominator, 0)
        self.assertEqual(growth.status, "no_data")
        self.assertIs(growth.value, False)

    def test_period_types(self):
        Snapshot = self.env["advisory.kpi.snapshot"]
        cases = {
            (date(2024, 2, 1), date(2024, 2, 29)): "month",
            (date(2024, 10, 1), date(2024, 12, 31)): "quarter",
            (date(2024, 1, 1), date(2024, 12, 31)): "year",
            (date(2024, 2, 1), date(2024, 4, 30)): "custom",
            (date(2024, 1, 15), date(2024, 2, 14)): "custom",
        }
        for (date_from, date_to), period_type in cases.items():
            self.assertEqual(Snapshot._period_type(date_from, date_to), period_type)
        month = self.compute((date(2024, 2, 1), date(2024, 2, 29)))
        self.assertEqual(month.name, "2024-02")

    def test_recompute_replaces(self):
        first = self.compute(Q2)
        self.assertEqual(len(first.line_ids), self.kpi_count())
        # one more satisfied answer in the quarter
        self.answer_95.copy(
            {
                "state": "done",
                "end_datetime": datetime(2024, 5, 5),
                "advisory_score": 100.0,
                "advisory_company_id": self.company.id,
            }
        )
        second = self.compute(Q2)
        snapshots = self.env["advisory.kpi.snapshot"].search(
            [("company_id", "=", self.company.id), ("date_from", "=", Q2[0])]
        )
        self.assertEqual(snapshots, second)
        self.assertFalse(first.exists())
        self.assertEqual(len(second.line_ids), self.kpi_count())
        satisfaction = self.lines_by_code(second)["satisfaction_rate"]
        self.assertEqual((satisfaction.numerator, satisfaction.denominator), (3, 5))

    def test_previous_value_and_trend(self):
        q1 = self.compute((date(2024, 1, 1), date(2024, 3, 31)))
        self.compute((date(2024, 4, 1), date(2024, 4, 30)))  # a month: not compared
        q2 = self.compute(Q2)
        q1_lines = self.lines_by_code(q1)
        q2_lines = self.lines_by_code(q2)
        # Q1: one satisfied answer (85) of one; Q2: 50 %
        self.assertEqual(q1_lines["satisfaction_rate"].value, 1.0)
        self.assertEqual(q2_lines["satisfaction_rate"].previous_value, 1.0)
        self.assertEqual(q2_lines["satisfaction_rate"].trend, "down")
        # revenue growth: no data in Q1 (nothing signed in Q1 2023): no trend
        self.assertIs(q2_lines["revenue_growth"].previous_value, False)
        self.assertIs(q2_lines["revenue_growth"].trend, False)
        self.assertEqual(q1_lines["churn_rate"].value, 0.0)
        self.assertEqual(q2_lines["churn_rate"].trend, "up")

    def test_drilldown_is_the_counted_records(self):
        expected_ids = {
            Q2: {
                "satisfaction_rate": (
                    self.answer_95 | self.answer_80,
                    self.answer_95 | self.answer_80 | self.answer_79 | self.answer_50,
                ),
                "repeat_purchase_rate": (self.p1, self.p1 | self.p2 | self.p3),
                "churn_rate": (self.l1, self.l1 | self.l2),
                "revenue_growth": (self.c2, self.c1),
                "strategic_partner_share": (self.l2, self.l2 | self.l3),
                "conversion_rate": (self.w1 | self.w2, self.w1 | self.w2 | self.x1),
                "renewal_rate": (self.c3, self.c1 | self.c3),
                "survey_coverage": (self.l2, self.l2),
                "survey_consent_missing": (
                    self.l1 | self.l3,
                    self.l1 | self.l2 | self.l3,
                ),
                "feedback_response_sla": (
                    self.t1 | self.t3 | self.t6,
                    self.t1 | self.t2 | self.t3 | self.t4 | self.t6,
                ),
                "feedback_resolution_hours": (None, self.t1 | self.t4),
            },
            YEAR: {
                "repeat_purchase_rate": (
                    self.p1 | self.p2,
                    self.p1 | self.p2 | self.p3,
                ),
                "revenue_growth": (self.c2 | self.c4 | self.c5, self.c1),
                "churn_rate": (self.l1, self.l1 | self.l2 | self.l4),
                "conversion_rate": (
                    self.w1 | self.w2,
                    self.w1 | self.w2 | self.x1 | self.x2,
                ),
                "feedback_resolution_sla": (
                    self.t1 | self.t4,
                    self.t1 | self.t2 | self.t4,
                ),
                "survey_coverage": (self.l2 | self.l4, self.l2 | self.l3 | self.l4),
                "survey_consent_missing": (
                    self.l1,
                    self.l1 | self.l2 | self.l3 | self.l4,
                ),
            },
        }
        for period, per_code in expected_ids.items():
            lines = self.lines_by_code(self.compute(period))
            for code, (numerator, denominator) in per_code.items():
                line = lines[code].with_user(self.manager)
                with self.subTest(period=period, kpi=code):
                    action = line.action_open_denominator()
                    self.assertEqual(action["res_model"], denominator._name)
                    records = (
                        self.env[action["res_model"]]
                        .with_context(active_test=False)
                        .search(action["domain"])
                    )
                    self.assertEqual(records, denominator)
                    if code not in ("revenue_growth",):
                        self.assertEqual(len(records), line.denominator)
                    if numerator is None:
                        with self.assertRaises(UserError):
                            line.action_open_numerator()
                        continue
                    action = line.action_open_numerator()
                    records = (
                        self.env[action["res_model"]]
                        .with_context(active_test=False)
                        .search(action["domain"])
                    )
                    self.assertEqual(records, numerator)
                    if code not in ("revenue_growth",):
                        self.assertEqual(len(records), line.numerator)
                    else:
                        self.assertEqual(
                            sum(records.mapped("amount_company_currency")),
                            line.numerator,
                        )

    def test_targets_per_company(self):
        Target = self.env["advisory.kpi.target"]
        targets = Target.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(targets), self.kpi_count())
        by_code = {t.kpi_code: t for t in targets}
        self.assertEqual(
            {
                code: (by_code[code].target, by_code[code].direction)
                for code in (
                    "satisfaction_rate",
                    "repeat_purchase_rate",
                    "churn_rate",
                    "revenue_growth",
                    "strategic_partner_share",
                )
            },
            {
                "satisfaction_rate": (0.9, ">="),
                "repeat_purchase_rate": (0.5, ">="),
                "churn_rate": (0.05, "<"),
                "revenue_growth": (0.1, ">="),
                "strategic_partner_share": (0.3, ">="),
            },
        )
        self.assertIs(by_code["conversion_rate"].target, False)
        # measured without a target; fewer clients without consent is better
        self.assertEqual(
            (by_code["survey_coverage"].target, by_code["survey_coverage"].direction),
            (False, ">="),
        )
        self.assertEqual(
            (
                by_code["survey_consent_missing"].target,
                by_code["survey_consent_missing"].direction,
            ),
            (False, "<="),
        )
        # a changed target applies to the next computation
        by_code["satisfaction_rate"].with_user(self.manager).write(
            {"target": 0.5, "direction": ">="}
        )
        line = self.lines_by_code(self.compute(Q2))["satisfaction_rate"]
        self.assertEqual(line.status, "met")
        # bad targets are refused with a message
        with self.assertRaisesRegex(ValidationError, "between 0 and 1"):
            by_code["churn_rate"].with_user(self.manager).write({"target": 5})
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            by_code["renewal_rate"].with_user(self.manager).write({"target": -0.1})
        # a time target in hours, a growth target may be above 100 %
        by_code["feedback_response_hours"].write({"target": 8, "direction": "<="})
        by_code["revenue_growth"].write({"target": 1.2})
        lines = self.lines_by_code(self.compute(Q2))
        self.assertEqual(lines["feedback_response_hours"].status, "met")  # 5 h
        self.assertEqual(lines["feedback_response_hours"].target_display, "≤ 8.0 h")
        self.assertEqual(lines["revenue_growth"].status, "missed")  # +50 %
        # targets removed: created again (defaults) when the KPIs are computed
        targets.unlink()
        self.compute(Q2)
        self.assertEqual(
            Target.search_count([("company_id", "=", self.company.id)]),
            self.kpi_count(),
        )

    def test_survey_coverage_counts_missing_consent_apart(self):
        """The survey coverage is measured on the active clients that consented;
        those without consent are counted in their own KPI, and together they are
        all the active clients."""
        Input = self.env["survey.user_input"]
        # the system sent nothing to the client without consent (l1), and dated
        # what it sent
        self.assertFalse(Input.search([("advisory_partner_id", "=", self.l1.id)]))
        sent = Input.search([("advisory_partner_id", "in", (self.l2 | self.l4).ids)])
        self.assertEqual(
            set(sent.mapped("advisory_sent_on")),
            {date(2024, 5, 10), date(2024, 2, 12)},
        )
        for period in (Q2, YEAR):
            lines = self.lines_by_code(self.compute(period))
            coverage = lines["survey_coverage"]
            missing = lines["survey_consent_missing"]
            with self.subTest(period=period):
                self.assertEqual(
                    coverage.denominator + missing.numerator, missing.denominator
                )
        # consent given after the quarter: l3 is without it in Q2, with it in 2024
        q2 = self.lines_by_code(self.compute(Q2))
        self.assertEqual(q2["survey_coverage"].value_display, "100.0 %")
        self.assertEqual(q2["survey_consent_missing"].value_display, "66.7 %")
        # a target on the clients without consent is an upper bound
        target = self.env["advisory.kpi.target"].search(
            [
                ("company_id", "=", self.company.id),
                ("kpi_code", "=", "survey_consent_missing"),
            ]
        )
        target.with_user(self.manager).write({"target": 0.5})
        lines = self.lines_by_code(self.compute(Q2))
        self.assertEqual(lines["survey_consent_missing"].status, "missed")
        self.assertEqual(lines["survey_consent_missing"].target_display, "≤ 50.0 %")
        lines = self.lines_by_code(self.compute(YEAR))
        self.assertEqual(lines["survey_consent_missing"].status, "met")
        # the client consents: measured in the coverage from then on, not surveyed
        self.l1.write(
            {
                "data_processing_consent": True,
                "data_processing_consent_date": "2024-01-01",
            }
        )
        lines = self.lines_by_code(self.compute(YEAR))
        self.assertEqual(
            (
                lines["survey_coverage"].numerator,
                lines["survey_coverage"].denominator,
            ),
            (2, 4),
        )
        self.assertEqual(lines["survey_consent_missing"].numerator, 0)

    def test_bad_input(self):
        with self.assertRaisesRegex(UserError, "before it starts"):
            self.compute((date(2024, 6, 30), date(2024, 4, 1)))
        with self.assertRaisesRegex(UserError, "first and the last day"):
            self.compute((False, date(2024, 4, 1)))
        self.assertFalse(
            self.env["advisory.kpi.snapshot"].search(
                [("company_id", "=", self.company.id)]
            )
        )

    def test_cron(self):
        Snapshot = self.env["advisory.kpi.snapshot"]
        with freeze_time("2024-07-03"):
            Snapshot._cron_compute_snapshots()
        snapshots = Snapshot.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted((s.period_type, s.date_from, s.date_to) for s in snapshots),
            [
                ("month", date(2024, 6, 1), date(2024, 6, 30)),
                ("quarter", date(2024, 4, 1), date(2024, 6, 30)),
            ],
        )
        self.assertKpis(
            snapshots.filtered(lambda s: s.period_type == "quarter"), EXPECTED[Q2]
        )
        # every company gets its snapshots
        self.assertTrue(
            Snapshot.sudo().search_count([("company_id", "=", self.other_company.id)])
        )
        # idempotent: a second run keeps the snapshots computed
        with freeze_time("2024-07-04"):
            Snapshot._cron_compute_snapshots()
        self.assertEqual(
            Snapshot.search([("company_id", "=", self.company.id)]), snapshots
        )
        # in January, the year that ended too
        with freeze_time("2025-01-02"):
            Snapshot._cron_compute_snapshots()
        year = Snapshot.search(
            [("company_id", "=", self.company.id), ("period_type", "=", "year")]
        )
        self.assertEqual((year.date_from, year.date_to), YEAR)
        self.assertKpis(year, EXPECTED[YEAR])

    def test_wizard(self):
        with freeze_time("2024-08-15"):
            wizard = (
                self.env["advisory.kpi.snapshot.compute"]
                .with_user(self.manager)
                .create({"period_type": "quarter"})
            )
            self.assertEqual((wizard.date_from, wizard.date_to), Q2)
            action = wizard.action_compute()
        self.assertEqual(action["res_model"], "advisory.kpi.snapshot.line")
        lines = self.env["advisory.kpi.snapshot.line"].search(action["domain"])
        self.assertEqual(len(lines), self.kpi_count())
        self.assertKpis(lines.snapshot_id, EXPECTED[Q2])
        # the dashboard menu opens the latest snapshot
        action = (
            self.env["advisory.kpi.snapshot"]
            .with_user(self.advisor)
            .action_open_latest_dashboard()
        )
        self.assertEqual(action["domain"], [("snapshot_id", "=", lines.snapshot_id.id)])


@tagged("post_install", "-at_install")
class TestKpiAccess(KpiCase):
    def test_compute_rights(self):
        for user in (self.advisor, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.compute(Q2, user=user)
        snapshot = self.compute(Q2, user=self.executive)
        self.assertEqual(len(snapshot.line_ids), self.kpi_count())

    def test_read_rights(self):
        snapshot = self.compute(Q2)
        # advisors read the snapshots and their lines, not the targets
        self.assertEqual(
            len(snapshot.with_user(self.advisor).line_ids.mapped("value")),
            self.kpi_count(),
        )
        with self.assertRaises(AccessError):
            self.env["advisory.kpi.target"].with_user(self.advisor).search([])
        with self.assertRaises(AccessError):
            snapshot.with_user(self.employee).read(["name"])
        # executives read the targets, managers edit them
        target = self.env["advisory.kpi.target"].search(
            [("company_id", "=", self.company.id), ("kpi_code", "=", "churn_rate")]
        )
        self.assertEqual(target.with_user(self.executive).target, 0.05)
        with self.assertRaises(AccessError):
            target.with_user(self.executive).write({"target": 0.1})
        target.with_user(self.manager).write({"target": 0.1})
        # nobody writes a snapshot by hand
        with self.assertRaises(AccessError):
            snapshot.line_ids[:1].with_user(self.manager).write({"value": 1.0})

    def test_multi_company(self):
        snapshot = self.compute(Q2)
        other_manager = self.env["res.users"].create(
            {
                "name": "Other Manager",
                "login": "kpi_other_manager",
                "company_id": self.other_company.id,
                "company_ids": [Command.set([self.other_company.id])],
                "groups_id": [Command.set([self.ref(MANAGER_GROUP)])],
            }
        )
        Snapshot = (
            self.env["advisory.kpi.snapshot"]
            .with_user(other_manager)
            .with_context(allowed_company_ids=[self.other_company.id])
        )
        self.assertFalse(Snapshot.search([("id", "=", snapshot.id)]))
        other = Snapshot.compute_snapshot(*Q2)
        self.assertEqual(other.company_id, self.other_company)
        lines = self.lines_by_code(other)
        # the other company's answer, client and lead only
        self.assertEqual(lines["satisfaction_rate"].denominator, 1)
        # its active client has no survey consent (this company's l2 does)
        self.assertEqual(
            (
                lines["survey_consent_missing"].numerator,
                lines["survey_consent_missing"].denominator,
            ),
            (1, 1),
        )
        self.assertEqual(lines["survey_coverage"].status, "no_data")
        self.assertEqual(lines["churn_rate"].numerator, 1)
        self.assertEqual(lines["conversion_rate"].value, 1.0)
        self.assertEqual(lines["feedback_response_sla"].denominator, 1)
        # the first snapshot is untouched
        self.assertTrue(snapshot.exists())


@tagged("post_install", "-at_install")
class TestKpiQueryCount(KpiCase):
    def _more_data(self, count):
        """``count`` more records behind every KPI of Q2."""
        for index in range(count):
            self.answer_50.copy(
                {
                    "state": "done",
                    "end_datetime": datetime(2024, 5, 6),
                    "advisory_score": 90.0,
                    "advisory_company_id": self.company.id,
                }
            )
            self.c2.sudo().copy({"signed_date": date(2024, 5, 10), "state": "active"})
            self.t1.copy(
                {
                    "date_received": datetime(2024, 5, 1),
                    "acknowledged_on": datetime(2024, 5, 1, index + 1),
                    "state": "acknowledged",
                }
            )
            self._client(f"Client {index}", [("2023-06-01", "active")])

    def _count_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        snapshot = self.compute(Q2)
        self.env.flush_all()
        return self.cr.sql_log_count - start, snapshot

    def test_query_count_does_not_grow(self):
        self.compute(Q2)  # warm-up (targets, caches)
        small, _snapshot = self._count_queries()
        self._more_data(5)
        self.compute(Q2)  # warm-up
        large, snapshot = self._count_queries()
        self.assertEqual(
            self.lines_by_code(snapshot)["satisfaction_rate"].denominator, 9
        )
        self.assertEqual(large, small)
        self._more_data(20)
        self.compute(Q2)  # warm-up
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self.compute(Q2)


@tagged("post_install", "-at_install")
class TestKpiDemo(TransactionCase):
    def test_demo_snapshots(self):
        """With demo data, the main company has the snapshots of the last four
        quarters, computed from the demo records, with trends after the first."""
        module = self.env["ir.module.module"].search(
            [("name", "=", "advisory_feedback")]
        )
        if not module.demo:
            self.skipTest("installed without demo data")
        quarters = self.env["advisory.kpi.snapshot"].search(
            [
                ("company_id", "=", self.env.ref("base.main_company").id),
                ("period_type", "=", "quarter"),
            ],
            order="date_from",
        )
        self.assertGreaterEqual(len(quarters), 4)
        for older, newer in zip(quarters, quarters[1:], strict=False):
            self.assertEqual(newer.date_from, older.date_to + relativedelta(days=1))
        lines = quarters.line_ids
        # computed when this addon's demo data was loaded: its own KPIs, and those
        # of the addons whose demo data computed them again (a KPI a later addon
        # adds is measured from the next snapshot on); the same in every quarter
        own = self.env["advisory.kpi.definition"].browse(
            self.env["ir.model.data"]
            .search(
                [
                    ("model", "=", "advisory.kpi.definition"),
                    ("module", "=", "advisory_feedback"),
                ]
            )
            .mapped("res_id")
        )
        codes = set(lines.mapped("kpi_code"))
        self.assertLessEqual(set(own.mapped("code")), codes)
        self.assertEqual(len(lines), len(codes) * len(quarters))
        # the demo clients are active (history dated back): measured every quarter
        strategic = lines.filtered(
            lambda line: line.kpi_code == "strategic_partner_share"
        )
        self.assertTrue(all(line.status in ("met", "missed") for line in strategic))
        self.assertTrue(quarters[-1].line_ids.filtered("trend"))
        # the demo surveys were sent over the last months to clients that all
        # consented: each quarter measures the coverage, none lacks the consent
        coverage = lines.filtered(lambda line: line.kpi_code == "survey_coverage")
        self.assertTrue(all(line.denominator for line in coverage))
        self.assertTrue(any(line.numerator for line in coverage))
        missing = lines.filtered(lambda line: line.kpi_code == "survey_consent_missing")
        self.assertEqual(set(missing.mapped("numerator")), {0})
