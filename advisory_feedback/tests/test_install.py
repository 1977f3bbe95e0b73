from odoo.tests import TransactionCase

from odoo.addons.advisory_feedback import uninstall_hook


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

    def test_uninstall_keeps_the_clients_answers(self):
        """The shipped surveys lose their module link at uninstall, so removing the
        addon's data does not delete them with the clients' answers."""
        survey = self.env.ref("advisory_feedback.survey_advisory_csat")
        client = self.env["res.partner"].create({"name": "Answering Client"})
        answer = survey._create_answer(partner=client)
        uninstall_hook(self.env)
        self.assertFalse(
            self.env["ir.model.data"].search(
                [
                    ("module", "=", "advisory_feedback"),
                    ("model", "like", "survey."),
                ]
            )
        )
        # the uninstallation removes the records linked to the addon only
        self.assertTrue(survey.exists())
        self.assertTrue(answer.exists())
        self.assertTrue(survey.question_ids)
