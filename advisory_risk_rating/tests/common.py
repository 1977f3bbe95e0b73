from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.advisory_client_mgmt.tests.common import AdvisoryCase


class RiskCase(AdvisoryCase):
    """Advisory users and clients, a risk officer, the shipped scoring model and
    policies, and industry and region risk tables for the fixture clients."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="risk_officer_t",
            groups="advisory_risk_rating.group_advisory_risk_officer",
        )
        cls.model = cls.env.ref("advisory_risk_rating.risk_model_default")
        # other active models (none shipped) would be ambiguous
        cls.env["advisory.risk.model"].search([("id", "!=", cls.model.id)]).write(
            {"active": False}
        )
        Industry = cls.env["res.partner.industry"]
        cls.industry_low = Industry.create({"name": "Utilities (test)"})
        cls.industry_medium = Industry.create({"name": "Retail (test)"})
        cls.industry_high = Industry.create({"name": "Construction (test)"})
        cls.industry_critical = Industry.create({"name": "Speculation (test)"})
        cls.env["advisory.industry.risk"].create(
            [
                {"industry_id": cls.industry_low.id, "risk_level": "low"},
                {"industry_id": cls.industry_medium.id, "risk_level": "medium"},
                {"industry_id": cls.industry_high.id, "risk_level": "high"},
                {"industry_id": cls.industry_critical.id, "risk_level": "critical"},
            ]
        )
        cls.country_low = cls.env.ref("base.ch")
        cls.env["advisory.region.risk"].search(
            [("country_id", "=", cls.country_low.id)]
        ).unlink()
        cls.env["advisory.region.risk"].create(
            {"country_id": cls.country_low.id, "risk_level": "low"}
        )
        cls.policies = cls.env["advisory.risk.policy"]._get_policies(cls.company)

    @classmethod
    def _client(cls, name, advisor=None, **values):
        vals = {
            "name": name,
            "is_company": True,
            "is_advisory_client": True,
            "relationship_manager_id": (advisor or cls.advisor_a).id,
        }
        vals.update(values)
        return cls.env["res.partner"].create(vals)

    @classmethod
    def _perfect_client(cls, name, **values):
        """A client scoring 100: low debt, strong margin and liquidity, a clean
        credit history, low industry and region risk, very stable management."""
        vals = {
            "industry_id": cls.industry_low.id,
            "country_id": cls.country_low.id,
            "management_stability": "5",
        }
        vals.update(values)
        client = cls._client(name, **vals)
        cls.env["advisory.financial.statement"].create(
            cls._statement_vals(
                client,
                total_liabilities=300.0,
                current_liabilities=200.0,
                current_assets=500.0,
                net_profit=400.0,
            )
        )
        cls.env["advisory.credit.record"].create(
            {
                "partner_id": client.id,
                "date": date(2025, 6, 1),
                "record_type": "bank_loan",
                "amount": 100000,
            }
        )
        return client

    def _rate(self, partner, user=None):
        """A computed draft assessment of ``partner`` by ``user`` (its advisor)."""
        action = partner.with_user(user or self.advisor_a).action_rate_risk()
        return self.env["advisory.risk.assessment"].browse(action["res_id"])

    def _validated(self, partner, override=None):
        """Rate ``partner``, submit, validate as the risk officer (overriding the
        grade when given)."""
        assessment = self._rate(partner)
        assessment.with_user(self.advisor_a).action_submit()
        if override:
            assessment.with_user(self.officer).write(
                {"override_grade": override, "override_reason": "Test override"}
            )
        assessment.with_user(self.officer).validate_tier()
        self.assertEqual(assessment.state, "validated")
        return assessment

    @staticmethod
    def _create_line(values):
        return Command.create(values)
