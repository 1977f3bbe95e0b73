from freezegun import freeze_time

from odoo.exceptions import ValidationError

from odoo.addons.advisory_feedback.tests.common import FeedbackCase
from odoo.addons.advisory_risk_rating.tests.common import RiskCase


class TestFeedbackAlerts(RiskCase, FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["advisory.risk.alert.rule"]
        cls.satisfaction_rule = cls.env.ref(
            "advisory_risk_feedback.alert_rule_low_satisfaction"
        )
        cls.sla_rule = cls.env.ref("advisory_risk_feedback.alert_rule_sla_breach")
        cls.env.company.resource_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Office hours (UTC)", "tz": "UTC"}
        )  # Mon-Fri 8-12, 13-17
        Sla = cls.env["advisory.feedback.sla"]
        Sla.search([("company_id", "=", cls.env.company.id)]).unlink()
        Sla.create(
            {
                "name": "Normal",
                "priority": "1",
                "response_hours": 4,
                "resolution_hours": 16,
                "escalation_hours": 8,
            }
        )

    def _open_alerts(self, rule):
        return self.env["advisory.risk.alert"].search(
            [
                ("rule_id", "=", rule.id),
                ("partner_id", "=", self.client_a.id),
                ("state", "!=", "resolved"),
            ]
        )

    def test_low_satisfaction_fires_once_and_clears(self):
        self._answer(self._new_answer(self.csat), levels=[1, 1, 2, 1, 1])  # 30 %
        self.assertEqual(self.client_a.satisfaction_last, 30.0)
        self.Rule._evaluate_partners(self.client_a | self.client_b)
        alert = self._open_alerts(self.satisfaction_rule)
        self.assertEqual(len(alert), 1)
        self.assertIn("30.0 % (threshold 60.0 %)", alert.message)
        self.assertEqual(alert.severity, "medium")
        self.assertLessEqual(self.advisor_a | self.officer, alert.activity_ids.user_id)
        self.assertFalse(
            self.env["advisory.risk.alert"].search(
                [
                    ("rule_id", "=", self.satisfaction_rule.id),
                    ("partner_id", "=", self.client_b.id),
                ]
            ),
            "a client without answers has no satisfaction alert",
        )
        self.Rule._evaluate_partners(self.client_a)
        self.assertEqual(self._open_alerts(self.satisfaction_rule), alert)
        # a good answer afterwards: the alert resolves itself
        self._answer(self._new_answer(self.csat), levels=[4, 4, 4, 3, 4])
        self.Rule._evaluate_partners(self.client_a)
        self.assertEqual(alert.state, "resolved")
        self.assertFalse(self._open_alerts(self.satisfaction_rule))

    def test_detractor_fires(self):
        self._answer(self._new_answer(self.nps), nps=3)
        self.assertEqual(self.client_a.nps_category_last, "detractor")
        self.Rule._evaluate_partners(self.client_a)
        alert = self._open_alerts(self.satisfaction_rule)
        self.assertEqual(len(alert), 1)
        self.assertIn("detractor", alert.message)
        self._answer(self._new_answer(self.nps), nps=9)
        self.Rule._evaluate_partners(self.client_a)
        self.assertEqual(alert.state, "resolved")

    def test_sla_breach_fires_once_and_clears(self):
        Feedback = self.env["advisory.feedback"]
        with freeze_time("2026-01-19 09:00:00"):  # Monday; response due 13:00
            ticket = Feedback.with_user(self.advisor_a).create(
                {
                    "subject": "Late report",
                    "partner_id": self.client_a.id,
                    "priority": "1",
                    "category": "service_quality",
                }
            )
        with freeze_time("2026-01-19 12:00:00"):
            Feedback._cron_escalate()
            self.Rule._evaluate_partners(self.client_a)
            self.assertFalse(self._open_alerts(self.sla_rule), "not late yet")
        with freeze_time("2026-01-19 15:00:00"):
            Feedback._cron_escalate()
            self.assertTrue(ticket.response_breached)
            self.Rule._evaluate_partners(self.client_a)
            self.Rule._evaluate_partners(self.client_a)
            alert = self._open_alerts(self.sla_rule)
            self.assertEqual(len(alert), 1)
            self.assertEqual(alert.severity, "high")
            self.assertIn("1 open feedback ticket(s)", alert.message)
            ticket.action_acknowledge()
            ticket.write({"resolution": "Report re-sent.", "root_cause": "Backlog."})
            ticket.action_resolve()
            self.Rule._evaluate_partners(self.client_a)
        self.assertEqual(alert.state, "resolved")

    def test_threshold_is_a_share(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 1"):
            self.satisfaction_rule.threshold = 60
