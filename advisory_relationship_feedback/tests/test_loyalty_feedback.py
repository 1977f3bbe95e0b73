from odoo.addons.advisory_feedback.tests.common import FeedbackCase


class TestLoyaltyFeedback(FeedbackCase):
    """Points for a completed satisfaction survey and for a suggestion that led to
    an improvement, each once."""

    def _entries(self, rule_code):
        return self.env["advisory.loyalty.entry"].search(
            [
                ("partner_id", "=", self.client_a.id),
                ("rule_id.code", "=", rule_code),
            ]
        )

    def _rule(self, code):
        return self.env["advisory.loyalty.rule"].search([("code", "=", code)])

    def test_survey_answer_earns_once(self):
        answer = self._answer(self._new_answer(self.nps), nps=9)
        entry = self._entries("survey")
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.points, self._rule("survey").points)
        self.assertEqual((entry.res_model, entry.res_id), (answer._name, answer.id))
        # completing it again (or the hook running twice) earns nothing more
        answer._advisory_after_done()
        self.assertEqual(self._entries("survey"), entry)
        # a test entry earns nothing
        self._answer(self._new_answer(self.nps, test_entry=True), nps=10)
        self.assertEqual(self._entries("survey"), entry)

    def _action(self, category):
        ticket = (
            self.env["advisory.feedback"]
            .with_user(self.advisor_a)
            .create(
                {
                    "subject": "Send the quarterly pack as one PDF",
                    "partner_id": self.client_a.id,
                    "category": category,
                }
            )
        )
        action = (
            self.env["advisory.improvement.action"]
            .with_user(self.advisor_a)
            .create(
                {
                    "name": "One PDF per quarter",
                    "feedback_id": ticket.id,
                    "user_id": self.advisor_a.id,
                    "date_deadline": "2026-01-10",
                    "outcome": "The pack is one PDF.",
                }
            )
        )
        return ticket, action

    def test_suggestion_that_led_to_an_improvement_earns_once(self):
        ticket, action = self._action("suggestion")
        self.assertFalse(self._entries("feedback_improvement"))
        action.action_done()
        entry = self._entries("feedback_improvement")
        self.assertEqual(len(entry), 1)
        self.assertEqual((entry.res_model, entry.res_id), (ticket._name, ticket.id))
        # a second action of the same suggestion earns nothing more
        second = action.copy({"name": "Index page", "outcome": "An index page."})
        second.with_user(self.advisor_a).action_done()
        self.assertEqual(self._entries("feedback_improvement"), entry)

    def test_complaint_earns_nothing(self):
        _ticket, action = self._action("complaint")
        action.action_done()
        self.assertFalse(self._entries("feedback_improvement"))
