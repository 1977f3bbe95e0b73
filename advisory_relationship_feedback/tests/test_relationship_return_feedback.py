from datetime import date

from odoo.tests import tagged

from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase
from odoo.addons.advisory_feedback.tests.common import FeedbackCase

KPI = "relationship_cost_ratio"


def _cost(env, name, amount, day, **values):
    # the system's costs (as the greetings' and the rewards' are booked)
    return (
        env["advisory.relationship.cost"]
        .sudo()
        .create(
            {
                "name": name,
                "amount": amount,
                "date": day,
                "category": "care",
                "budget_override": True,
                **values,
            }
        )
    )


@tagged("post_install", "-at_install")
class TestRelationshipCostRatio(EngagementCase):
    """The KPI: relationship costs of the period ÷ value of the contracts signed in
    it (company currency)."""

    def _values(self, date_from, date_to):
        return self.env["advisory.kpi.snapshot"]._kpi_values(
            self.engagement.company_id, date_from, date_to, [KPI]
        )[KPI]

    def test_cost_ratio_has_its_target_from_the_installation(self):
        """The managers' KPI targets list the ratio before any snapshot: the
        bridge gives it its default target in every company when installed."""
        target = self.env["advisory.kpi.target"].search(
            [
                ("kpi_code", "=", KPI),
                ("company_id", "=", self.env.ref("base.main_company").id),
            ]
        )
        self.assertEqual(len(target), 1)
        self.assertEqual(target.direction, "<=")

    def test_cost_ratio_of_the_period(self):
        jan = (date(2026, 1, 1), date(2026, 1, 31))
        # what the demo data already holds in January 2026
        cost_before, signed_before, _value = self._values(*jan)
        self._signed_contract()  # 500,000 signed on 5 January 2026
        company = self.engagement.company_id
        _cost(self.env, "Card", 1200, date(2026, 1, 10), company_id=company.id)
        _cost(self.env, "Gift", 300, date(2026, 1, 31), company_id=company.id)
        _cost(self.env, "February gift", 999, date(2026, 2, 1), company_id=company.id)
        numerator, denominator, value = self._values(*jan)
        self.assertAlmostEqual(numerator, cost_before + 1500)
        self.assertAlmostEqual(denominator, signed_before + 500000)
        self.assertAlmostEqual(value, numerator / denominator)
        # in the snapshot a manager computes, from the registry
        snapshot = (
            self.env["advisory.kpi.snapshot"]
            .with_user(self.manager)
            .compute_snapshot(*jan)
        )
        line = snapshot.line_ids.filtered(lambda line: line.kpi_code == KPI)
        self.assertAlmostEqual(line.value, value)
        self.assertEqual(line.unit, "percent")

    def test_no_signed_value_no_data(self):
        period = (date(2031, 7, 1), date(2031, 7, 31))
        _cost(self.env, "Summer gift", 250, date(2031, 7, 2))
        numerator, denominator, value = self._values(*period)
        self.assertAlmostEqual(numerator, 250)
        self.assertFalse(denominator)
        self.assertIs(value, False)
        snapshot = (
            self.env["advisory.kpi.snapshot"]
            .with_user(self.manager)
            .compute_snapshot(*period)
        )
        line = snapshot.line_ids.filtered(lambda line: line.kpi_code == KPI)
        self.assertEqual(line.status, "no_data")


@tagged("post_install", "-at_install")
class TestReturnReportSatisfaction(FeedbackCase):
    def test_satisfaction_of_the_month_next_to_the_cost(self):
        questions = len(self.csat.question_ids)
        answers = [
            self._answer(self._new_answer(self.csat), levels=[level] * questions)
            for level in (4, 1)
        ]
        scores = [answer.advisory_score for answer in answers]
        self.assertNotIn(False, scores)
        day = answers[0].end_datetime.date()
        _cost(self.env, "Card", 100, day, partner_id=self.client_a.id)
        _cost(self.env, "Card", 100, day, partner_id=self.client_b.id)
        self.env.flush_all()
        Report = self.env["advisory.relationship.return.report"].with_user(self.manager)
        alpha = Report.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(alpha.date, day.replace(day=1))
        self.assertAlmostEqual(alpha.satisfaction, sum(scores) / 2)
        beta = Report.search([("partner_id", "=", self.client_b.id)])
        self.assertIs(beta.satisfaction, False, "no answer: no satisfaction")
