from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user


class TestAdvisorySettings(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="settings_admin",
            groups="base.group_system,advisory_client_mgmt.group_advisory_manager",
        )
        cls.advisor = new_test_user(
            cls.env,
            login="settings_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )

    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Advisory Co"})
        self.assertEqual(company.advisory_dormant_days, 180)
        self.assertEqual(company.advisory_churn_days, 365)

    def test_settings_write_the_company(self):
        settings = Form(self.env["res.config.settings"].with_user(self.admin))
        settings.advisory_dormant_days = 90
        settings.advisory_churn_days = 400
        settings.save().execute()
        self.assertEqual(self.admin.company_id.advisory_dormant_days, 90)
        self.assertEqual(self.admin.company_id.advisory_churn_days, 400)

    def test_non_positive_days_refused(self):
        company = self.env.company
        for field in ("advisory_dormant_days", "advisory_churn_days"):
            for value in (0, -5):
                with (
                    self.subTest(field=field, value=value),
                    self.assertRaises(ValidationError),
                ):
                    company.write({field: value})
        self.assertEqual(company.advisory_dormant_days, 180)

    def test_advisor_cannot_change_settings(self):
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.advisor).create(
                {"advisory_dormant_days": 10}
            )

    def test_settings_view_has_advisory_app(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="advisory_client_mgmt"', arch)
        self.assertIn('name="advisory_dormant_days"', arch)
