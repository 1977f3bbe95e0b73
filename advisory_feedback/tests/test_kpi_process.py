"""Process-efficiency KPIs from the stage history: a timeline of engagements,
proposals and a contract moved by their buttons at frozen times, the KPIs computed
against numbers worked out by hand, and the before / after comparison."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase

MARCH = (date(2025, 3, 1), date(2025, 3, 31))
EARLY_MARCH = (date(2025, 3, 1), date(2025, 3, 9))
FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))
# (numerator, denominator, value) by hand from the timeline below
EXPECTED_MARCH = {
    # engagement 1: 11 days after its opportunity, engagement 2: 37.5 days
    "lead_to_engagement_days": (False, 2, (11 + 37.5) / 2),
    # reviews: 30.5 h (approved), 6 h (rejected), 48 h (approved): median 30.5
    "proposal_review_hours": (False, 3, 30.5),
    # submitted on the 7th at 10:00, approved by the legal review on the 10th
    "contract_approval_hours": (False, 1, 72.0),
    # approved on the 10th at 10:00, signed on the 17th at 10:00
    "time_to_sign_days": (False, 1, 7.0),
}


class TestProcessKpis(EngagementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.lead_1 = Lead.create({"name": "Refinancing", "partner_id": cls.client_a.id})
        cls.lead_2 = Lead.create({"name": "Tax review", "partner_id": cls.client_a.id})
        # the opportunities' creation (the ORM stamps the transaction's time)
        for lead, created in (
            (cls.lead_1, datetime(2025, 2, 20, 9)),
            (cls.lead_2, datetime(2025, 2, 1, 0)),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                    created,
                    lead.id,
                )
            )
        cls.env.invalidate_all()

    def _engagement(self):
        return (
            self.env["advisory.engagement"]
            .with_user(self.advisor_a)
            .create(
                {
                    "partner_id": self.client_a.id,
                    "relationship_manager_id": self.advisor_a.id,
                }
            )
        )

    def _timeline(self):
        with freeze_time("2025-03-03 09:00:00"):
            engagement_1 = self._engagement()
        with freeze_time("2025-03-04 10:00:00"):
            proposal_1 = self._proposal(engagement_1)
            proposal_1.action_submit()
        with freeze_time("2025-03-05 16:30:00"):
            proposal_1.with_user(self.manager).validate_tier()
        with freeze_time("2025-03-06 10:00:00"):
            proposal_1.action_present()
            proposal_1.action_accept()
        with freeze_time("2025-03-07 10:00:00"):
            contract = self._contract(engagement_1)
            contract.action_submit()
        with freeze_time("2025-03-10 10:00:00"):
            contract.with_user(self.legal).validate_tier()
        with freeze_time("2025-03-10 12:00:00"):
            engagement_2 = self._engagement()
        with freeze_time("2025-03-11 09:00:00"):
            proposal_2 = self._proposal(engagement_2)
            proposal_2.action_submit()
        with freeze_time("2025-03-11 15:00:00"):
            proposal_2.with_user(self.manager).reject_tier()
        with freeze_time("2025-03-12 09:00:00"):
            proposal_2.action_submit()
        with freeze_time("2025-03-14 09:00:00"):
            proposal_2.with_user(self.manager).validate_tier()
        with freeze_time("2025-03-17 10:00:00"):
            contract.write({"signed_date": date(2025, 3, 17), "signer_name": "Li Wei"})
            contract.action_sign()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(proposal_2.state, "approved")
        # the link to the opportunity (the engagements of the CRM button have it)
        self.env.cr.execute(
            SQL(
                "UPDATE advisory_engagement SET lead_id = CASE id WHEN %s THEN %s "
                "ELSE %s END WHERE id IN %s",
                engagement_1.id,
                self.lead_1.id,
                self.lead_2.id,
                (engagement_1.id, engagement_2.id),
            )
        )
        self.env.invalidate_all()

    def _lines(self, snapshot):
        return {line.kpi_code: line for line in snapshot.line_ids}

    def test_process_kpis_from_the_stage_history(self):
        self._timeline()
        Snapshot = self.env["advisory.kpi.snapshot"].with_user(self.manager)
        snapshot = Snapshot.compute_snapshot(*MARCH)
        lines = self._lines(snapshot)
        for code, (numerator, denominator, value) in EXPECTED_MARCH.items():
            with self.subTest(kpi=code):
                line = lines[code]
                self.assertIs(line.numerator, numerator)
                self.assertEqual(line.denominator, denominator)
                self.assertAlmostEqual(line.value, value)
                self.assertEqual(line.direction, "<=")
        # lower is better, against the default targets (14 days, 48 h, 72 h, 14 d)
        self.assertEqual(lines["lead_to_engagement_days"].status, "missed")
        self.assertEqual(lines["proposal_review_hours"].status, "met")
        self.assertEqual(lines["contract_approval_hours"].status, "met")
        self.assertEqual(lines["time_to_sign_days"].status, "met")
        # the drill-down opens the documents measured
        action = lines["proposal_review_hours"].action_open_denominator()
        self.assertEqual(action["res_model"], "advisory.proposal")
        # nothing happened in February
        february = self._lines(Snapshot.compute_snapshot(*FEBRUARY))
        for code in EXPECTED_MARCH:
            self.assertEqual(february[code].status, "no_data")

    def test_compare_two_periods(self):
        self._timeline()
        manager_env = self.env(user=self.manager)
        snapshot = manager_env["advisory.kpi.snapshot"].compute_snapshot(*MARCH)
        action = manager_env["ir.actions.act_window"]._for_xml_id(
            "advisory_feedback.advisory_kpi_comparison_action"
        )
        self.assertEqual(action["res_model"], "advisory.kpi.comparison")
        comparison = manager_env[action["res_model"]].create(
            {
                "date_from_a": EARLY_MARCH[0],
                "date_to_a": EARLY_MARCH[1],
                "date_from_b": MARCH[0],
                "date_to_b": MARCH[1],
            }
        )
        result = comparison.action_compare()
        self.assertEqual(result["res_id"], comparison.id)
        # before: no snapshot of 1-9 March, computed now (not stored); after: the
        # snapshot of March
        self.assertEqual(
            (comparison.source_a, comparison.source_b), ("computed", "snapshot")
        )
        self.assertFalse(
            manager_env["advisory.kpi.snapshot"].search(
                [("date_from", "=", EARLY_MARCH[0]), ("date_to", "=", EARLY_MARCH[1])]
            )
        )
        lines = {line.kpi_code: line for line in comparison.line_ids}
        self.assertEqual(len(lines), len(snapshot.line_ids))
        lead = lines["lead_to_engagement_days"]
        # 1-9 March: engagement 1 only (11 days); March: 24.25 days: worse
        self.assertAlmostEqual(lead.value_a, 11.0)
        self.assertAlmostEqual(lead.value_b, 24.25)
        self.assertAlmostEqual(lead.change, 13.25)
        self.assertEqual(lead.verdict, "worse")
        self.assertEqual(lead.change_display, "+13.2 d")
        # one review decided by the 9th (30.5 h); the median of March is 30.5 h
        review = lines["proposal_review_hours"]
        self.assertAlmostEqual(review.value_a, 30.5)
        self.assertEqual(review.verdict, "same")
        # the contract was approved on the 10th: no data before
        approval = lines["contract_approval_hours"]
        self.assertIs(approval.value_a, False)
        self.assertAlmostEqual(approval.value_b, 72.0)
        self.assertEqual(approval.verdict, "no_data")
        # the snapshot's button compares with the previous month (February:
        # no data for the process KPIs)
        result = snapshot.action_compare_previous()
        previous = manager_env["advisory.kpi.comparison"].browse(result["res_id"])
        self.assertEqual((previous.date_from_a, previous.date_to_a), FEBRUARY)
        self.assertEqual(
            previous.line_ids.filtered(
                lambda line: line.kpi_code == "time_to_sign_days"
            ).verdict,
            "no_data",
        )

    def test_advisor_cannot_compare(self):
        with self.assertRaises(AccessError):
            self.env["advisory.kpi.comparison"].with_user(self.advisor_a).create(
                {
                    "date_from_a": FEBRUARY[0],
                    "date_to_a": FEBRUARY[1],
                    "date_from_b": MARCH[0],
                    "date_to_b": MARCH[1],
                }
            ).action_compare()

    def test_periods_out_of_years_refused(self):
        """Periods in year 1 or 9999 are refused with a message, not a crash of the
        previous year's or the next day's arithmetic."""
        manager_env = self.env(user=self.manager)
        Snapshot = manager_env["advisory.kpi.snapshot"]
        Comparison = manager_env["advisory.kpi.comparison"]
        for period in (
            (date(1, 1, 1), date(1, 1, 31)),
            (date(9999, 12, 1), date(9999, 12, 31)),
        ):
            with self.assertRaisesRegex(UserError, "Give a period between 1900"):
                Snapshot.compute_snapshot(*period)
            for before, after in ((period, MARCH), (MARCH, period)):
                comparison = Comparison.create(
                    {
                        "date_from_a": before[0],
                        "date_to_a": before[1],
                        "date_from_b": after[0],
                        "date_to_b": after[1],
                    }
                )
                with self.assertRaisesRegex(UserError, "Give a period between 1900"):
                    comparison.action_compare()
                self.assertFalse(comparison.line_ids)
