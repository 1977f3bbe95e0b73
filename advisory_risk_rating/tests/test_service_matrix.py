from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import RiskCase

TODAY = date(2026, 3, 2)


@freeze_time("2026-03-02 09:00:00")
class TestServiceMatrix(RiskCase):
    """The shipped matrix applied by the segment recompute: plans, warnings, review
    depth; who edits the matrix; the managers' portfolio load; the batch's cost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the fixture's clients only (the demo clients would take the tiers)
        cls.env["res.partner"].search(
            [("is_advisory_client", "=", True)]
        ).is_advisory_client = False
        cls.Partner = cls.env["res.partner"]
        cls.Plan = cls.env["advisory.communication.plan"].with_context(
            active_test=False
        )
        cls.Alert = cls.env["advisory.risk.alert"]
        cls.call = cls.env.ref("advisory_client_mgmt.mail_activity_type_advisory_call")
        cls.meeting = cls.env.ref(
            "advisory_client_mgmt.mail_activity_type_advisory_meeting"
        )
        cls.email = cls.env.ref(
            "advisory_client_mgmt.mail_activity_type_advisory_email"
        )
        cls.row_a = cls.env.ref("advisory_risk_rating.service_matrix_a_unrated")
        cls.row_b = cls.env.ref("advisory_risk_rating.service_matrix_b_unrated")
        cls.row_c = cls.env.ref("advisory_risk_rating.service_matrix_c_unrated")
        cls.rm_rule = cls.env.ref("advisory_risk_rating.alert_rule_rm_missing")
        cls.no_contact_rule = cls.env.ref("advisory_risk_rating.alert_rule_no_contact")
        # the signed value of the last 12 months makes the tiers: top alone is A
        cls.top = cls._client("Matrix Top")
        cls._signed_contract(cls.top, 1000.0)
        cls.small = cls._client("Matrix Small")
        cls._contacted([cls.top, cls.small], days=1)

    @classmethod
    def _signed_contract(cls, client, amount):
        engagement = cls.env["advisory.engagement"].create({"partner_id": client.id})
        contract = cls.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "retainer",
                "amount": amount,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "signed_date": date(2026, 1, 15),
            }
        )
        # the fixture needs signed contracts, not the signing flow
        contract._write_state("active")
        return contract

    @classmethod
    def _contacted(cls, clients, days):
        # a fact the lifecycle cron records: written as the system
        for client in clients:
            client.sudo().last_contact_date = datetime(2026, 3, 2, 9) - relativedelta(
                days=days
            )

    def _recompute(self):
        self.env["res.partner"]._recompute_segments(self.company)
        self.env.flush_all()

    def _plans(self, client, active=True):
        return self.Plan.search(
            [("partner_id", "=", client.id), ("active", "=", active)], order="id"
        )

    def _plan_facts(self, client):
        return {
            plan.activity_type_id: (
                plan.interval_number,
                plan.interval_type,
                plan.next_date,
                plan.service_matrix_managed,
            )
            for plan in self._plans(client)
        }

    def _open_alerts(self, rule, client):
        return self.Alert.search(
            [
                ("rule_id", "=", rule.id),
                ("partner_id", "=", client.id),
                ("state", "!=", "resolved"),
            ]
        )

    def _snapshot(self, clients):
        plans = self.Plan.search([("partner_id", "in", clients.ids)], order="id")
        alerts = self.Alert.search([("partner_id", "in", clients.ids)], order="id")
        return (
            [
                (
                    plan.id,
                    plan.activity_type_id.id,
                    plan.interval_number,
                    plan.interval_type,
                    plan.next_date,
                    plan.active,
                    plan.write_date,
                )
                for plan in plans
            ],
            [(alert.id, alert.state) for alert in alerts],
            [
                (client.service_matrix_id.id, client.service_matrix_revision)
                for client in clients
            ],
        )

    # ------------------------------------------------------------------
    # Application
    # ------------------------------------------------------------------

    def test_recompute_applies_the_matrix_once(self):
        self._recompute()
        self.assertEqual(self.top.value_tier, "A")
        self.assertEqual(self.top.service_matrix_id, self.row_a)
        self.assertEqual(self.small.service_matrix_id, self.row_c)
        # tier A: a call and a meeting in turn, each every two months, a month apart
        self.assertEqual(
            self._plan_facts(self.top),
            {
                self.call: (2, "months", date(2026, 4, 2), True),
                self.meeting: (2, "months", date(2026, 5, 2), True),
            },
        )
        self.assertEqual(self._plans(self.top).user_id, self.advisor_a)
        # tier C: an e-mail every quarter
        self.assertEqual(
            self._plan_facts(self.small),
            {self.email: (3, "months", date(2026, 6, 2), True)},
        )
        self.assertEqual(self.top.next_contact_date, date(2026, 4, 2))
        clients = self.top | self.small
        before = self._snapshot(clients)
        self._recompute()
        self.assertEqual(
            self._snapshot(clients), before, "a second run changes nothing"
        )

    def test_tier_change_adjusts_the_plans_without_duplicates(self):
        self._recompute()
        # the advisor's own weekly call with the small client, made by hand
        own_call = self.Plan.with_user(self.advisor_a).create(
            {
                "partner_id": self.small.id,
                "activity_type_id": self.call.id,
                "interval_number": 1,
                "interval_type": "weeks",
                "next_date": date(2026, 3, 9),
            }
        )
        email_plan = self._plans(self.small)
        email_plan = email_plan.filtered(lambda p: p.activity_type_id == self.email)
        # the small client signs a large contract: it becomes A, top falls to B
        self._signed_contract(self.small, 9000.0)
        self._recompute()
        self.assertEqual(self.small.value_tier, "A")
        self.assertEqual(self.top.value_tier, "B")
        self.assertEqual(self.small.service_matrix_id, self.row_a)
        self.assertEqual(self.top.service_matrix_id, self.row_b)
        # the hand-made call is adjusted to the tier's cadence (its next call,
        # within the new rotation, stays), not doubled; the matrix's e-mail plan
        # left the mix: archived
        self.assertEqual(
            self._plan_facts(self.small),
            {
                self.call: (2, "months", date(2026, 3, 9), True),
                self.meeting: (2, "months", date(2026, 5, 2), True),
            },
        )
        self.assertIn(own_call, self._plans(self.small))
        self.assertFalse(email_plan.active)
        # tier B: calls and e-mails every two months in turn; the meeting archived
        self.assertEqual(
            self._plan_facts(self.top),
            {
                self.call: (4, "months", date(2026, 4, 2), True),
                self.email: (4, "months", date(2026, 7, 2), True),
            },
        )
        self.assertEqual(
            self._plans(self.top, active=False).activity_type_id, self.meeting
        )
        # back to A: the archived meeting plan comes back, no second one
        self._signed_contract(self.top, 50000.0)
        self._recompute()
        self.assertEqual(self.top.value_tier, "A")
        self.assertEqual(
            self.Plan.search_count(
                [
                    ("partner_id", "=", self.top.id),
                    ("activity_type_id", "=", self.meeting.id),
                ]
            ),
            1,
        )
        self.assertEqual(
            set(self._plan_facts(self.top)), {self.call, self.meeting}, "active plans"
        )

    def test_matrix_edit_is_applied_at_the_next_recompute(self):
        self._recompute()
        self.row_a.with_user(self.manager).write(
            {"contact_interval_number": 2, "contact_interval_type": "weeks"}
        )
        self.assertEqual(self.row_a.plan_revision, 1)
        self._recompute()
        self.assertEqual(
            self._plan_facts(self.top),
            {
                # next dates beyond the new rotation (four weeks) brought forward
                self.call: (4, "weeks", date(2026, 3, 16), True),
                self.meeting: (4, "weeks", date(2026, 3, 30), True),
            },
        )
        self.assertEqual(self.top.service_matrix_revision, 1)
        # another field of the row: no plan change, no new revision
        self.row_a.with_user(self.manager).dedicated_rm_required = False
        self.assertEqual(self.row_a.plan_revision, 1)

    def test_risk_level_picks_the_row(self):
        self._validated(self.top, override="C")
        self.assertEqual(self.top.risk_level, "critical")
        self._recompute()
        row = self.env.ref("advisory_risk_rating.service_matrix_a_critical")
        self.assertEqual(self.top.service_matrix_id, row)
        self.assertEqual(
            self._plan_facts(self.top),
            {
                self.call: (2, "weeks", date(2026, 3, 9), True),
                self.meeting: (2, "weeks", date(2026, 3, 16), True),
            },
        )

    # ------------------------------------------------------------------
    # Warnings
    # ------------------------------------------------------------------

    def test_tier_a_without_relationship_manager_warns_once(self):
        self.top.sudo().relationship_manager_id = False
        self._recompute()
        alert = self._open_alerts(self.rm_rule, self.top)
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.severity, "high")
        self.assertIn("dedicated relationship manager", alert.message)
        self.assertIn(self.officer, alert.activity_ids.user_id)
        self.assertFalse(
            self._open_alerts(self.rm_rule, self.small), "tier C needs no RM"
        )
        self._recompute()
        self.assertEqual(self._open_alerts(self.rm_rule, self.top), alert)
        self.assertEqual(
            self.Alert.search_count(
                [("rule_id", "=", self.rm_rule.id), ("partner_id", "=", self.top.id)]
            ),
            1,
        )
        self.top.with_user(self.manager).relationship_manager_id = self.advisor_b
        self._recompute()
        self.assertEqual(alert.state, "resolved")
        self.assertTrue(alert.auto_resolved)

    def test_no_contact_warning_follows_the_tier_cadence(self):
        # A: a month + 14 days of grace; C: three months + 30 days
        self._contacted([self.top, self.small], days=50)
        self._recompute()
        alert = self._open_alerts(self.no_contact_rule, self.top)
        self.assertEqual(len(alert), 1)
        self.assertIn("Tier A", alert.message)
        self.assertIn("every month", alert.message)
        self.assertFalse(self._open_alerts(self.no_contact_rule, self.small))
        self._contacted([self.small], days=125)
        self._recompute()
        self.assertTrue(self._open_alerts(self.no_contact_rule, self.small))
        self.assertEqual(len(self._open_alerts(self.no_contact_rule, self.top)), 1)
        # contacted again: the condition cleared
        self._contacted([self.top], days=2)
        self._recompute()
        self.assertFalse(self._open_alerts(self.no_contact_rule, self.top))

    def test_no_contact_without_a_row_uses_the_rule_days(self):
        self.row_c.unlink()
        self._contacted([self.small], days=80)
        self._recompute()
        self.assertFalse(self.small.service_matrix_id)
        self.assertFalse(self._open_alerts(self.no_contact_rule, self.small))
        self._contacted([self.small], days=95)
        self.env["advisory.risk.alert.rule"]._evaluate_partners(self.small)
        alert = self._open_alerts(self.no_contact_rule, self.small)
        self.assertIn("more than 90 days", alert.message)

    # ------------------------------------------------------------------
    # Proposal review depth
    # ------------------------------------------------------------------

    def test_proposal_review_depth_follows_the_client_until_submitted(self):
        engagement = self.env["advisory.engagement"].create({"partner_id": self.top.id})
        proposal = self.env["advisory.proposal"].create(
            {"engagement_id": engagement.id, "risk_disclosure": "<p>Markets move.</p>"}
        )
        self.assertEqual(proposal.review_depth, "standard", "no row yet")
        self._validated(self.top, override="C")
        self._recompute()
        self.assertEqual(proposal.review_depth, "thorough", "tier A, critical")
        proposal.with_user(self.advisor_a).action_submit()
        self.assertEqual(proposal.state, "to_review")
        self.env.ref("advisory_risk_rating.service_matrix_a_critical").with_user(
            self.officer
        ).proposal_review_depth = "light"
        self.assertEqual(proposal.review_depth, "thorough", "frozen under review")
        with self.assertRaises(UserError):
            proposal.with_user(self.manager).write({"review_depth": "light"})

    # ------------------------------------------------------------------
    # Security
    # ------------------------------------------------------------------

    def test_managers_and_risk_officers_edit_the_matrix_advisors_read_it(self):
        self.assertEqual(
            self.row_a.with_user(self.advisor_a).proposal_review_depth, "standard"
        )
        with self.assertRaises(AccessError):
            self.row_a.with_user(self.advisor_a).write({"contact_interval_number": 3})
        with self.assertRaises(AccessError):
            self.env["advisory.service.matrix"].with_user(self.advisor_a).create(
                {"value_tier": "A", "risk_level": "low"}
            )
        self.row_a.with_user(self.manager).contact_interval_number = 3
        self.row_a.with_user(self.officer).no_contact_grace_days = 20
        # the revision is the system's bookkeeping
        with self.assertRaises(UserError):
            self.row_a.with_user(self.manager).write({"plan_revision": 7})
        # one row per tier and level
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env["advisory.service.matrix"].with_user(self.manager).create(
                {"value_tier": "A", "risk_level": "unrated"}
            )

    def test_what_the_matrix_applied_is_not_written_by_users(self):
        self._recompute()
        with self.assertRaises(UserError):
            self.top.with_user(self.manager).write({"service_matrix_id": self.row_c.id})
        plan = self._plans(self.top)[:1]
        with self.assertRaises(UserError):
            plan.with_user(self.advisor_a).write({"service_matrix_managed": False})
        # the advisor still tunes the plan itself
        plan.with_user(self.advisor_a).interval_number = 1

    def test_bad_cadence_is_refused(self):
        row = self.row_a.with_user(self.manager)
        for vals, message in (
            ({"contact_interval_number": 0}, "cadence"),
            # two channels every 61 months: each every 122 months
            ({"contact_interval_number": 61}, "ten years"),
            ({"no_contact_grace_days": -1}, "grace"),
        ):
            with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
                row.write(vals)

    def test_matrix_rows_of_another_company_are_not_seen(self):
        other = self.env["advisory.service.matrix"].create(
            {
                "company_id": self.company_2.id,
                "value_tier": "A",
                "risk_level": "low",
                "channel_ids": [Command.set(self.call.ids)],
            }
        )
        rows = self.env["advisory.service.matrix"].with_user(self.manager).search([])
        self.assertNotIn(other, rows)
        self.assertIn(self.row_a, rows)

    def test_managers_see_the_portfolio_load(self):
        self._recompute()
        action = self.env.ref("advisory_risk_rating.res_partner_action_portfolio_load")
        manager_group = self.env.ref("advisory_client_mgmt.group_advisory_manager")
        self.assertEqual(action.groups_id, manager_group)
        menu = self.env.ref("advisory_risk_rating.res_partner_menu_portfolio_load")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.advisor_a)._visible_menu_ids())
        self._client("Matrix Other", advisor=self.advisor_b)
        self._recompute()
        load = {
            (user.login if user else None, tier): count
            for user, tier, count in self.env["res.partner"]
            .with_user(self.manager)
            ._read_group(
                safe_eval(action.domain),
                ["relationship_manager_id", "value_tier"],
                ["__count"],
            )
        }
        self.assertEqual(
            load, {("advisor_a", "A"): 1, ("advisor_a", "C"): 1, ("advisor_b", "C"): 1}
        )

    # ------------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------------

    def _batch_clients(self, count):
        """``count`` clients without value (tier C after the recompute), a third
        of them without a relationship manager, every one on the risk level of its
        row: the same composition whatever ``count``."""
        clients = self.Partner.create(
            [
                {
                    "name": f"Batch {count}-{index}",
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": (
                        False if index % 3 == 0 else self.advisor_a.id
                    ),
                }
                for index in range(count)
            ]
        )
        self._contacted(clients, days=400)
        return clients

    def _application_queries(self, clients, tier):
        """Queries of one application of the matrix to ``clients`` moved to
        ``tier`` (their plans made or adjusted, their warnings opened)."""
        clients.sudo().write({"value_tier": tier})
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.env["res.partner"]._apply_service_matrix(self.company, clients)
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_application_queries_do_not_grow_with_the_clients(self):
        # warm up the caches (activity types, models, rules...)
        self._application_queries(self._batch_clients(2), "C")
        few = self._batch_clients(6)
        many = self._batch_clients(30)
        first_few = self._application_queries(few, "C")
        first_many = self._application_queries(many, "C")
        self.assertEqual(first_many, first_few, "plans made, warnings opened")
        self.assertEqual(len(self._plans(many[0])), 1)
        self.assertEqual(
            self.Alert.search_count(
                [
                    ("rule_id", "=", self.no_contact_rule.id),
                    ("partner_id", "in", many.ids),
                ]
            ),
            30,
        )
        # a tier change: plans adjusted and archived, more warnings
        change_few = self._application_queries(few, "A")
        change_many = self._application_queries(many, "A")
        self.assertEqual(change_many, change_few, "plans adjusted")
        self.assertEqual(
            self.Alert.search_count(
                [("rule_id", "=", self.rm_rule.id), ("partner_id", "in", many.ids)]
            ),
            10,
        )
        # nothing to do: the steady state of the daily run
        self.assertEqual(
            self._application_queries(many, "A"), self._application_queries(few, "A")
        )
        with self.assertQueryCount(__system__=60):
            self.env["res.partner"]._apply_service_matrix(self.company, many)
