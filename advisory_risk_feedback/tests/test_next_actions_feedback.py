from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError

from odoo.addons.advisory_feedback.tests.common import FeedbackCase
from odoo.addons.advisory_risk_rating.tests.common import RiskCase


class TestNextActionsFeedback(RiskCase, FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["advisory.next.action.rule"]
        cls.Action = cls.env["advisory.next.action"]
        cls.renewal_rule = cls.env.ref(
            "advisory_risk_feedback.next_action_rule_renewal"
        )
        cls.detractor_rule = cls.env.ref(
            "advisory_risk_feedback.next_action_rule_detractor"
        )
        cls.today = fields.Date.context_today(
            cls.env["res.partner"].with_user(cls.advisor_a)
        )

    def _open(self, rule, client=None):
        return self.Action.search(
            [
                ("rule_id", "=", rule.id),
                ("partner_id", "=", (client or self.client_a).id),
                ("state", "=", "open"),
            ]
        )

    def _contract(self, client, date_end, state="active"):
        engagement = self.env["advisory.engagement"].create({"partner_id": client.id})
        contract = self.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "retainer",
                "amount": 1000.0,
                "date_start": date_end - timedelta(days=365),
                "date_end": date_end,
                "signed_date": date_end - timedelta(days=360),
                "signer_name": "Li Wei",
            }
        )
        # the fixture needs contracts in a state, not their approval flow
        contract._write_state(state)
        return contract

    def test_renewal_fires_once_for_a_satisfied_client(self):
        ending = self._contract(self.client_a, self.today + timedelta(days=40))
        self._contract(self.client_b, self.today + timedelta(days=40))
        self._answer(self._new_answer(self.csat), levels=[4, 4, 4, 4, 4])  # 100 %
        self.assertEqual(self.client_a.satisfaction_last, 100.0)
        self.Rule._cron_evaluate()
        self.Rule._cron_evaluate()
        action = self._open(self.renewal_rule)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.source_model, "advisory.contract")
        self.assertEqual(action.source_id, ending.id)
        self.assertIn(ending.name, action.reason)
        activity = action.suggested_activity_ids
        self.assertEqual(activity.user_id, self.advisor_a)
        self.assertEqual(
            (activity.res_model, activity.res_id), ("res.partner", self.client_a.id)
        )
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=14))
        # client B has no satisfaction score: no renewal suggestion
        self.assertFalse(self._open(self.renewal_rule, self.client_b))

    def test_renewal_needs_the_threshold(self):
        self._contract(self.client_a, self.today + timedelta(days=40))
        self._answer(self._new_answer(self.csat), levels=[2, 2, 2, 2, 2])  # 50 %
        self.Rule._evaluate_partners(self.client_a)
        self.assertFalse(self._open(self.renewal_rule))
        with self.assertRaises(ValidationError):
            self.renewal_rule.threshold = 80

    def test_renewal_outcome_when_the_renewal_is_signed(self):
        ending = self._contract(self.client_a, self.today + timedelta(days=40))
        self._answer(self._new_answer(self.csat), levels=[4, 4, 4, 4, 4])
        self.Rule._evaluate_partners(self.client_a)
        action = self._open(self.renewal_rule)
        action.suggested_activity_ids.with_user(self.advisor_a).action_feedback(
            feedback="Renewal proposed"
        )
        self.assertEqual(action.state, "done")
        renewal = ending.with_user(self.advisor_a)
        renewal = self.env["advisory.contract"].browse(renewal.action_renew()["res_id"])
        renewal.write({"signed_date": self.today, "signer_name": "Li Wei"})
        # the reviews are not this test's subject
        renewal._write_state("approved")
        renewal.with_user(self.advisor_a).action_sign()
        self.assertEqual(action.state, "outcome")
        self.assertIn(renewal.name, action.outcome)
        # renewed: the condition no longer holds
        with freeze_time(datetime.now() + timedelta(days=31)):
            self.Rule._evaluate_partners(self.client_a)
            self.assertFalse(self._open(self.renewal_rule))

    def test_detractor_fires_once_then_outcome_on_closed_ticket(self):
        self._answer(self._new_answer(self.nps), nps=3)
        self.assertEqual(self.client_a.nps_category_last, "detractor")
        self.Rule._cron_evaluate()
        self.Rule._cron_evaluate()
        action = self._open(self.detractor_rule)
        self.assertEqual(len(action), 1)
        self.assertEqual(action.source_model, "survey.user_input")
        activity = action.suggested_activity_ids
        self.assertEqual(activity.user_id, self.advisor_a)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("advisory_client_mgmt.mail_activity_type_advisory_call"),
        )
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=2))
        self.assertNotIn("detractor", str(activity.note).lower())
        self.assertNotIn("detractor", activity.summary.lower())
        self.assertIn("detractor", action.reason)
        ticket = (
            self.env["advisory.feedback"]
            .with_user(self.advisor_a)
            .create({"subject": "Late report", "partner_id": self.client_a.id})
        )
        ticket.action_start()
        ticket.write({"resolution": "Report re-sent.", "root_cause": "Staffing"})
        ticket.action_resolve()
        self.assertEqual(action.state, "open")
        # the client confirms the resolution (the portal runs it as the system)
        ticket.sudo().action_close()
        self.assertEqual(action.state, "outcome")
        self.assertIn(ticket.display_name, action.outcome)
        self.assertFalse(activity.exists())
        # the same answer is never suggested again; a new detractor answer is
        self.Rule._evaluate_partners(self.client_a)
        self.assertFalse(self._open(self.detractor_rule))
        self._answer(self._new_answer(self.nps), nps=2)
        self.Rule._evaluate_partners(self.client_a)
        self.assertEqual(len(self._open(self.detractor_rule)), 1)

    def test_promoter_gets_no_call(self):
        self._answer(self._new_answer(self.nps), nps=3)
        self._answer(self._new_answer(self.nps), nps=9)
        self.Rule._evaluate_partners(self.client_a)
        self.assertFalse(self._open(self.detractor_rule))

    def test_queries_constant_in_clients(self):
        def make(count, prefix):
            clients = self.env["res.partner"]
            for index in range(count):
                client = self._client(f"{prefix} {index}")
                self._contract(client, self.today + timedelta(days=30))
                # facts of the survey roll-up: written as the system
                client.sudo().write(
                    {"satisfaction_last": 90.0, "nps_category_last": "detractor"}
                )
                clients |= client
            self.env.flush_all()
            return clients

        def run(clients):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            created = self.Rule._evaluate_partners(clients)
            self.env.flush_all()
            self.assertEqual(
                created.filtered(lambda a: a.rule_id == self.renewal_rule).partner_id,
                clients,
            )
            return self.env.cr.sql_log_count - start

        run(make(2, "Warm"))
        budget = run(make(2, "Few"))
        many = make(10, "Many")
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            self.Rule._evaluate_partners(many)
            self.env.flush_all()

    def test_scorecard_counts_the_suggestions_acted_on(self):
        """The relationship manager's scorecard shows the share of her suggestions
        due in the period that she acted on (done, or followed by an outcome)."""
        self._contract(self.client_a, self.today + timedelta(days=40))
        self._answer(self._new_answer(self.csat), levels=[4, 4, 4, 4, 4])
        self._answer(self._new_answer(self.nps), nps=3)
        self.Rule._cron_evaluate()
        renewal, call = self._open(self.renewal_rule), self._open(self.detractor_rule)
        self.assertEqual(len(renewal | call), 2)
        call.with_user(self.advisor_a).action_done()
        renewal.with_user(self.advisor_a).action_ignore("The client sells the firm")
        cards = (
            self.env["advisory.staff.scorecard"]
            .with_user(self.manager)
            .compute_scorecards(self.today, self.today + timedelta(days=30))
        )
        line = cards.filtered(lambda card: card.user_id == self.advisor_a).line_ids
        line = line.filtered(lambda line: line.measure_code == "suggestions_acted")
        self.assertEqual((line.numerator, line.denominator), (1, 2))
        self.assertAlmostEqual(line.value, 0.5)
        self.assertEqual(line.target, 0.7)
        self.assertEqual(line.status, "missed")
