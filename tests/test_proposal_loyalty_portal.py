"""A fee discount the client redeemed with her loyalty points, on the proposal page
of the portal: the discount line and the net fee, over HTTP; a proposal without
discount shows neither."""

from odoo.tests import tagged

from .portal_sign_common import PortalSignCase


@tagged("post_install", "-at_install")
class TestProposalLoyaltyPortal(PortalSignCase):
    def test_discount_line_and_net_fee_on_the_proposal_page(self):
        Entry = self.env["advisory.loyalty.entry"]
        Entry._advisory_loyalty_earn(
            self.client_a, "contract", self.engagement, amount=500000
        )
        reward = self.env["advisory.loyalty.reward"].create(
            {
                "name": "Portal 15 % off",
                "kind": "fee_discount",
                "points_cost": 100,
                "discount_percent": 15,
            }
        )
        self.env["advisory.loyalty.redeem"].with_user(self.advisor).create(
            {"partner_id": self.client_a.id, "reward_id": reward.id}
        ).action_redeem()
        discounted = self._proposal()  # 48,000: submitted, approved, presented
        self.assertEqual(discounted.loyalty_discount_amount, 7200)
        plain = self._proposal(engagement=self._engagement(self.client_a))
        self.assertFalse(plain.loyalty_discount_amount)
        self.authenticate("sign_portal_a", "sign_portal_a")
        page = self.url_open(f"/my/proposals/{discounted.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_advisory_loyalty_discount", page.text)
        self.assertIn("7,200.00", page.text)
        self.assertIn("40,800.00", page.text)
        page = self.url_open(f"/my/proposals/{plain.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_advisory_loyalty_discount", page.text)
        self.assertNotIn("o_advisory_fee_net", page.text)
