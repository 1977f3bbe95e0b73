from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase

from .common import FeedbackCase


class TestClosingSurvey(EngagementCase, FeedbackCase):
    def test_closing_sends_survey_and_answer_finishes_engagement(self):
        project = self._closed_project()
        self.assertEqual(self.engagement.state, "closing")
        answers = self.env["survey.user_input"].search(
            [("advisory_project_id", "=", project.id)]
        )
        self.assertEqual(answers.survey_id, self.csat | self.nps)
        self.assertEqual(answers.advisory_engagement_id, self.engagement)
        self.assertTrue(
            self.env["mail.mail"].search_count(
                [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
            )
        )
        csat = answers.filtered(lambda a: a.survey_id == self.csat)
        self._answer(csat, levels=(3, 3, 3, 3, 3))
        self.assertEqual(self.engagement.state, "done")
        self.assertEqual(project.advisory_satisfaction, 75.0)
        self.assertEqual(self.engagement.advisory_satisfaction, 75.0)
        self.assertEqual(self.client_a.satisfaction_last, 75.0)
        nps = answers - csat
        self._answer(nps, nps=8)
        self.assertEqual(project.advisory_nps, 8)
        self.assertEqual(self.engagement.state, "done")

    def test_project_button_sends_survey(self):
        project = self.engagement.project_id
        self.assertFalse(project)
        self._closed_project()
        project = self.engagement.project_id.with_user(self.advisor_a)
        before = self.env["survey.user_input"].search_count([])
        project.action_send_satisfaction_survey()
        self.assertEqual(self.env["survey.user_input"].search_count([]), before + 2)
