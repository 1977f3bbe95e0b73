"""Refusals of the engagement flow through XML-RPC: the caller gets the message, the
record is unchanged and nothing is created."""

from datetime import date

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase
from .rpc_common import create_command as _create_line


@tagged("post_install", "-at_install")
class TestEngagementRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="eng_rpc_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="eng_rpc_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.legal = new_test_user(
            cls.env,
            login="eng_rpc_legal",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Omega Logistics",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.engagement = cls.env["advisory.engagement"].create(
            {"partner_id": cls.client.id, "relationship_manager_id": cls.advisor.id}
        )

    def _contract_vals(self, **values):
        vals = {
            "engagement_id": self.engagement.id,
            "fee_type": "fixed",
            "amount": 200000.0,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "payment_line_ids": [
                _create_line({"date_due": "2026-03-31", "amount": 200000.0})
            ],
        }
        vals.update(values)
        return vals

    def test_proposal_refusals(self):
        adv = "eng_rpc_advisor"
        proposal_id = self._call(
            adv,
            "advisory.proposal",
            "create",
            {"engagement_id": self.engagement.id, "fee_estimate": 1000.0},
        )
        proposal = self.env["advisory.proposal"].browse(proposal_id)
        self._refused(
            "risk disclosure", adv, "advisory.proposal", "action_submit", [proposal_id]
        )
        self._refused(
            "cannot", adv, "advisory.proposal", "action_present", [proposal_id]
        )
        self._refused(
            "changes through its buttons",
            adv,
            "advisory.proposal",
            "write",
            [proposal_id],
            {"state": "approved"},
        )
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "draft")
        # through the review as the right user, then the approved proposal is read-only
        self._call(
            adv,
            "advisory.proposal",
            "write",
            [proposal_id],
            {"risk_disclosure": "<p>Risks</p>"},
        )
        self._call(adv, "advisory.proposal", "action_submit", [proposal_id])
        self._refused(
            "not a reviewer", adv, "advisory.proposal", "validate_tier", [proposal_id]
        )
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "to_review", "an advisor cannot approve")
        self._call(
            "eng_rpc_manager", "advisory.proposal", "validate_tier", [proposal_id]
        )
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "approved")
        self._refused(
            "can no longer change",
            adv,
            "advisory.proposal",
            "write",
            [proposal_id],
            {"fee_estimate": 1.0},
        )
        proposal.invalidate_recordset()
        self.assertEqual(proposal.fee_estimate, 1000.0)

    def test_contract_refusals(self):
        adv = "eng_rpc_advisor"
        Contract = self.env["advisory.contract"]
        self._refused(
            "negative",
            adv,
            "advisory.contract",
            "create",
            self._contract_vals(amount=-1.0),
        )
        self._refused(
            "before its start",
            adv,
            "advisory.contract",
            "create",
            self._contract_vals(
                date_start="2026-12-31", date_end="2026-01-01", payment_line_ids=[]
            ),
        )
        self._refused(
            "must equal the fixed fee",
            adv,
            "advisory.contract",
            "create",
            self._contract_vals(
                payment_line_ids=[
                    _create_line({"date_due": "2026-03-31", "amount": 5.0})
                ]
            ),
        )
        self.assertFalse(Contract.search([("engagement_id", "=", self.engagement.id)]))
        contract_id = self._call(
            adv, "advisory.contract", "create", self._contract_vals()
        )
        contract = Contract.browse(contract_id)
        self._refused("cannot", adv, "advisory.contract", "action_sign", [contract_id])
        self._refused(
            "changes through its buttons",
            adv,
            "advisory.contract",
            "write",
            [contract_id],
            {"state": "signed"},
        )
        self._call(adv, "advisory.contract", "action_submit", [contract_id])
        self._call("eng_rpc_legal", "advisory.contract", "validate_tier", [contract_id])
        contract.invalidate_recordset()
        self.assertEqual(contract.state, "approved")
        self._refused(
            "signed date", adv, "advisory.contract", "action_sign", [contract_id]
        )
        self._call(
            adv,
            "advisory.contract",
            "write",
            [contract_id],
            {"signed_date": str(date(2026, 1, 3)), "signer_name": "Olga Omega"},
        )
        self._call(adv, "advisory.contract", "action_sign", [contract_id])
        contract.invalidate_recordset()
        self.assertEqual(contract.state, "signed")
        self._refused(
            "cannot be deleted",
            "eng_rpc_manager",
            "advisory.contract",
            "unlink",
            [contract_id],
        )
        self.assertTrue(contract.exists())
