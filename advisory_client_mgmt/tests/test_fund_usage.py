from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import AdvisoryCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
Q1 = date(2026, 1, 1)


class FundUsageCase(AdvisoryCase):
    """A signed financing contract of client A (advisor A) with a quarterly plan
    for 2026: working capital 1,000 and capital expenditure 300 in Q1, research
    365 over the year (90 in Q1's 90 days), other 500 in Q2 only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._active_contract(cls.client_a)
        ref = cls.env.ref
        cls.wc = ref("advisory_client_mgmt.fund_usage_category_working_capital")
        cls.capex = ref("advisory_client_mgmt.fund_usage_category_capex")
        cls.rnd = ref("advisory_client_mgmt.fund_usage_category_rnd")
        cls.other = ref("advisory_client_mgmt.fund_usage_category_other")
        cls.plan = (
            cls.env["advisory.fund.usage.plan"]
            .with_user(cls.advisor_a)
            .create(
                {
                    "contract_id": cls.contract.id,
                    "frequency": "quarterly",
                    "line_ids": [
                        Command.create(vals)
                        for vals in (
                            {
                                "category_id": cls.wc.id,
                                "date_from": Q1,
                                "date_to": date(2026, 3, 31),
                                "planned_amount": 1000.0,
                            },
                            {
                                "category_id": cls.capex.id,
                                "date_from": Q1,
                                "date_to": date(2026, 3, 31),
                                "planned_amount": 300.0,
                            },
                            {"category_id": cls.rnd.id, "planned_amount": 365.0},
                            {
                                "category_id": cls.other.id,
                                "date_from": date(2026, 4, 1),
                                "date_to": date(2026, 6, 30),
                                "planned_amount": 500.0,
                            },
                        )
                    ],
                }
            )
        )
        cls.plan = cls.plan.with_env(cls.env)

    @classmethod
    def _active_contract(cls, client):
        engagement = cls.env["advisory.engagement"].create({"partner_id": client.id})
        contract = cls.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "success_fee",
                "amount": 50000.0,
                "date_start": Q1,
                "date_end": date(2026, 12, 31),
                "signed_date": Q1,
            }
        )
        # the fixture needs a signed contract, not the signing flow
        contract._write_state("active")
        return contract

    @classmethod
    def _q1_report(cls):
        return cls.plan._open_reports(Q1)

    @classmethod
    def _fill(cls, report, amounts, user=None):
        """Enter the actual ``amounts`` ({category: amount}) and one evidence file
        as ``user`` (default: advisor A)."""
        user = user or cls.advisor_a
        for line in report.line_ids.with_user(user):
            if line.category_id in amounts:
                line.actual_amount = amounts[line.category_id]
        evidence = (
            cls.env["ir.attachment"]
            .with_user(user)
            .create({"name": "bank.pdf", "raw": PDF})
        )
        report.with_user(user).write({"attachment_ids": [Command.link(evidence.id)]})


class TestFundUsageVariance(FundUsageCase):
    def test_planned_amounts_per_period(self):
        self.assertEqual(self.plan.partner_id, self.client_a)
        self.assertEqual(self.plan.date_start, Q1)
        self.assertEqual(self.plan.date_end, date(2026, 12, 31))
        self.assertEqual(len(self.plan._periods()), 4)
        report = self._q1_report()
        self.assertEqual(report.date_to, date(2026, 3, 31))
        self.assertEqual(report.date_due, date(2026, 4, 15))
        self.assertEqual(
            {line.category_id: line.planned_amount for line in report.line_ids},
            # research: 365 for the year, 90 days of it in Q1; other: nothing in Q1
            {self.wc: 1000.0, self.capex: 300.0, self.rnd: 90.0, self.other: 0.0},
        )
        self.assertEqual(report.planned_total, 1390.0)
        self.assertEqual(report.access_url, f"/my/fund-usage/{report.id}")
        # the period has its report: no second one
        self.assertFalse(self.plan._open_reports(Q1))

    def test_variance_per_category_and_total(self):
        report = self._q1_report()
        self._fill(report, {self.wc: 1100.0, self.capex: 400.0, self.rnd: 0.0})
        lines = {line.category_id: line for line in report.line_ids}
        self.assertEqual(lines[self.wc].variance_amount, 100.0)
        self.assertAlmostEqual(lines[self.wc].variance_ratio, 0.1)
        self.assertEqual(lines[self.capex].variance_amount, 100.0)
        self.assertAlmostEqual(lines[self.capex].variance_ratio, 0.3333)  # rounded
        self.assertEqual(lines[self.rnd].variance_amount, -90.0)
        self.assertAlmostEqual(lines[self.rnd].variance_ratio, -1.0)
        self.assertEqual(report.actual_total, 1500.0)
        self.assertEqual(report.variance_amount, 110.0)
        self.assertAlmostEqual(report.variance_ratio, 0.0791)  # 110 / 1390
        # above 20 %: capital expenditure and research (either way), not the total
        breaches = report._variance_breaches(0.2)
        self.assertEqual(len(breaches), 2)
        self.assertIn("Capital Expenditure: +33.3 %", breaches[0])
        self.assertIn("-100.0 %", breaches[1])
        self.assertEqual(len(report._variance_breaches(0.05)), 4)  # the total too

    def test_zero_planned_is_no_division(self):
        report = self._q1_report()
        self._fill(report, {self.other: 50.0})
        other = report.line_ids.filtered(lambda line: line.category_id == self.other)
        self.assertEqual(other.planned_amount, 0.0)
        self.assertEqual(other.variance_amount, 50.0)
        self.assertIs(other.variance_ratio, False)  # no ratio of nothing
        # spending on a category without a planned amount is a breach
        self.assertTrue(
            any("nothing planned" in breach for breach in report._variance_breaches(10))
        )
        # a plan with nothing planned at all: totals without a ratio
        empty = self._active_contract(self.client_a)
        plan = self.env["advisory.fund.usage.plan"].create(
            {
                "contract_id": empty.id,
                "line_ids": [
                    Command.create({"category_id": self.wc.id, "planned_amount": 0.0})
                ],
            }
        )
        report = plan._open_reports(Q1)
        report.line_ids.actual_amount = 10.0
        self.assertEqual(report.variance_amount, 10.0)
        self.assertIs(report.variance_ratio, False)

    def test_rounding_to_the_currency(self):
        report = self._q1_report()
        wc = report.line_ids.filtered(lambda line: line.category_id == self.wc)
        wc.actual_amount = 1000.004
        self.assertEqual(wc.variance_amount, 0.0)
        self.assertEqual(wc.variance_ratio, 0.0)
        wc.actual_amount = 1000.006
        self.assertEqual(wc.variance_amount, 0.01)

    def test_bad_input_is_refused(self):
        line = self.plan.line_ids[:1].with_user(self.advisor_a)
        with self.assertRaises(ValidationError):
            line.planned_amount = -1.0
        with self.assertRaises(ValidationError):
            line.date_to = date(2025, 1, 1)
        with self.assertRaises(ValidationError):
            self.plan.with_user(self.advisor_a).date_end = date(2025, 1, 1)
        report = self._q1_report()
        with self.assertRaises(ValidationError):
            report.line_ids[:1].with_user(self.advisor_a).actual_amount = -5.0
        with self.assertRaises(ValidationError):
            report.line_ids[:1].with_user(self.advisor_a).actual_amount = 1e18
        # one plan per contract
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.IntegrityError),
            self.cr.savepoint(),
        ):
            self.env["advisory.fund.usage.plan"].create(
                {"contract_id": self.contract.id}
            )

    def test_plan_change_updates_open_reports_only(self):
        report = self._q1_report()
        capex = self.plan.line_ids.filtered(lambda line: line.category_id == self.capex)
        capex.with_user(self.advisor_a).planned_amount = 600.0
        self.assertEqual(report.planned_total, 1690.0)
        self._fill(report, {self.capex: 600.0})
        report.with_user(self.advisor_a).action_submit()
        report.with_user(self.manager).action_verify()
        capex.with_user(self.advisor_a).planned_amount = 100.0
        self.assertEqual(report.planned_total, 1690.0, "a verified report is frozen")


class TestFundUsageFlow(FundUsageCase):
    def test_submit_verify_reject(self):
        report = self._q1_report()
        as_advisor = report.with_user(self.advisor_a)
        # no evidence for the actual use: refused
        report.line_ids[:1].with_user(self.advisor_a).actual_amount = 10.0
        with self.assertRaisesRegex(UserError, "Attach the evidence"):
            as_advisor.action_submit()
        self._fill(report, {self.wc: 1000.0})
        as_advisor.action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.advisor_a)
        # frozen once submitted
        with self.assertRaises(UserError):
            report.line_ids[:1].with_user(self.advisor_a).actual_amount = 5.0
        with self.assertRaises(UserError):
            as_advisor.client_comment = "changed"
        # the submitter does not verify nor reject her own submission
        with self.assertRaisesRegex(UserError, "another person"):
            as_advisor.action_verify()
        as_manager = report.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "Enter why"):
            as_manager.action_reject()
        as_manager.rejection_reason = "The bank statement of March is missing."
        as_manager.action_reject()
        self.assertEqual(report.state, "rejected")
        # the client corrects: the reason is cleared at the next submission
        as_advisor.client_comment = "March added."
        report.with_user(self.manager).action_submit()
        self.assertFalse(report.rejection_reason)
        self.assertEqual(report.submitted_by_id, self.manager)
        with self.assertRaises(UserError):
            as_manager.action_verify()
        as_advisor.action_verify()
        self.assertEqual(report.state, "verified")
        self.assertEqual(report.verified_by_id, self.advisor_a)
        self.assertTrue(report.verified_on)
        self.assertFalse(self.plan.report_ids - report)
        # verified twice: refused
        with self.assertRaises(UserError):
            as_manager.action_verify()

    def test_next_report_button(self):
        as_advisor = self.plan.with_user(self.advisor_a)
        self.assertTrue(as_advisor.advisory_can_act)
        action = as_advisor.action_new_report()
        report = self.env["advisory.fund.usage.report"].browse(action["res_id"])
        self.assertEqual(report.date_from, Q1)
        self.assertEqual(report.plan_id, self.plan)
        # clicked again: the same report, not a second one
        self.assertEqual(as_advisor.action_new_report()["res_id"], report.id)
        self.assertEqual(len(self.plan.report_ids), 1)
        # a reviewer reads the plan, gets no button and cannot click it
        legal = new_test_user(
            self.env,
            login="fu_legal_b",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        self.assertFalse(self.plan.with_user(legal).advisory_can_act)
        with self.assertRaises(AccessError):
            self.plan.with_user(legal).action_new_report()

    def test_protected_fields_are_not_written_by_users(self):
        report = self._q1_report()
        as_advisor = report.with_user(self.advisor_a)
        for values in (
            {"state": "verified"},
            {"verified_by_id": self.advisor_a.id},
            {"submitted_by_id": self.advisor_b.id},
            {"date_from": date(2026, 4, 1)},
            {"variance_amount": 0.0},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                as_advisor.write(values)
        with self.assertRaises(UserError):
            report.line_ids[:1].with_user(self.advisor_a).planned_amount = 1.0
        with self.assertRaises(UserError):
            self.plan.with_user(self.advisor_a).next_due_date = date(2030, 1, 1)
        # reports come from the plan, not from a user's create
        with self.assertRaises(UserError):
            self.env["advisory.fund.usage.report"].with_user(self.advisor_a).create(
                {"plan_id": self.plan.id, "date_from": Q1, "date_to": Q1}
            )

    def test_roles(self):
        report = self._q1_report()
        # another advisor, a plain employee: nothing
        for user in (self.advisor_b, self.employee):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    report.with_user(user).read(["state"])
                with self.assertRaises(AccessError):
                    self.plan.with_user(user).read(["next_due_date"])
        with self.assertRaises(AccessError):
            report.with_user(self.advisor_b).action_verify()
        # advisor B cannot put a plan on A's contract
        other = self._active_contract(self.client_a)
        with self.assertRaises(AccessError):
            self.env["advisory.fund.usage.plan"].with_user(self.advisor_b).create(
                {"contract_id": other.id}
            )
        # legal and executive reviewers read, and do not decide
        legal = new_test_user(
            self.env,
            login="fu_legal",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        self.assertEqual(report.with_user(legal).state, "draft")
        with self.assertRaises(AccessError):
            report.with_user(legal).write({"staff_note": "x"})
        # the staff's fields do not reach a portal user
        portal = new_test_user(self.env, login="fu_portal", groups="base.group_portal")
        portal.partner_id.parent_id = self.client_a
        as_portal = report.with_user(portal)
        self.assertEqual(as_portal.read(["state"])[0]["state"], "draft")
        for field in ("verified_by_id", "staff_note", "verified_on"):
            with self.assertRaises(AccessError):
                as_portal.read([field])
        with self.assertRaises(AccessError):
            as_portal.write({"client_comment": "over RPC"})
        with self.assertRaises(AccessError):
            as_portal.action_submit()
        # the portal path: her company's report only
        as_portal._portal_save({report.line_ids[0].id: 12.0}, comment="ok")
        self.assertEqual(report.line_ids[0].actual_amount, 12.0)
        stranger = new_test_user(
            self.env, login="fu_portal_b", groups="base.group_portal"
        )
        stranger.partner_id.parent_id = self.client_b
        with self.assertRaises(AccessError):
            report.with_user(stranger)._portal_save({report.line_ids[0].id: 1.0})
        self.assertEqual(report.line_ids[0].actual_amount, 12.0)


@freeze_time("2026-05-01 10:00:00")
class TestFundUsageCron(FundUsageCase):
    def test_cron_opens_reports_and_notices_overdue_once(self):
        Plan = self.env["advisory.fund.usage.plan"]
        self.assertEqual(self.plan.next_due_date, date(2026, 4, 15))
        overdue = Plan._cron_fund_usage()
        self.assertIn(self.plan, overdue)
        # Q1 ended: its report is open; Q2 not yet
        self.assertEqual(self.plan.report_ids.mapped("date_from"), [Q1])
        activities = self.plan.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.advisor_a)
        self.assertEqual(self.plan.overdue_noticed_date, date(2026, 4, 15))
        # safe twice
        self.assertFalse(Plan._cron_fund_usage() & self.plan)
        self.assertEqual(len(self.plan.report_ids), 1)
        self.assertEqual(len(self.plan.activity_ids), 1)
        # the report handed in: the next due date is Q2's
        report = self.plan.report_ids
        self._fill(report, {self.wc: 900.0})
        report.with_user(self.advisor_a).action_submit()
        self.assertEqual(self.plan.next_due_date, date(2026, 7, 15))
        self.assertFalse(Plan._cron_fund_usage() & self.plan)


class TestFundUsageDemo(AdvisoryCase):
    def test_demo_report_shows_a_variance(self):
        if not self.env.ref(
            "advisory_client_mgmt.demo_engagement_execution", raise_if_not_found=False
        ):
            self.skipTest("installed without demo data")
        report = self.env.ref("advisory_client_mgmt.demo_fund_usage_report")
        self.assertEqual(report.state, "submitted")
        # the client of the demo portal login (huaxin) reads it in her workspace
        self.assertEqual(
            report.partner_id,
            self.env.ref(
                "advisory_client_mgmt.user_demo_portal_huaxin"
            ).partner_id.commercial_partner_id,
        )
        self.assertTrue(report.attachment_ids)
        self.assertIn(
            self.env.ref("advisory_client_mgmt.service_line_financing"),
            report.contract_id.engagement_id.service_line_ids,
        )
        capex = report.line_ids.filtered(lambda line: line.category_id.code == "CAPEX")
        self.assertAlmostEqual(capex.variance_ratio, 0.45, places=2)
        self.assertTrue(report._variance_breaches(0.2))
