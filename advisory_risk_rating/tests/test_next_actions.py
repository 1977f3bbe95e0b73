from datetime import datetime, timedelta

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import RiskCase


@tagged("post_install", "-at_install")
class NextActionCase(RiskCase):
    """A tier-A client of advisor A that every shipped rule of the addon fits: no
    meeting, a verified document expiring in 20 days, a project with a KPI at 50 %
    of its target, dormant with an open opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["advisory.next.action.rule"]
        cls.Action = cls.env["advisory.next.action"]
        cls.meeting_rule = cls.env.ref(
            "advisory_risk_rating.next_action_rule_tier_a_meeting"
        )
        cls.document_rule = cls.env.ref(
            "advisory_risk_rating.next_action_rule_document_expiring"
        )
        cls.kpi_rule = cls.env.ref(
            "advisory_risk_rating.next_action_rule_kpi_off_track"
        )
        cls.dormant_rule = cls.env.ref(
            "advisory_risk_rating.next_action_rule_dormant_opportunity"
        )
        cls.shipped = (
            cls.meeting_rule | cls.document_rule | cls.kpi_rule | cls.dormant_rule
        )
        cls.today = fields.Date.context_today(
            cls.env["res.partner"].with_user(cls.advisor_a)
        )
        cls.doc_type = cls.env["advisory.document.type"].create(
            {"name": "Business licence (NBA test)"}
        )
        cls.client = cls._fit_client("NBA Trading")

    @classmethod
    def _fit_client(cls, name, advisor=None):
        client = cls._client(name, advisor=advisor)
        # facts the segment and lifecycle jobs record: written as the system
        client.sudo().write({"value_tier": "A", "lifecycle_state": "dormant"})
        document = (
            cls.env["advisory.client.document"]
            .sudo()
            .create(
                {
                    "partner_id": client.id,
                    "type_id": cls.doc_type.id,
                    "expiry_date": cls.today + timedelta(days=20),
                }
            )
        )
        document._write_state("verified")
        project = (
            cls.env["project.project"]
            .sudo()
            .create({"name": f"{name} restructuring", "partner_id": client.id})
        )
        cls.env["advisory.project.kpi"].sudo().create(
            {
                "project_id": project.id,
                "name": "Cost savings",
                "target": 100,
                "actual": 50,
            }
        )
        cls.env["crm.lead"].sudo().create(
            {
                "name": f"{name} refinancing",
                "partner_id": client.id,
                "type": "opportunity",
            }
        )
        return client

    def _open(self, rule, client=None):
        return self.Action.search(
            [
                ("rule_id", "=", rule.id),
                ("partner_id", "=", (client or self.client).id),
                ("state", "=", "open"),
            ]
        )

    def _evaluate(self, clients=None):
        return self.Rule._evaluate_partners(clients or self.client)


class TestNextActions(NextActionCase):
    def test_each_shipped_rule_fires_once_and_not_again_while_open(self):
        self.Rule._cron_evaluate()
        self.Rule._cron_evaluate()
        self._evaluate()
        for rule in self.shipped:
            action = self._open(rule)
            self.assertEqual(len(action), 1, rule.name)
            # the activity on the client, for its relationship manager, says why
            activity = action.suggested_activity_ids
            self.assertEqual(len(activity), 1, rule.name)
            self.assertEqual(
                (activity.res_model, activity.res_id), ("res.partner", self.client.id)
            )
            self.assertEqual(activity.user_id, self.advisor_a)
            self.assertEqual(action.user_id, self.advisor_a)
            self.assertEqual(activity.activity_type_id, rule.activity_type_id)
            self.assertEqual(
                activity.date_deadline, self.today + timedelta(days=rule.deadline_days)
            )
            self.assertEqual(activity.summary, rule.summary)
            # the reason stays on the suggestion: whoever reads the client sees
            # its activities
            self.assertNotIn(action.reason.split(":")[0][:15], str(activity.note))
            self.assertIn("its reason is on the suggestion", str(activity.note))
        self.assertIn("Cost savings (50 %)", self._open(self.kpi_rule).reason)
        self.assertIn(self.doc_type.name, self._open(self.document_rule).reason)
        self.assertIn("refinancing", self._open(self.dormant_rule).source_name)
        self.assertEqual(
            self.client.with_user(self.advisor_a).next_action_open_count, 4
        )

    def test_rules_follow_their_conditions(self):
        """A client that fits no condition gets no suggestion: a recent meeting,
        tier B, an active client, a document far from expiry, KPIs on track."""
        client = self._client("Quiet Client")
        client.sudo().write({"value_tier": "B", "lifecycle_state": "active"})
        self.assertFalse(self._evaluate(client))
        # tier A with a meeting logged 10 days ago: no meeting suggestion either
        client.sudo().value_tier = "A"
        client.message_post(
            body="Quarterly meeting",
            message_type="comment",
            mail_activity_type_id=self.meeting_rule.activity_type_id.id,
        )
        self.assertFalse(self._evaluate(client))
        with freeze_time(datetime.now() + timedelta(days=31)):
            self.assertEqual(self._evaluate(client).rule_id, self.meeting_rule)

    def test_unique_open_suggestion_in_database(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.meeting_rule)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self.Action.sudo().create(
                {
                    "rule_id": action.rule_id.id,
                    "partner_id": self.client.id,
                    "reason": "twice",
                }
            )

    def test_activity_done_sets_suggestion_done_and_period_repeats(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.meeting_rule)
        activity = action.suggested_activity_ids
        activity.with_user(self.advisor_a).action_feedback(feedback="Met the CFO")
        self.assertEqual(action.state, "done")
        self.assertEqual(action.closed_by_id, self.advisor_a)
        self.assertTrue(action.date_closed)
        self.assertFalse(activity.exists())
        # the meeting is logged on the client: no new suggestion
        self._evaluate()
        self.assertFalse(self._open(self.meeting_rule))
        # a month later without a meeting: suggested again (a new period)
        with freeze_time(datetime.now() + timedelta(days=40)):
            self._evaluate()
            again = self._open(self.meeting_rule)
            self.assertEqual(len(again), 1)
            self.assertNotEqual(again, action)

    def test_done_button_closes_the_activity(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.kpi_rule)
        activity = action.suggested_activity_ids
        action.with_user(self.advisor_a).action_done()
        self.assertEqual(action.state, "done")
        self.assertFalse(activity.exists())
        done_message = self.client.message_ids.filtered(
            lambda m: m.mail_activity_type_id == self.kpi_rule.activity_type_id
        )
        self.assertTrue(done_message)
        with self.assertRaisesRegex(UserError, "cannot be done"):
            action.with_user(self.advisor_a).action_done()

    def test_ignore_needs_a_reason_and_repeats_after_the_period(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.document_rule)
        activity = action.suggested_activity_ids
        with self.assertRaisesRegex(UserError, "Say why"):
            action.with_user(self.advisor_a).action_ignore()
        self.assertEqual(action.state, "open")
        action.with_user(self.advisor_a).action_ignore("Renewal already requested")
        self.assertEqual(action.state, "ignored")
        self.assertEqual(action.ignore_reason, "Renewal already requested")
        self.assertFalse(activity.exists())
        with self.assertRaisesRegex(UserError, "is closed"):
            action.with_user(self.advisor_a).ignore_reason = "changed"
        # within the repeat period: not suggested again
        self._evaluate()
        self.assertFalse(self._open(self.document_rule))
        # after it, the document still expiring: suggested again
        with freeze_time(datetime.now() + timedelta(days=31)):
            self._evaluate()
            self.assertEqual(len(self._open(self.document_rule)), 1)

    def test_ignore_with_the_form_reason(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.kpi_rule)
        action.with_user(self.advisor_a).ignore_reason = "Client accepted the delay"
        action.with_user(self.advisor_a).action_ignore()
        self.assertEqual(action.state, "ignored")

    def test_repeat_zero_never_again(self):
        self.document_rule.repeat_days = 0
        action = self._evaluate().filtered(lambda a: a.rule_id == self.document_rule)
        action.with_user(self.advisor_a).action_done()
        with freeze_time(datetime.now() + timedelta(days=200)):
            self._evaluate()
            self.assertFalse(self._open(self.document_rule))

    def test_cancelled_activity_ignores_the_suggestion(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.dormant_rule)
        action.suggested_activity_ids.with_user(self.advisor_a).unlink()
        self.assertEqual(action.state, "ignored")
        self.assertIn("cancelled", action.ignore_reason)

    def test_only_the_clients_team_closes_a_suggestions_activity(self):
        """Odoo lets anyone who may edit the client close its activities: a plain
        employee or another advisor closing the suggested activity would close
        the suggestion (the scorecard counts it as acted on)."""
        action = self._evaluate().filtered(lambda a: a.rule_id == self.meeting_rule)
        activity = action.suggested_activity_ids
        employee = new_test_user(
            self.env,
            login="nba_contact_editor",
            groups="base.group_user,base.group_partner_manager",
        )
        self.assertTrue(activity.with_user(employee).has_access("write"))
        for user in (employee, self.advisor_b):
            with self.assertRaises(AccessError):
                activity.with_user(user).action_feedback(feedback="Done, trust me")
            with self.assertRaises(AccessError):
                activity.with_user(user).unlink()
            self.assertEqual(action.state, "open")
            self.assertTrue(activity.exists())
        # whoever reads the client reads its activities: neither the reason nor
        # the link to the suggestion shows
        self.assertNotIn("meeting", str(activity.with_user(employee).note))
        with self.assertRaises(AccessError):
            activity.with_user(employee).read(["advisory_next_action_id"])

    def test_bad_input_is_refused_cleanly(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.kpi_rule)
        with self.assertRaisesRegex(UserError, "is a text"):
            action.with_user(self.advisor_a).action_ignore(5)
        self.assertEqual(action.state, "open")
        portal = self.env["res.users"].create(
            {
                "name": "Portal NBA",
                "login": "portal_nba",
                "groups_id": [
                    fields.Command.set([self.env.ref("base.group_portal").id])
                ],
            }
        )
        with self.assertRaisesRegex(ValidationError, "internal user"):
            self.kpi_rule.user_id = portal

    def test_risk_officer_reads_every_clients_stage_history(self):
        events = self.env["advisory.stage.event"].search([])
        self.assertTrue(events)
        self.assertEqual(
            self.env["advisory.stage.event"].with_user(self.officer).search([]),
            events,
        )

    def test_outcome_on_contract_signing(self):
        action = self._evaluate().filtered(lambda a: a.rule_id == self.dormant_rule)
        activity = action.suggested_activity_ids
        other = self._open(self.meeting_rule)
        engagement = self.env["advisory.engagement"].create(
            {"partner_id": self.client.id}
        )
        contract = self.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "retainer",
                "amount": 1000.0,
                "date_start": self.today,
                "date_end": self.today + timedelta(days=365),
                "signed_date": self.today,
                "signer_name": "Li Wei",
            }
        )
        # the reviews are not this test's subject
        contract._write_state("approved")
        contract.with_user(self.advisor_a).action_sign()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(action.state, "outcome")
        self.assertIn(contract.name, action.outcome)
        self.assertTrue(action.date_outcome)
        self.assertFalse(activity.exists())
        # a meeting suggestion is not a contract's outcome
        self.assertEqual(other.state, "open")


class TestNextActionSecurity(NextActionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_of_b = cls._fit_client("NBA Beta", advisor=cls.advisor_b)
        cls.actions = cls.Rule._evaluate_partners(cls.client | cls.client_of_b)

    def test_advisor_cannot_write_state_or_outcome(self):
        action = self.actions.filtered(lambda a: a.partner_id == self.client)[0]
        as_advisor = action.with_user(self.advisor_a)
        for vals in (
            {"state": "done"},
            {"outcome": "Renewal signed"},
            {"date_closed": fields.Datetime.now()},
            {"reason": "other"},
        ):
            with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                as_advisor.write(vals)
        self.assertEqual(action.state, "open")
        # refused (the protected fields, the access rights)
        with self.assertRaises(UserError):
            self.Action.with_user(self.advisor_a).create(
                {
                    "rule_id": self.meeting_rule.id,
                    "partner_id": self.client.id,
                    "reason": "made up",
                }
            )
        # an activity cannot be linked to a suggestion by hand (its done would
        # close the suggestion)
        with self.assertRaises(AccessError):
            self.env["mail.activity"].with_user(self.advisor_a).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.client.id,
                    "advisory_next_action_id": action.id,
                }
            )

    def test_advisor_sees_only_own_clients(self):
        mine = self.Action.with_user(self.advisor_a).search([])
        self.assertTrue(mine)
        self.assertEqual(mine.partner_id, self.client)
        theirs = self.actions.filtered(lambda a: a.partner_id == self.client_of_b)
        self.assertEqual(len(theirs), 4)
        with self.assertRaises(AccessError):
            theirs[0].with_user(self.advisor_a).reason  # noqa: B018
        with self.assertRaises(AccessError):
            theirs[0].with_user(self.advisor_a).action_ignore("not mine")
        self.assertEqual(
            self.Action.with_user(self.manager).search_count(
                [("id", "in", self.actions.ids)]
            ),
            8,
        )
        theirs[0].with_user(self.manager).action_done()
        self.assertEqual(theirs[0].state, "done")

    def test_rules_configured_by_managers(self):
        with self.assertRaises(AccessError):
            self.meeting_rule.with_user(self.advisor_a).days = 10
        self.meeting_rule.with_user(self.manager).days = 45
        self.assertEqual(self.meeting_rule.days, 45)
        self.assertEqual(
            self.meeting_rule.open_count,
            self.Action.search_count(
                [("rule_id", "=", self.meeting_rule.id), ("state", "=", "open")]
            ),
        )
        self.assertGreaterEqual(self.meeting_rule.open_count, 2)


class TestNextActionQueries(NextActionCase):
    def test_evaluation_queries_constant_in_clients(self):
        def make(count, prefix):
            clients = self.env["res.partner"]
            for index in range(count):
                clients |= self._fit_client(f"{prefix} {index}")
            self.env.flush_all()
            self.env.invalidate_all()
            return clients

        def queries(clients):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            created = self._evaluate(clients)
            self.env.flush_all()
            self.assertEqual(len(created), 4 * len(clients))
            return self.env.cr.sql_log_count - start

        queries(make(2, "Warm"))  # caches (xml ids, models) warmed up
        budget = queries(make(2, "Few"))
        many = make(10, "Many")
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            self._evaluate(many)
            self.env.flush_all()
        # the steady state: nothing new, fewer queries still
        with self.assertQueryCount(budget):
            self.assertFalse(self._evaluate(many))
