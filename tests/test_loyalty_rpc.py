"""The loyalty programme and the relationship budget over XML-RPC, by role: the
advisor redeems for her clients only, a plain employee not at all; managers
alone see budgets and costs; points, levels, actuals and the over-budget mark
are never written by a user."""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestLoyaltyRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            login: new_test_user(cls.env, login=login, groups=groups)
            for login, groups in {
                "loy_adv_a": "advisory_client_mgmt.group_advisory_user",
                "loy_adv_b": "advisory_client_mgmt.group_advisory_user",
                "loy_manager": "advisory_client_mgmt.group_advisory_manager",
                "loy_employee": "base.group_user,base.group_partner_manager",
            }.items()
        }
        cls.client_a = cls.env["res.partner"].create(
            {
                "name": "Rpc Loyal Alpha",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.users["loy_adv_a"].id,
            }
        )
        start = fields.Datetime.now() + timedelta(days=3)
        cls.event = cls.env["event.event"].create(
            {
                "name": "Rpc Forum",
                "date_begin": start,
                "date_end": start + timedelta(hours=1),
            }
        )
        cls.entry = cls.env["advisory.loyalty.entry"]._advisory_loyalty_earn(
            cls.client_a, "renewal", cls.event
        )
        cls.reward = cls.env.ref("advisory_relationship.advisory_loyalty_reward_gift")
        cls.budget = cls.env["advisory.relationship.budget"].create(
            {
                "category": "events",
                "period_type": "year",
                "date_from": "2032-01-01",
                "planned_amount": 100,
            }
        )

    def _redeem(self, login):
        wizard_id = self._call(
            login,
            "advisory.loyalty.redeem",
            "create",
            {"partner_id": self.client_a.id, "reward_id": self.reward.id},
        )
        return self._call(
            login, "advisory.loyalty.redeem", "action_redeem", [wizard_id]
        )

    def _ledger_count(self):
        return self.env["advisory.loyalty.entry"].search_count(
            [("partner_id", "=", self.client_a.id)]
        )

    def test_who_redeems(self):
        self._refused(
            "You do not serve Rpc Loyal Alpha",
            "loy_adv_b",
            "advisory.loyalty.redeem",
            "action_redeem",
            [
                self.env["advisory.loyalty.redeem"]
                .create({"partner_id": self.client_a.id, "reward_id": self.reward.id})
                .id
            ],
        )
        with self.assertRaises(Exception):  # noqa: B017 (no access to the dialog)
            self._redeem("loy_employee")
        self.assertEqual(self._ledger_count(), 1)
        self.assertFalse(
            self._call(
                "loy_adv_b",
                "advisory.loyalty.entry",
                "search",
                [("partner_id", "=", self.client_a.id)],
            )
        )
        self._redeem("loy_adv_a")
        self.assertEqual(self._ledger_count(), 2)
        self.assertEqual(self.client_a.loyalty_points, 200 - self.reward.points_cost)

    def test_facts_are_not_written(self):
        for login, model, record_id, vals in (
            ("loy_manager", "res.partner", self.client_a.id, {"loyalty_points": 9999}),
            (
                "loy_manager",
                "res.partner",
                self.client_a.id,
                {
                    "loyalty_level_id": self.env.ref(
                        "advisory_relationship.advisory_loyalty_level_platinum"
                    ).id
                },
            ),
            ("loy_adv_a", "res.partner", self.client_a.id, {"loyalty_points": 9999}),
            (
                "loy_manager",
                "advisory.relationship.budget",
                self.budget.id,
                {"actual_amount": 5},
            ),
            (
                "loy_manager",
                "advisory.relationship.budget",
                self.budget.id,
                {"date_to": "2040-01-01"},
            ),
        ):
            with self.subTest(login=login, model=model, vals=vals):
                self._refused(
                    "cannot be edited directly",
                    login,
                    model,
                    "write",
                    [record_id],
                    vals,
                )
        for login in ("loy_adv_a", "loy_manager"):
            self._refused(
                "",
                login,
                "advisory.loyalty.entry",
                "write",
                [self.entry.id],
                {"points": 9999},
            )
        self.assertEqual(self.client_a.loyalty_points, 200)
        self.assertEqual(self.budget.date_to.isoformat(), "2032-12-31")

    def test_budgets_and_costs_are_the_managers(self):
        for login in ("loy_adv_a", "loy_employee"):
            for model in ("advisory.relationship.budget", "advisory.relationship.cost"):
                with self.subTest(login=login, model=model):
                    self.assertFalse(self._call(login, model, "has_access", [], "read"))
                    self._refused("", login, model, "search_read", [], ["name"])
        self.assertEqual(
            self._call(
                "loy_manager",
                "advisory.relationship.budget",
                "search",
                [("id", "=", self.budget.id)],
            ),
            [self.budget.id],
        )
