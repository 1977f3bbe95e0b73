"""The three addons install together and define the Advisory roles."""

from odoo.tests import TransactionCase, new_test_user, tagged

ADDONS = ("advisory_client_mgmt", "advisory_risk_rating", "advisory_feedback")


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(
            {m.name: m.state for m in modules}, dict.fromkeys(ADDONS, "installed")
        )
        for module in modules:
            self.assertEqual(module.latest_version, "18.0.1.0.0")
            self.assertEqual(module.license, "LGPL-3")

    def test_groups_in_one_category_with_hierarchy(self):
        category = self.env.ref("advisory_client_mgmt.module_category_advisory")
        user = self.env.ref("advisory_client_mgmt.group_advisory_user")
        groups = {
            "manager": self.env.ref("advisory_client_mgmt.group_advisory_manager"),
            "legal": self.env.ref("advisory_client_mgmt.group_advisory_legal"),
            "executive": self.env.ref("advisory_client_mgmt.group_advisory_executive"),
            "risk officer": self.env.ref(
                "advisory_risk_rating.group_advisory_risk_officer"
            ),
        }
        self.assertEqual(category.name, "Advisory")
        self.assertEqual(user.category_id, category)
        self.assertIn(self.env.ref("base.group_user"), user.trans_implied_ids)
        for name, group in groups.items():
            with self.subTest(group=name):
                self.assertEqual(group.category_id, category)
                self.assertIn(user, group.trans_implied_ids)
        # the specialist roles do not imply one another, nor the manager
        for name, group in groups.items():
            others = set(groups.values()) - {group}
            with self.subTest(group=name):
                self.assertFalse(others & set(group.trans_implied_ids))

    def test_role_membership_follows_hierarchy(self):
        legal = new_test_user(
            self.env,
            login="inst_legal",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        self.assertTrue(legal.has_group("advisory_client_mgmt.group_advisory_user"))
        self.assertFalse(legal.has_group("advisory_client_mgmt.group_advisory_manager"))
        risk = new_test_user(
            self.env,
            login="inst_risk",
            groups="advisory_risk_rating.group_advisory_risk_officer",
        )
        self.assertTrue(risk.has_group("advisory_client_mgmt.group_advisory_user"))
        self.assertFalse(risk.has_group("advisory_client_mgmt.group_advisory_legal"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group(
                "advisory_client_mgmt.group_advisory_manager"
            )
        )
