"""The KPIs of the early warnings: handling time and alerts per 100 clients, from
alerts raised and resolved at frozen times in a company of their own."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

APRIL = (date(2025, 4, 1), date(2025, 4, 30))


@tagged("post_install", "-at_install")
class TestAlertKpis(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Alert KPI Co"})
        cls.officer = new_test_user(
            cls.env,
            login="alert_kpi_officer",
            groups="base.group_user,advisory_risk_rating.group_advisory_risk_officer",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )
        cls.rule = cls.env.ref("advisory_risk_rating.alert_rule_debt_ratio")
        with freeze_time("2025-03-15 08:00:00"):
            cls.clients = cls.env["res.partner"].create(
                [
                    {
                        "name": f"Alert KPI Client {number}",
                        "is_company": True,
                        "is_advisory_client": True,
                        "company_id": cls.company.id,
                        "lifecycle_state": "active",
                    }
                    for number in range(4)
                ]
            )

    def _raise(self, client, when):
        with freeze_time(when):
            return self.env["advisory.risk.alert"].create(
                {
                    "rule_id": self.rule.id,
                    "partner_id": client.id,
                    "company_id": self.company.id,
                    "message": "Debt ratio above the limit",
                }
            )

    def _resolve(self, alert, when):
        with freeze_time(when):
            alert.with_user(self.officer).action_resolve()

    def test_alert_handling_time_and_rate(self):
        c1, c2, c3, c4 = self.clients
        # raised in March, resolved in April: 16 days = 384 h (handled in April)
        old = self._raise(c3, "2025-03-20 08:00:00")
        self._resolve(old, "2025-04-05 08:00:00")
        # raised and resolved in April: 24 h and 54 h
        first = self._raise(c1, "2025-04-02 09:00:00")
        self._resolve(first, "2025-04-03 09:00:00")
        second = self._raise(c2, "2025-04-10 10:00:00")
        self._resolve(second, "2025-04-12 16:00:00")
        # resolved by the system (the condition cleared): not handled by anybody
        cleared = self._raise(c4, "2025-04-15 09:00:00")
        with freeze_time("2025-04-16 09:00:00"):
            cleared._auto_resolve()
        self.assertEqual(first.date_resolved.isoformat(), "2025-04-03T09:00:00")
        Snapshot = self.env["advisory.kpi.snapshot"]
        snapshot = Snapshot._compute_snapshot(self.company, *APRIL)
        lines = {line.kpi_code: line for line in snapshot.line_ids}
        handling = lines["alert_handling_hours"]
        # median of 384, 24 and 54 hours
        self.assertEqual(handling.denominator, 3)
        self.assertAlmostEqual(handling.value, 54.0)
        self.assertEqual(handling.status, "met")  # target: at most 72 h
        rate = lines["risk_event_rate"]
        # raised in April: first, second, cleared = 3 alerts for 4 active clients
        self.assertEqual((rate.numerator, rate.denominator), (3, 4))
        self.assertAlmostEqual(rate.value, 0.75)
        self.assertEqual(rate.status, "missed")  # target: at most 10 per 100
        self.assertEqual(rate.direction, "<=")
        # its records: the clients measured, those with an alert counted
        action = rate.action_open_numerator()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(self.env["res.partner"].search(action["domain"]), c1 | c2 | c4)
        # March: one alert raised for four clients, none resolved
        march = Snapshot._compute_snapshot(
            self.company, date(2025, 3, 1), date(2025, 3, 31)
        )
        lines = {line.kpi_code: line for line in march.line_ids}
        self.assertAlmostEqual(lines["risk_event_rate"].value, 0.25)
        self.assertEqual(lines["alert_handling_hours"].status, "no_data")
