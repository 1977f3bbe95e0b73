from odoo.tests import TransactionCase, new_test_user


class TestRiskRoles(TransactionCase):
    def test_risk_officer_is_an_advisor(self):
        officer = new_test_user(
            self.env,
            login="risk_officer_role",
            groups="advisory_risk_rating.group_advisory_risk_officer",
        )
        self.assertTrue(officer.has_group("advisory_client_mgmt.group_advisory_user"))
        self.assertFalse(
            officer.has_group("advisory_client_mgmt.group_advisory_manager")
        )
        self.assertEqual(
            self.env.ref(
                "advisory_risk_rating.group_advisory_risk_officer"
            ).category_id,
            self.env.ref("advisory_client_mgmt.module_category_advisory"),
        )

    def test_demo_risk_officer(self):
        user = self.env.ref(
            "advisory_risk_rating.user_advisory_risk_officer", raise_if_not_found=False
        )
        if not user:
            self.skipTest("installed without demo data")
        self.assertTrue(
            user.has_group("advisory_risk_rating.group_advisory_risk_officer")
        )

    def test_demo_ratings(self):
        if not self.env.ref(
            "advisory_risk_rating.user_advisory_risk_officer", raise_if_not_found=False
        ):
            self.skipTest("installed without demo data")
        Assessment = self.env["advisory.risk.assessment"]
        grades = set(Assessment.search([("state", "=", "validated")]).mapped("grade"))
        self.assertEqual(grades, {"AAA", "AA", "A", "BBB", "BB", "B", "C"})
        self.assertTrue(Assessment.search([("state", "=", "to_validate")]))
        self.assertTrue(
            self.env["advisory.risk.alert"].search([("state", "=", "open")])
        )
        self.assertTrue(
            self.env["res.partner"].search([("value_tier", "=", "A")]),
            "segments computed",
        )
