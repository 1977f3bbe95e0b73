from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError

from .common import RiskCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
Q1 = date(2026, 1, 1)


@freeze_time("2026-05-01 10:00:00")
class TestFundUsageAlerts(RiskCase):
    """Use of funds report → variance → early warning; overdue report → early
    warning; once per client while open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["advisory.risk.alert.rule"]
        cls.Alert = cls.env["advisory.risk.alert"]
        cls.overdue_rule = cls.env.ref(
            "advisory_risk_rating.alert_rule_fund_usage_overdue"
        )
        cls.variance_rule = cls.env.ref(
            "advisory_risk_rating.alert_rule_fund_usage_variance"
        )
        cls.wc = cls.env.ref("advisory_client_mgmt.fund_usage_category_working_capital")
        cls.capex = cls.env.ref("advisory_client_mgmt.fund_usage_category_capex")
        cls.client = cls._client("Funds Co")
        cls.plan = cls._plan(cls.client)

    @classmethod
    def _plan(cls, client):
        engagement = cls.env["advisory.engagement"].create({"partner_id": client.id})
        contract = cls.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "success_fee",
                "amount": 80000.0,
                "date_start": Q1,
                "date_end": date(2026, 12, 31),
                "signed_date": Q1,
            }
        )
        # the fixture needs a signed contract, not the signing flow
        contract._write_state("active")
        return cls.env["advisory.fund.usage.plan"].create(
            {
                "contract_id": contract.id,
                "line_ids": [
                    Command.create(
                        {
                            "category_id": category.id,
                            "date_from": Q1,
                            "date_to": date(2026, 3, 31),
                            "planned_amount": amount,
                        }
                    )
                    for category, amount in ((cls.wc, 1000.0), (cls.capex, 1000.0))
                ],
            }
        )

    def _open(self, rule, partner=None):
        return self.Alert.search(
            [
                ("partner_id", "=", (partner or self.client).id),
                ("rule_id", "=", rule.id),
                ("state", "!=", "resolved"),
            ]
        )

    def _submitted_report(self, plan, capex_actual):
        self.env["advisory.fund.usage.plan"]._cron_fund_usage()
        report = plan.report_ids.filtered(lambda r: r.date_from == Q1)
        for line in report.line_ids.with_user(self.advisor_a):
            line.actual_amount = (
                capex_actual if line.category_id == self.capex else 1000.0
            )
        evidence = (
            self.env["ir.attachment"]
            .with_user(self.advisor_a)
            .create({"name": "invoices.pdf", "raw": PDF})
        )
        report.with_user(self.advisor_a).write(
            {"attachment_ids": [Command.link(evidence.id)]}
        )
        report.with_user(self.advisor_a).action_submit()
        return report

    def test_overdue_report_raises_one_alert(self):
        # Q1's report was due on April 15: the daily jobs, twice
        for _run in range(2):
            self.env["advisory.fund.usage.plan"]._cron_fund_usage()
            self.Rule._cron_evaluate()
        alert = self._open(self.overdue_rule)
        self.assertEqual(len(alert), 1)
        self.assertIn(self.plan.contract_id.name, alert.message)
        self.assertIn("2026-04-15", alert.message)
        self.assertIn(self.advisor_a, alert.activity_ids.user_id)
        # the report handed in: the warning clears at once
        self._submitted_report(self.plan, 1000.0)
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)
        self.Rule._cron_evaluate()
        self.assertFalse(self._open(self.overdue_rule))

    def test_verified_variance_above_threshold_raises_one_alert(self):
        # the client has no rating: the rule's 20 %; capital expenditure +30 %
        report = self._submitted_report(self.plan, 1300.0)
        self.Rule._cron_evaluate()
        self.assertFalse(self._open(self.variance_rule), "not verified yet")
        report.with_user(self.manager).action_verify()
        alert = self._open(self.variance_rule)
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.severity, "high")
        self.assertIn("Capital Expenditure: +30.0 %", alert.message)
        self.assertIn("20.0 %", alert.message)
        # the risk officer reads every client's report, and decides nothing on it
        as_officer = report.with_user(self.officer)
        self.assertEqual(as_officer.variance_amount, 300.0)
        with self.assertRaises(AccessError):
            as_officer.write({"staff_note": "seen"})
        # the daily evaluation keeps the one alert
        self.Rule._cron_evaluate()
        self.Rule._cron_evaluate()
        self.assertEqual(self._open(self.variance_rule), alert)

    def test_variance_within_threshold_raises_nothing(self):
        report = self._submitted_report(self.plan, 1150.0)  # +15 %
        report.with_user(self.manager).action_verify()
        self.Rule._cron_evaluate()
        self.assertFalse(self._open(self.variance_rule))

    def test_threshold_follows_the_risk_level(self):
        # +18 %: above the 15 % of a high-risk client, within the 25 % of a low one
        self.assertEqual(self.policies["high"].fund_usage_variance_threshold, 15.0)
        self.assertEqual(self.policies["low"].fund_usage_variance_threshold, 25.0)
        risky = self._client("Risky Funds Co")
        self._validated(risky, override="BB")
        safe = self._client("Safe Funds Co")
        self._validated(safe, override="AA")
        self.assertEqual((risky.risk_level, safe.risk_level), ("high", "low"))
        for client in (risky, safe):
            report = self._submitted_report(self._plan(client), 1180.0)
            report.with_user(self.manager).action_verify()
        self.assertEqual(len(self._open(self.variance_rule, risky)), 1)
        self.assertIn("15.0 %", self._open(self.variance_rule, risky).message)
        self.assertFalse(self._open(self.variance_rule, safe))
        # a policy made stricter: the next evaluation warns the low-risk client
        self.policies["low"].fund_usage_variance_threshold = 10.0
        self.Rule._cron_evaluate()
        self.assertEqual(len(self._open(self.variance_rule, safe)), 1)
