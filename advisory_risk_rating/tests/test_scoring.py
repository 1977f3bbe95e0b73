from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError

from .common import RiskCase


@freeze_time("2026-03-01")
class TestScoring(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # hand-computed: see test_full_client
        cls.full = cls._client(
            "Full Inputs Ltd",
            industry_id=cls.industry_medium.id,
            country_id=cls.country_low.id,
            management_stability="4",
        )
        cls.env["advisory.financial.statement"].create(cls._statement_vals(cls.full))
        cls.env["advisory.credit.record"].create(
            [
                {
                    "partner_id": cls.full.id,
                    "date": date(2025, 1, 10),
                    "record_type": "bank_loan",
                    "amount": 500000,
                },
                {
                    "partner_id": cls.full.id,
                    "date": date(2025, 9, 10),
                    "record_type": "overdue",
                    "amount": 20000,
                },
                {
                    # older than 36 months: not counted
                    "partner_id": cls.full.id,
                    "date": date(2022, 1, 10),
                    "record_type": "default",
                    "amount": 20000,
                },
            ]
        )
        cls.empty = cls._client("No Data Ltd")

    def _lines(self, assessment):
        return {line.factor_id.code: line for line in assessment.line_ids}

    def test_full_client(self):
        assessment = self._rate(self.full)
        lines = self._lines(assessment)
        expected = {
            # code: (raw value, points, contribution)
            "debt_ratio": (0.45, 70, 14.0),  # 450 / 1000, weight 20
            "net_margin": (0.075, 70, 10.5),  # 150 / 2000, weight 15
            "current_ratio": (2.0, 100, 10.0),  # 600 / 300, weight 10
            "credit_history": (1, 60, 12.0),  # one overdue in 36 months, weight 20
            "industry_risk": (2, 70, 7.0),  # medium, weight 10
            "management": (4, 80, 8.0),  # stability 4, no change, weight 10
            "exposure": (0, 100, 10.0),  # no open contract, weight 10
            "region_risk": (1, 100, 5.0),  # low, weight 5
            # licence and legal representative's ID required, none there: shown,
            # weight 0
            "document_completeness": (0.0, 20, 0.0),
        }
        self.assertEqual(set(lines), set(expected))
        for code, (raw, points, contribution) in expected.items():
            line = lines[code]
            self.assertAlmostEqual(line.raw_value, raw, msg=code)
            self.assertEqual(line.points, points, code)
            self.assertAlmostEqual(line.contribution, contribution, msg=code)
            self.assertFalse(line.missing, code)
        self.assertAlmostEqual(assessment.score, 76.5)
        self.assertEqual(assessment.grade, "A")
        self.assertEqual(assessment.risk_level, "medium")
        self.assertEqual(assessment.state, "draft")
        self.assertFalse(self.full.risk_grade, "a draft does not rate the client")

    def test_missing_inputs(self):
        assessment = self._rate(self.empty)
        lines = self._lines(assessment)
        missing = {code for code, line in lines.items() if line.missing}
        self.assertEqual(
            missing,
            {
                "debt_ratio",
                "net_margin",
                "current_ratio",
                "credit_history",
                "industry_risk",
                "management",
                "region_risk",
            },
        )
        for code in missing:
            self.assertEqual(lines[code].points, 20, "the model's missing points")
            self.assertIs(lines[code].raw_value, False, "empty, not 0")
        self.assertFalse(lines["exposure"].missing, "no exposure is a fact: 0")
        # 20 points x (20+15+10+20+10+10+5) % + 100 x 10 %
        self.assertAlmostEqual(assessment.score, 28.0)
        self.assertEqual(assessment.grade, "C")
        self.assertEqual(assessment.risk_level, "critical")
        self.assertEqual(assessment.missing_count, 7)

    def test_missing_points_rule_is_the_models(self):
        self.model.missing_points = 0
        assessment = self._rate(self.empty)
        self.assertAlmostEqual(assessment.score, 10.0)

    def test_grade_boundaries(self):
        expected = [
            (100, "AAA"),
            (90, "AAA"),
            (89.99, "AA"),
            (80, "AA"),
            (79.99, "A"),
            (70, "A"),
            (60, "BBB"),
            (59.99, "BB"),
            (50, "BB"),
            (40, "B"),
            (39.99, "C"),
            (0, "C"),
        ]
        for score, grade in expected:
            self.assertEqual(self.model._grade_for(score)[0], grade, score)

    def test_client_on_the_aaa_boundary(self):
        perfect = self._perfect_client("Perfect Co")
        self.assertAlmostEqual(self._rate(perfect).score, 100.0)
        # stability 3 (60 x 10 %) and high industry (40 x 10 %): 100 - 4 - 6 = 90
        boundary = self._perfect_client(
            "Boundary Co", management_stability="3", industry_id=self.industry_high.id
        )
        assessment = self._rate(boundary)
        self.assertAlmostEqual(assessment.score, 90.0)
        self.assertEqual(assessment.grade, "AAA")
        # critical industry instead: 100 - 9 - 4 = 87
        below = self._perfect_client(
            "Below Co",
            management_stability="3",
            industry_id=self.industry_critical.id,
        )
        assessment = self._rate(below)
        self.assertAlmostEqual(assessment.score, 87.0)
        self.assertEqual(assessment.grade, "AA")

    def test_management_change_lowers_stability(self):
        self.env["advisory.management.event"].create(
            {
                "partner_id": self.full.id,
                "date": date(2026, 1, 5),
                "event_type": "ceo",
            }
        )
        lines = self._lines(self._rate(self.full))
        self.assertEqual(lines["management"].raw_value, 3)
        self.assertEqual(lines["management"].points, 60)

    def test_exposure_from_leads(self):
        self.env["crm.lead"].create(
            {
                "name": "Financing need",
                "partner_id": self.full.id,
                "expected_financing_amount": 6_000_000,
            }
        )
        lines = self._lines(self._rate(self.full))
        self.assertEqual(lines["exposure"].raw_value, 6_000_000)
        self.assertEqual(lines["exposure"].points, 40)

    def test_weights_must_add_up_to_100(self):
        factor = self.model.factor_ids.filtered(lambda f: f.code == "region_risk")
        with self.assertRaisesRegex(ValidationError, "add up to 105"):
            self.model.write(
                {"factor_ids": [Command.update(factor.id, {"weight": 10})]}
            )
        # moving weight between two factors in one save is fine
        debt = self.model.factor_ids.filtered(lambda f: f.code == "debt_ratio")
        self.model.write(
            {
                "factor_ids": [
                    Command.update(factor.id, {"weight": 10}),
                    Command.update(debt.id, {"weight": 15}),
                ]
            }
        )
        self.assertEqual(self.model.weight_total, 100)

    def test_compute_refuses_bad_weights(self):
        # a factor edited on its own bypasses the model form: compute refuses
        self.model.factor_ids[:1].weight += 5
        with self.assertRaisesRegex(ValidationError, "add up to 105"):
            self._rate(self.full)

    def test_one_active_model_per_company(self):
        with self.assertRaisesRegex(ValidationError, "Only one scoring model"):
            self.model.copy({"name": "Second"})
