from datetime import datetime

from freezegun import freeze_time

from .common import FeedbackCase


class TestFeedbackDemo(FeedbackCase):
    def test_demo_covers_every_state(self):
        demo = self.env.ref(
            "advisory_feedback.demo_feedback_closed", raise_if_not_found=False
        )
        if not demo:
            self.skipTest("installed without demo data")
        tickets = self.env["advisory.feedback"].search([])
        self.assertEqual(
            set(tickets.mapped("state")),
            {"new", "acknowledged", "in_progress", "resolved", "closed"},
        )
        self.assertTrue(tickets.filtered("resolution_breached"))
        self.assertEqual(set(tickets.mapped("escalation_level")) & {1, 2}, {1, 2})
        answers = self.env["survey.user_input"].search(
            [("advisory_score", "!=", False)]
        )
        self.assertGreater(max(answers.mapped("advisory_score")), 80)
        self.assertLess(min(answers.mapped("advisory_score")), 60)
        review = self.env.ref("advisory_feedback.demo_process_review")
        self.assertEqual(review.state, "done")
        self.assertTrue(review.action_ids)


class TestEscalationBudget(FeedbackCase):
    def _tickets(self, count):
        return self.env["advisory.feedback"].create(
            [
                {"subject": f"Ticket {i}", "partner_id": self.client_a.id}
                for i in range(count)
            ]
        )

    def test_escalation_queries_grow_linearly_at_most(self):
        """The escalation cron works per batch (grouped writes, one create of the
        to-dos, one batch of notes); what still grows with the tickets is the
        notification mail each escalation user gets for a to-do (measured: 87
        queries for 2 tickets, 187 for 10; it was 107 / 335 before batching)."""
        self.env["advisory.feedback"].search([]).write({"escalation_level": 2})
        with freeze_time(datetime(2026, 1, 5, 9, 0)):
            few = self._tickets(2)
            many = self._tickets(10)
        (few | many).write({"escalation_level": 2})
        self.env.flush_all()

        def run(tickets):
            tickets.write({"escalation_level": 0})
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(datetime(2026, 2, 5, 9, 0)):
                queries = self.env.cr.sql_log_count
                self.env["advisory.feedback"]._cron_escalate()
                self.env.flush_all()
                used = self.env.cr.sql_log_count - queries
            tickets.write({"escalation_level": 2})
            return used

        small, large = run(few), run(many)
        per_ticket = (large - small) / 8
        self.assertLess(per_ticket, 15, f"{small} / {large} queries")
        self.assertTrue(all(t.escalation_level == 2 for t in few | many))
