from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase

from .common import RiskCase


@freeze_time("2026-03-01")
class TestPolicy(RiskCase, EngagementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_a.write(
            {
                "industry_id": cls.industry_low.id,
                "country_id": cls.country_low.id,
                "management_stability": "5",
            }
        )
        cls.tier = cls.env.ref(
            "advisory_risk_rating.tier_definition_contract_risk_officer"
        )

    def _financing_contract(self, **values):
        vals = {"financing_term_months": 12, "margin_ratio": 60}
        vals.update(values)
        return self._contract(**vals)

    def test_term_above_the_maximum_is_refused(self):
        self._validated(self.client_a, override="BB")  # high: 24 months, 30 %
        contract = self._financing_contract(financing_term_months=36)
        with self.assertRaisesRegex(
            UserError, "maximum for a client of high risk is 24 months"
        ):
            contract.action_submit()
        self.assertEqual(contract.state, "draft")
        contract.financing_term_months = 24
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")

    def test_margin_below_the_minimum_is_refused(self):
        self._validated(self.client_a, override="C")  # critical: 12 months, 50 %
        contract = self._financing_contract(margin_ratio=40)
        with self.assertRaisesRegex(
            UserError, "minimum for a client of critical risk is 50.0 %"
        ):
            contract.action_submit()
        self.assertEqual(contract.state, "draft")

    def test_no_financing_no_controls(self):
        self._validated(self.client_a, override="C")
        contract = self._contract()
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")

    def test_extra_risk_officer_tier(self):
        self._validated(self.client_a, override="BB")
        contract = self._financing_contract()
        self.assertEqual(contract.partner_risk_level, "high")
        contract.action_submit()
        officer_group = self.env.ref("advisory_risk_rating.group_advisory_risk_officer")
        self.assertIn(officer_group, self._reviewer_groups(contract))
        contract.with_user(self.legal).validate_tier()
        self.assertEqual(contract.state, "to_approve", "the risk officer's turn")
        # the level is frozen at submission
        self._validated(self.client_a, override="AA")
        self.assertEqual(self.client_a.risk_level, "low")
        self.assertEqual(contract.partner_risk_level, "high")
        contract.with_user(self.officer).validate_tier()
        self.assertEqual(contract.state, "approved")

    def test_low_risk_no_extra_tier(self):
        self._validated(self.client_a, override="AA")
        contract = self._financing_contract()
        contract.action_submit()
        officer_group = self.env.ref("advisory_risk_rating.group_advisory_risk_officer")
        self.assertNotIn(officer_group, self._reviewer_groups(contract))

    def test_tier_domain_follows_the_policies(self):
        self.assertEqual(
            self.tier.definition_domain,
            "[('partner_risk_level', 'in', ['critical', 'high'])]",
        )
        self.policies["medium"].with_user(self.officer).extra_approval = True
        self.assertEqual(
            self.tier.definition_domain,
            "[('partner_risk_level', 'in', ['critical', 'high', 'medium'])]",
        )
        self.policies["high"].with_user(self.officer).extra_approval = False
        self.assertEqual(
            self.tier.definition_domain,
            "[('partner_risk_level', 'in', ['critical', 'medium'])]",
        )

    def test_policy_service_level(self):
        self._validated(self.client_a, override="BB")
        self.assertEqual(self.client_a.service_level, "dedicated")
        self.policies["high"].with_user(self.officer).service_level = "pooled"
        self.assertEqual(self.client_a.service_level, "pooled")
        self.assertEqual(self.client_a.risk_segment, "- · High")

    def test_controls_follow_the_policies_as_they_change(self):
        # the policies of a company are cached: each change reaches the clients
        # and the contract checks at once
        self._validated(self.client_a, override="BB")  # high: 24 months
        self.assertEqual(self.client_a.risk_max_term_months, 24)
        self.policies["high"].unlink()
        self.env.invalidate_all()
        self.assertFalse(self.client_a.risk_policy_id)
        self._financing_contract(financing_term_months=36).action_submit()
        policy = (
            self.env["advisory.risk.policy"]
            .with_user(self.officer)
            .create({"risk_level": "high", "max_term_months": 12})
        )
        self.env.invalidate_all()
        self.assertEqual(self.client_a.risk_policy_id, policy)
        self.assertEqual(self.client_a.risk_max_term_months, 12)
        contract = self._financing_contract(financing_term_months=24)
        with self.assertRaisesRegex(
            UserError, "maximum for a client of high risk is 12 months"
        ):
            contract.action_submit()
        self.policies["critical"].unlink()
        self.env.invalidate_all()
        self.assertEqual(self.client_a.risk_policy_id, policy)
        policy.with_user(self.officer).risk_level = "critical"
        self.env.invalidate_all()
        self.assertFalse(self.client_a.risk_policy_id)
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")

    def test_no_policies_of_a_company_the_user_does_not_work_in(self):
        other = self.env["res.company"].create({"name": "Other firm (test)"})
        Policy = self.env["advisory.risk.policy"]
        Policy.search([("company_id", "=", other.id)]).unlink()
        policy = Policy.create({"company_id": other.id, "risk_level": "high"})
        self.assertEqual(Policy._get_policies(other), {"high": policy})  # cached
        self.assertEqual(Policy.with_user(self.advisor_a)._get_policies(other), {})
        self.assertEqual(
            Policy.with_user(self.advisor_a)._get_policies(self.company),
            self.policies,
        )
        with self.assertRaises(AccessError):
            Policy.with_user(self.employee)._get_policies(self.company)

    def test_contract_fields_validated(self):
        with self.assertRaisesRegex(ValidationError, "percentage between 0 and 100"):
            self._contract(margin_ratio=120)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._contract(financing_term_months=-3)
