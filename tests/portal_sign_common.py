"""Fixtures of the portal decisions: a client with a portal user, another client
with its own, an engagement of the first client up to a presented proposal or an
approved contract (through the tier reviews, as the staff do)."""

import base64
import re
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user
from odoo.tests.common import JsonRpcException

from .portal_common import portal_user

# a 1 x 1 PNG, as the signature pad sends it (base64, without the data: prefix)
SIGNATURE = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
).decode()


class PortalSignCase(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="sign_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="sign_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.legal = new_test_user(
            cls.env,
            login="sign_legal",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create(
            {
                "name": "Sign Alpha Ltd",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
                "email": "office@alpha.example.com",
            }
        )
        cls.client_b = Partner.create(
            {
                "name": "Sign Beta Ltd",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.portal_a = portal_user(
            cls.client_a, "sign_portal_a", "ceo@alpha.example.com", name="Alice Alpha"
        )
        cls.portal_b = portal_user(
            cls.client_b, "sign_portal_b", "ceo@beta.example.com"
        )
        cls.template = cls.env["advisory.contract.template"].search(
            [("name", "=", "Standard advisory agreement")], limit=1
        )
        cls.engagement = cls._engagement(cls.client_a)

    @classmethod
    def _engagement(cls, client):
        return (
            cls.env["advisory.engagement"]
            .with_user(cls.advisor)
            .create(
                {
                    "partner_id": client.id,
                    "relationship_manager_id": cls.advisor.id,
                    "service_line_ids": [
                        Command.set(
                            cls.env.ref(
                                "advisory_client_mgmt.service_line_tax_planning"
                            ).ids
                        )
                    ],
                }
            )
        )

    def _proposal(self, engagement=None, present=True, **values):
        vals = {
            "engagement_id": (engagement or self.engagement).id,
            "summary": "<p>Refinance the bank loans.</p>",
            "risk_disclosure": "<p>Rates may rise; savings are not guaranteed.</p>",
            "fee_estimate": 48000,
        }
        vals.update(values)
        proposal = self.env["advisory.proposal"].with_user(self.advisor).create(vals)
        proposal.action_submit()
        proposal.with_user(self.manager).validate_tier()
        self.assertEqual(proposal.state, "approved")
        if present:
            proposal.action_present()
            self.assertEqual(proposal.state, "presented")
        return proposal

    def _contract(self, engagement=None, amount=50000, **values):
        vals = {
            "engagement_id": (engagement or self.engagement).id,
            "template_id": self.template.id,
            "fee_type": "fixed",
            "amount": amount,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
            "scope": "<p>Debt restructuring</p>",
            "payment_line_ids": [
                Command.create({"date_due": date(2026, 1, 15), "amount": amount}),
            ],
        }
        vals.update(values)
        contract = self.env["advisory.contract"].with_user(self.advisor).create(vals)
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        self.assertEqual(contract.state, "approved")
        return contract

    # ------------------------------------------------------------------
    # HTTP helpers
    # ------------------------------------------------------------------

    def _csrf(self, html):
        """The CSRF token of the session, from a form or the page's script."""
        return re.search(
            r'(?:name="csrf_token" value="|csrf_token: ")([^"]+)"', html
        ).group(1)

    def _sign(self, url, name="Alice Alpha", signature=SIGNATURE, **params):
        """Call a signing route as the portal's signature form does."""
        return self.make_jsonrpc_request(
            url, dict(params, name=name, signature=signature)
        )

    def _call_kw(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _assert_rpc_refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(model, method, *args, **kwargs)
        return str(caught.exception)

    def _portal_readable_fields(self, model):
        """The fields a portal user gets from ``fields_get`` (those she may read)."""
        return set(self._call_kw(model, "fields_get", [], ["type"]))
