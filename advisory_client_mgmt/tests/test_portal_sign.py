import base64

from odoo.exceptions import AccessError, UserError

from .test_engagement_flow import EngagementCase

SIGNATURE = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


class TestPortalSignModel(EngagementCase):
    """The portal's decision methods share the staff buttons' checks; their facts
    are written by them only."""

    def _presented(self):
        proposal = self._approved_proposal()
        proposal.action_present()
        return proposal

    def test_access_urls(self):
        proposal = self._presented()
        contract = self._contract()
        self.assertEqual(proposal.access_url, f"/my/proposals/{proposal.id}")
        self.assertEqual(contract.access_url, f"/my/contracts/{contract.id}")

    def test_accept_online_runs_the_accept_checks(self):
        proposal = self._presented()
        # the engagement is closed: the Accept button's check refuses
        self.engagement._as_system().write({"state": "cancelled"})
        with self.assertRaisesRegex(UserError, "closed"):
            proposal.sudo()._portal_accept("Li Wei", SIGNATURE, "127.0.0.1")
        self.engagement._as_system().write({"state": "proposal"})
        proposal.invalidate_recordset()
        self.assertFalse(proposal.portal_signed_on)
        proposal.sudo()._portal_accept("Li Wei", SIGNATURE, "127.0.0.1")
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(self.engagement.state, "contracting")
        self.assertEqual(proposal.sudo().portal_signed_ip, "127.0.0.1")
        # once accepted, the staff's buttons and the portal refuse alike
        with self.assertRaisesRegex(UserError, "accepted"):
            proposal.sudo()._portal_decline("Changed my mind")
        with self.assertRaises(UserError):
            proposal.action_reject()

    def test_decline_needs_a_reason(self):
        proposal = self._presented()
        with self.assertRaisesRegex(UserError, "why"):
            proposal.sudo()._portal_decline("  ")
        self.assertEqual(proposal.state, "presented")
        proposal.sudo()._portal_decline("Too expensive")
        self.assertEqual(proposal.state, "rejected")
        self.assertEqual(proposal.decline_reason, "Too expensive")

    def test_signature_facts_are_protected(self):
        proposal = self._presented()
        contract = self._contract()
        for record in (proposal, contract):
            for values in (
                {"portal_signed_by": "Forged"},
                {"portal_signature": SIGNATURE},
                {"portal_signed_on": "2026-01-01 10:00:00"},
                {"portal_sent_on": "2026-01-01 10:00:00"},
            ):
                with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                    record.write(values)
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            proposal.write({"decline_reason": "Forged"})

    def test_send_for_signature_is_the_advisors_action(self):
        contract = self._contract()
        with self.assertRaisesRegex(UserError, "sent for signature"):
            contract.action_send_for_signature()  # a draft
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        with self.assertRaises(AccessError):
            contract.with_user(self.advisor_b).action_send_for_signature()
        self.assertFalse(contract.portal_sent_on)
        # no contact with an email: nothing is sent, the chatter says so
        contract.action_send_for_signature()
        self.assertFalse(contract.portal_sent_on)
        self.assertIn("No contact", contract.message_ids[0].body)
        self.client_a.email = "office@alpha.example.com"
        contract.action_send_for_signature()
        self.assertTrue(contract.portal_sent_on)
        self.assertIn(self.client_a, contract.message_ids[0].partner_ids)

    def test_client_of_documents_shown_to_the_client_does_not_change(self):
        proposal = self._presented()
        self.engagement.action_cancel()
        self.assertEqual(proposal.state, "cancelled")
        # the client was shown it: moving the engagement would show it to another
        with self.assertRaisesRegex(UserError, "can no longer change"):
            self.engagement.with_user(self.manager).write(
                {"partner_id": self.client_b.id}
            )
        self.assertEqual(proposal.partner_id, self.client_a)
