from odoo.tests import TransactionCase


class TestFeedbackInstall(TransactionCase):
    def test_dependencies_installed(self):
        """Surveys, the portal and xlsx reports are there for the feedback features."""
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ("survey", "portal", "report_xlsx", "advisory_client_mgmt"),
                )
            ]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 4)
        self.assertIn("survey.survey", self.env)
