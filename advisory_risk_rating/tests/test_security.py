from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import RiskCase


@freeze_time("2026-03-01")
class TestRiskSecurity(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls._perfect_client("Secure Co")
        cls.assessment = cls._rate_class(cls.client)
        cls.company_2_officer = new_test_user(
            cls.env,
            login="risk_officer_c2",
            groups="advisory_risk_rating.group_advisory_risk_officer",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )

    @classmethod
    def _rate_class(cls, partner):
        action = partner.with_user(cls.advisor_a).action_rate_risk()
        return cls.env["advisory.risk.assessment"].browse(action["res_id"])

    def test_advisor_drafts_but_cannot_validate(self):
        assessment = self.assessment.with_user(self.advisor_a)
        assessment.action_submit()
        with self.assertRaisesRegex(AccessError, "not a reviewer"):
            assessment.validate_tier()
        self.assertEqual(assessment.state, "to_validate")
        with self.assertRaises(AccessError):
            assessment.review_ids.with_user(self.advisor_a).write(
                {"status": "approved"}
            )
        self.assertEqual(assessment.state, "to_validate")

    def test_advisor_sees_own_clients_only(self):
        Assessment = self.env["advisory.risk.assessment"]
        self.assertIn(self.assessment, Assessment.with_user(self.advisor_a).search([]))
        self.assertNotIn(
            self.assessment, Assessment.with_user(self.advisor_b).search([])
        )
        with self.assertRaises(AccessError):
            self.assessment.with_user(self.advisor_b).read(["score"])
        with self.assertRaises(AccessError):
            self.assessment.line_ids.with_user(self.advisor_b).read(["points"])
        with self.assertRaises(AccessError):
            self.env["advisory.risk.assessment"].with_user(self.advisor_b).create(
                {"partner_id": self.client.id}
            )
        record = self.env["advisory.credit.record"].search(
            [("partner_id", "=", self.client.id)]
        )
        with self.assertRaises(AccessError):
            record.with_user(self.advisor_b).read(["amount"])

    def test_manager_and_officer_read_all(self):
        for user in (self.manager, self.officer):
            self.assertEqual(
                self.assessment.with_user(user).read(["score"])[0]["score"], 100.0
            )
        with self.assertRaises(AccessError):
            self.assessment.with_user(self.company_2_officer).read(["score"])

    def test_advisor_cannot_edit_configuration(self):
        model = self.model.with_user(self.advisor_a)
        self.assertTrue(model.read(["name"]))
        with self.assertRaises(AccessError):
            model.write({"missing_points": 0})
        with self.assertRaises(AccessError):
            model.factor_ids[:1].write({"weight": 0})
        with self.assertRaises(AccessError):
            self.policies["high"].with_user(self.advisor_a).write(
                {"max_term_months": 120}
            )
        with self.assertRaises(AccessError):
            self.env["advisory.industry.risk"].with_user(self.advisor_a).create(
                {
                    "industry_id": self.env["res.partner.industry"]
                    .create({"name": "X"})
                    .id
                }
            )
        with self.assertRaises(AccessError):
            self.policies["high"].with_user(self.manager).write({"max_term_months": 1})

    def test_officer_configures(self):
        self.model.with_user(self.officer).write({"missing_points": 10})
        self.policies["high"].with_user(self.officer).write({"max_term_months": 18})
        self.assertEqual(self.policies["high"].max_term_months, 18)

    def test_plain_employee_has_no_access(self):
        for model in (
            "advisory.risk.assessment",
            "advisory.risk.model",
            "advisory.risk.policy",
            "advisory.risk.alert",
            "advisory.credit.record",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).search([])
