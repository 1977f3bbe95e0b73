"""Refusals of the risk rating through XML-RPC: the caller gets the message,
nothing is written."""

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestRiskRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="risk_rpc_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.officer = new_test_user(
            cls.env,
            login="risk_rpc_officer",
            groups="advisory_risk_rating.group_advisory_risk_officer",
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Rpc Risk Co",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.model = cls.env.ref("advisory_risk_rating.risk_model_default")

    def test_assessment_refusals(self):
        adv, off = "risk_rpc_advisor", "risk_rpc_officer"
        action = self._call(adv, "res.partner", "action_rate_risk", [self.client.id])
        assessment_id = action["res_id"]
        Assessment = "advisory.risk.assessment"
        self._refused(
            "cannot be edited directly",
            adv,
            Assessment,
            "write",
            [assessment_id],
            {"score": 99.0},
        )
        self._refused(
            "Only Advisory / Risk Officer can change Override Grade",
            adv,
            Assessment,
            "write",
            [assessment_id],
            {"override_grade": "AAA", "override_reason": "why not"},
        )
        self._refused(
            "reason for overriding",
            off,
            Assessment,
            "write",
            [assessment_id],
            {"override_grade": "AAA"},
        )
        self._refused(
            "changes through its buttons",
            adv,
            Assessment,
            "write",
            [assessment_id],
            {"state": "validated"},
        )
        self._call(adv, Assessment, "action_submit", [assessment_id])
        self._refused(
            "cannot be submitted", adv, Assessment, "action_submit", [assessment_id]
        )
        self._refused(
            "not a reviewer", adv, Assessment, "validate_tier", [assessment_id]
        )
        state = self._call(adv, Assessment, "read", [assessment_id], ["state", "grade"])
        self.assertEqual(state[0]["state"], "to_validate")
        self.assertTrue(self._call(off, Assessment, "validate_tier", [assessment_id]))
        state = self._call(adv, Assessment, "read", [assessment_id], ["state"])
        self.assertEqual(state[0]["state"], "validated")

    def test_model_refusals(self):
        factor = self.model.factor_ids[:1]
        self._refused(
            "must add up to 100",
            "risk_rpc_officer",
            "advisory.risk.model",
            "write",
            [self.model.id],
            {"factor_ids": [(1, factor.id, {"weight": factor.weight + 7})]},
        )
        self.assertEqual(sum(self.model.factor_ids.mapped("weight")), 100)
        self._refused(
            "not allowed to modify",
            "risk_rpc_advisor",
            "advisory.risk.model",
            "write",
            [self.model.id],
            {"missing_points": 0},
        )
        self._refused(
            "between 0 and 100",
            "risk_rpc_officer",
            "advisory.risk.model",
            "write",
            [self.model.id],
            {"missing_points": 150},
        )
