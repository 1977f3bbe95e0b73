from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import RiskCase


@freeze_time("2026-03-01")
class TestAlerts(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["advisory.risk.alert.rule"]
        cls.Alert = cls.env["advisory.risk.alert"]
        cls.debt_rule = cls.env.ref("advisory_risk_rating.alert_rule_debt_ratio")
        cls.client = cls._client("Alert Co")
        cls.statement = cls.env["advisory.financial.statement"].create(
            cls._statement_vals(cls.client, total_liabilities=900.0)
        )

    def _open(self, partner=None, rule=None):
        return self.Alert.search(
            [
                ("partner_id", "=", (partner or self.client).id),
                ("rule_id", "=", (rule or self.debt_rule).id),
                ("state", "!=", "resolved"),
            ]
        )

    def test_ratio_breach_fires_once_and_resolves(self):
        self.Rule._evaluate_partners(self.client)
        alert = self._open()
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.severity, "high")
        self.assertIn("0.9", alert.message)
        # named after its rule and client (breadcrumbs, links)
        self.assertEqual(
            alert.display_name, f"{alert.rule_id.name} – {self.client.name}"
        )
        self.assertLessEqual(self.advisor_a | self.officer, alert.activity_ids.user_id)
        # evaluated again: no duplicate
        self.Rule._evaluate_partners(self.client)
        self.Rule._cron_evaluate()
        self.assertEqual(len(self._open()), 1)
        # the condition clears: resolved by itself
        self.statement.total_liabilities = 500.0
        self.Rule._evaluate_partners(self.client)
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)
        self.assertFalse(alert.activity_ids)
        # and breaches again: a new alert
        self.statement.total_liabilities = 950.0
        self.Rule._evaluate_partners(self.client)
        self.assertEqual(len(self._open()), 1)
        self.assertNotEqual(self._open(), alert)

    def test_one_open_alert_per_rule_and_client_in_the_database(self):
        self.Rule._evaluate_partners(self.client)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint():
                self.Alert.create(
                    {
                        "rule_id": self.debt_rule.id,
                        "partner_id": self.client.id,
                        "message": "duplicate",
                    }
                )
                self.env.flush_all()

    def test_acknowledge_and_resolve(self):
        self.Rule._evaluate_partners(self.client)
        alert = self._open().with_user(self.advisor_a)
        alert.action_acknowledge()
        self.assertEqual(alert.state, "acknowledged")
        # the advisor's to-do is done, the risk officers' stay open
        owners = alert.sudo().activity_ids.user_id
        self.assertIn(self.officer, owners)
        self.assertNotIn(self.advisor_a, owners)
        with self.assertRaises(UserError):
            alert.action_acknowledge()
        # acknowledged still counts as open: no duplicate
        self.Rule._evaluate_partners(self.client)
        self.assertEqual(len(self._open()), 1)
        # the advisor does not close an early warning on her own client alone
        with self.assertRaisesRegex(AccessError, "resolved by a risk officer"):
            alert.action_resolve()
        self.assertEqual(alert.state, "acknowledged")
        alert.with_user(self.officer).action_resolve()
        self.assertEqual(alert.state, "resolved")
        with self.assertRaises(UserError):
            alert.with_user(self.officer).action_resolve()
        with self.assertRaises(UserError):
            alert.write({"state": "open"})
        # another advisor does not see the alert
        with self.assertRaises(AccessError):
            alert.with_user(self.advisor_b).read(["message"])

    def test_management_change_rule(self):
        rule = self.env.ref("advisory_risk_rating.alert_rule_management_change")
        self.env["advisory.management.event"].create(
            {
                "partner_id": self.client.id,
                "date": date(2026, 2, 1),
                "event_type": "ceo",
            }
        )
        self.Rule._evaluate_partners(self.client)
        self.assertEqual(len(self._open(rule=rule)), 1)
        with freeze_time("2026-06-01"):
            self.Rule._evaluate_partners(self.client)
            self.assertFalse(self._open(rule=rule))

    def test_exposure_and_no_contact_rules(self):
        exposure = self.env.ref("advisory_risk_rating.alert_rule_exposure")
        no_contact = self.env.ref("advisory_risk_rating.alert_rule_no_contact")
        self.env["crm.lead"].create(
            {
                "name": "Huge financing",
                "partner_id": self.client.id,
                "expected_financing_amount": 25_000_000,
            }
        )
        self.client.last_contact_date = "2026-02-15 10:00:00"
        self.Rule._evaluate_partners(self.client)
        self.assertEqual(len(self._open(rule=exposure)), 1)
        self.assertFalse(self._open(rule=no_contact))
        with freeze_time("2026-07-01"):
            self.Rule._evaluate_partners(self.client)
            self.assertEqual(len(self._open(rule=no_contact)), 1)

    def test_downgrade_and_review_overdue_rules(self):
        downgrade = self.env.ref("advisory_risk_rating.alert_rule_downgrade")
        overdue = self.env.ref("advisory_risk_rating.alert_rule_review_overdue")
        self._validated(self.client, override="A")
        self.assertFalse(self._open(rule=downgrade))
        self._validated(self.client, override="B")
        self.assertEqual(len(self._open(rule=downgrade)), 1)
        self.assertIn("from A to B", self._open(rule=downgrade).message)
        with freeze_time("2026-09-01"):
            self.Rule._evaluate_partners(self.client)
            self.assertEqual(len(self._open(rule=overdue)), 1)

    def test_advisor_cannot_configure_rules(self):
        with self.assertRaises(AccessError):
            self.debt_rule.with_user(self.advisor_a).write({"threshold": 0.95})
        self.debt_rule.with_user(self.officer).write({"threshold": 0.95})
        self.Rule._evaluate_partners(self.client)
        self.assertFalse(self._open())
