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

    def test_service_matrix_over_rpc(self):
        """Advisors read the service matrix, managers and risk officers edit it;
        what it applied is the system's."""
        new_test_user(
            self.env,
            login="risk_rpc_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        row = self.env.ref("advisory_risk_rating.service_matrix_a_low")
        Matrix = "advisory.service.matrix"
        [read] = self._call(
            "risk_rpc_advisor",
            Matrix,
            "read",
            [row.id],
            ["value_tier", "risk_level", "dedicated_rm_required"],
        )
        self.assertEqual((read["value_tier"], read["risk_level"]), ("A", "low"))
        self.assertTrue(read["dedicated_rm_required"])
        self._refused(
            "not allowed to modify",
            "risk_rpc_advisor",
            Matrix,
            "write",
            [row.id],
            {"dedicated_rm_required": False},
        )
        self._refused(
            "ten years",
            "risk_rpc_manager",
            Matrix,
            "write",
            [row.id],
            {"contact_interval_number": 400},
        )
        self.assertTrue(
            self._call(
                "risk_rpc_manager",
                Matrix,
                "write",
                [row.id],
                {"contact_interval_number": 2},
            )
        )
        self.assertTrue(
            self._call(
                "risk_rpc_officer",
                Matrix,
                "write",
                [row.id],
                {"no_contact_grace_days": 21},
            )
        )
        self.assertEqual(
            (row.contact_interval_number, row.no_contact_grace_days, row.plan_revision),
            (2, 21, 1),
        )
        self._refused(
            "cannot be edited directly",
            "risk_rpc_manager",
            Matrix,
            "write",
            [row.id],
            {"plan_revision": 0},
        )
        self._refused(
            "cannot be edited directly",
            "risk_rpc_manager",
            "res.partner",
            "write",
            [self.client.id],
            {"service_matrix_id": row.id},
        )
