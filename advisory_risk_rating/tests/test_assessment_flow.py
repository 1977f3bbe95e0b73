from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import RiskCase


@freeze_time("2026-03-01")
class TestAssessmentFlow(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._perfect_client("Flow Co")

    def test_submit_validate(self):
        assessment = self._rate(self.client)
        self.assertEqual(assessment.grade, "AAA")
        assessment.with_user(self.advisor_a).action_submit()
        self.assertEqual(assessment.state, "to_validate")
        self.assertTrue(assessment.review_ids)
        # the advisor is no reviewer: refused, nothing happens
        with self.assertRaisesRegex(AccessError, "not a reviewer"):
            assessment.with_user(self.advisor_a).validate_tier()
        self.assertEqual(assessment.state, "to_validate")
        assessment.with_user(self.officer).validate_tier()
        self.assertEqual(assessment.state, "validated")
        self.assertEqual(assessment.validated_on, date(2026, 3, 1))
        # low risk: the policy reviews every 730 days
        self.assertEqual(assessment.valid_until, date(2028, 2, 29))
        self.assertEqual(self.client.risk_assessment_id, assessment)
        self.assertEqual(self.client.risk_grade, "AAA")
        self.assertEqual(self.client.risk_level, "low")
        self.assertAlmostEqual(self.client.risk_score, 100.0)
        self.assertEqual(self.client.risk_rated_on, date(2026, 3, 1))
        self.assertEqual(self.client.risk_next_review, date(2028, 2, 29))
        self.assertEqual(self.client.risk_policy_id, self.policies["low"])
        self.assertEqual(self.client.risk_max_term_months, 60)

    def test_new_rating_supersedes_the_old_one(self):
        first = self._validated(self.client)
        second = self._validated(self.client, override="BB")
        self.assertEqual(first.state, "superseded")
        self.assertEqual(self.client.risk_assessment_id, second)
        self.assertEqual(self.client.risk_grade, "BB")
        self.assertEqual(self.client.risk_level, "high")
        self.assertEqual(second.previous_grade, "AAA")
        self.assertTrue(second.is_downgrade)
        # high risk: reviewed every 180 days
        self.assertEqual(self.client.risk_next_review, date(2026, 8, 28))
        self.assertEqual(
            self.client.risk_assessment_count, 2, "the history stays on the client"
        )
        with self.assertRaises(UserError):
            first.unlink()

    def test_reject_goes_back_to_draft(self):
        assessment = self._rate(self.client)
        assessment.action_submit()
        assessment.with_user(self.officer).reject_tier()
        self.assertEqual(assessment.state, "draft")
        self.assertFalse(self.client.risk_grade)

    def test_override_needs_a_reason_and_an_officer(self):
        assessment = self._rate(self.client)
        with self.assertRaises(AccessError):
            assessment.with_user(self.advisor_a).write(
                {"override_grade": "B", "override_reason": "Gut feeling"}
            )
        with self.assertRaisesRegex(ValidationError, "reason for overriding"):
            assessment.with_user(self.officer).write({"override_grade": "B"})
        assessment.with_user(self.officer).write(
            {"override_grade": "B", "override_reason": "Pending lawsuit"}
        )
        self.assertEqual(assessment.grade, "B")
        self.assertEqual(assessment.computed_grade, "AAA")
        self.assertEqual(assessment.risk_level, "high")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = assessment.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "override_grade"
        )
        self.assertEqual(tracked.new_value_char, "B")

    def test_results_come_from_the_computation(self):
        assessment = self._rate(self.client)
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            assessment.with_user(self.advisor_a).write({"score": 12.0})
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self.env["advisory.risk.assessment"].with_user(self.advisor_a).create(
                {"partner_id": self.client.id, "computed_grade": "AAA"}
            )
        with self.assertRaises(AccessError):
            assessment.line_ids[:1].with_user(self.advisor_a).write({"points": 100})
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            assessment.with_user(self.advisor_a).write({"state": "validated"})

    def test_submit_needs_a_computation(self):
        assessment = (
            self.env["advisory.risk.assessment"]
            .with_user(self.advisor_a)
            .create({"partner_id": self.client.id})
        )
        with self.assertRaisesRegex(UserError, "Compute assessment"):
            assessment.action_submit()
        assessment.action_compute()
        assessment.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be computed"):
            assessment.action_compute()

    def test_cancel_and_reset(self):
        assessment = self._rate(self.client)
        assessment.action_submit()
        assessment.action_cancel()
        self.assertEqual(assessment.state, "cancelled")
        self.assertFalse(assessment.review_ids)
        with self.assertRaises(UserError):
            assessment.action_submit()
        assessment.action_draft()
        self.assertEqual(assessment.state, "draft")
        assessment.action_submit()
        assessment.with_user(self.officer).validate_tier()
        self.assertEqual(assessment.state, "validated")
        with self.assertRaises(UserError):
            assessment.action_cancel()

    def test_project_assessment_keeps_the_client_rating(self):
        project = self.env["project.project"].create(
            {"name": "Flow project", "partner_id": self.client.id}
        )
        assessment = self.env["advisory.risk.assessment"].create(
            {"partner_id": self.client.id, "project_id": project.id}
        )
        assessment.action_compute()
        assessment.action_submit()
        assessment.with_user(self.officer).validate_tier()
        self.assertEqual(assessment.state, "validated")
        self.assertFalse(self.client.risk_grade)
        other = self._client("Other Co")
        with self.assertRaisesRegex(ValidationError, "is not a project of"):
            assessment.copy({"partner_id": other.id})
