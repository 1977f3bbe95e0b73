import pathlib
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.modules.migration import load_script
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .test_engagement_flow import EngagementCase

MIGRATIONS = pathlib.Path(__file__).resolve().parent.parent / "migrations"
MIGRATION = MIGRATIONS / "18.0.1.5.0" / "post-migrate.py"


class TestStageEvents(EngagementCase):
    def _events(self, record):
        events = self.env["advisory.stage.event"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)],
            order="date, id",
        )
        return [(e.state_from, e.state_to, e.date) for e in events]

    def _timeline(self):
        """An engagement, its proposal and its contract through their buttons, as
        the advisor, the manager (proposal review) and the legal reviewer."""
        with freeze_time("2026-03-02 09:00:00"):
            engagement = (
                self.env["advisory.engagement"]
                .with_user(self.advisor_a)
                .create(
                    {
                        "partner_id": self.client_a.id,
                        "relationship_manager_id": self.advisor_a.id,
                    }
                )
            )
        with freeze_time("2026-03-03 10:00:00"):
            proposal = self._proposal(engagement)
        with freeze_time("2026-03-04 10:00:00"):
            proposal.action_submit()
        with freeze_time("2026-03-05 16:30:00"):
            proposal.with_user(self.manager).validate_tier()
        with freeze_time("2026-03-06 10:00:00"):
            proposal.action_present()
        with freeze_time("2026-03-09 10:00:00"):
            proposal.action_accept()
        with freeze_time("2026-03-10 10:00:00"):
            contract = self._contract(engagement)
        with freeze_time("2026-03-11 08:00:00"):
            contract.action_submit()
        with freeze_time("2026-03-12 20:00:00"):
            contract.with_user(self.legal).validate_tier()
        with freeze_time("2026-03-20 11:00:00"):
            contract.write({"signed_date": date(2026, 3, 20), "signer_name": "Li Wei"})
            contract.action_sign()
        self.env.flush_all()
        return engagement, proposal, contract

    def test_stage_events_of_a_timeline(self):
        engagement, proposal, contract = self._timeline()
        self.assertEqual(
            self._events(proposal),
            [
                (False, "draft", datetime(2026, 3, 3, 10)),
                ("draft", "to_review", datetime(2026, 3, 4, 10)),
                ("to_review", "approved", datetime(2026, 3, 5, 16, 30)),
                ("approved", "presented", datetime(2026, 3, 6, 10)),
                ("presented", "accepted", datetime(2026, 3, 9, 10)),
            ],
        )
        self.assertEqual(
            self._events(contract),
            [
                (False, "draft", datetime(2026, 3, 10, 10)),
                ("draft", "to_approve", datetime(2026, 3, 11, 8)),
                ("to_approve", "approved", datetime(2026, 3, 12, 20)),
                ("approved", "signed", datetime(2026, 3, 20, 11)),
            ],
        )
        self.assertEqual(
            self._events(engagement),
            [
                (False, "draft", datetime(2026, 3, 2, 9)),
                ("draft", "proposal", datetime(2026, 3, 3, 10)),
                ("proposal", "contracting", datetime(2026, 3, 9, 10)),
                ("contracting", "execution", datetime(2026, 3, 20, 11)),
            ],
        )
        events = self.env["advisory.stage.event"].search(
            [("res_model", "=", "advisory.proposal"), ("res_id", "=", proposal.id)]
        )
        review = events.filtered(lambda e: e.state_to == "to_review")
        # who made the change: the advisor submitted, the manager's review approved
        self.assertEqual(review.user_id, self.advisor_a)
        self.assertEqual(
            events.filtered(lambda e: e.state_to == "approved").user_id, self.manager
        )
        self.assertEqual(review.partner_id, self.client_a)
        self.assertEqual(review.company_id, self.company)
        # the time in the state: entered on the 4th at 10:00, left on the 5th 16:30
        self.assertEqual(review.left_date, datetime(2026, 3, 5, 16, 30))
        self.assertAlmostEqual(review.duration_hours, 30.5)
        accepted = events.filtered(lambda e: e.state_to == "accepted")
        self.assertFalse(accepted.left_date)

    def test_users_only_read_events(self):
        engagement, proposal, _contract = self._timeline()
        Event = self.env["advisory.stage.event"]
        event = Event.search(
            [("res_model", "=", "advisory.proposal"), ("res_id", "=", proposal.id)],
            order="date, id",
            limit=1,
        )
        # the advisor of the client reads the history of her documents...
        self.assertEqual(
            event.with_user(self.advisor_a).read(["state_to"])[0]["id"], event.id
        )
        # ... the other advisor does not see it
        self.assertFalse(
            Event.with_user(self.advisor_b).search([("id", "=", event.id)])
        )
        for user in (self.advisor_a, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Event.with_user(user).create(
                        {
                            "res_model": "advisory.engagement",
                            "res_id": engagement.id,
                            "company_id": self.company.id,
                            "state_to": "done",
                        }
                    )
                with self.assertRaises(AccessError):
                    event.with_user(user).write({"state_to": "rejected"})
                with self.assertRaises(AccessError):
                    event.with_user(user).unlink()
        self.assertEqual(event.state_to, "draft")

    def test_batch_state_change_query_count(self):
        """A batch state change records its events with one INSERT: the queries do
        not grow with the number of records."""
        Engagement = self.env["advisory.engagement"].with_user(self.advisor_a)
        Event = self.env["advisory.stage.event"]

        def make(count):
            return Engagement.create(
                [
                    {
                        "partner_id": self.client_a.id,
                        "relationship_manager_id": self.advisor_a.id,
                    }
                    for _index in range(count)
                ]
            )

        def count_queries(engagements):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            engagements.action_start_needs_analysis()
            self.env.flush_all()
            return self.cr.sql_log_count - start

        count_queries(make(2))  # warm-up
        small, large = make(2), make(10)
        self.assertEqual(count_queries(small), count_queries(large))
        self.assertEqual(
            Event.search_count(
                [
                    ("res_model", "=", "advisory.engagement"),
                    ("res_id", "in", large.ids),
                    ("state_from", "=", "draft"),
                    ("state_to", "=", "needs_analysis"),
                ]
            ),
            10,
        )

    def test_migration_fills_the_history(self):
        """The migration of 18.0.1.5.0 gives the documents that existed before it
        one event "entered its current state" (idempotent)."""
        draft = self.engagement
        proposal = self._proposal()  # the engagement moves to "proposal"
        in_proposal = proposal.engagement_id
        other = self.env["advisory.engagement"].create({"partner_id": self.client_b.id})
        self.env.flush_all()
        self.assertEqual((in_proposal.state, other.state), ("proposal", "draft"))
        # a database before the history: no event, known creation and change dates
        self.env.cr.execute(SQL("DELETE FROM advisory_stage_event"))
        self.env.cr.execute(
            SQL(
                "UPDATE advisory_engagement SET create_date = %s, write_date = %s "
                "WHERE id = ANY(%s)",
                datetime(2025, 1, 10, 8),
                datetime(2025, 2, 20, 15),
                [in_proposal.id, other.id],
            )
        )
        self.env.invalidate_all()
        migration = load_script(str(MIGRATION), "stage_migration")
        migration.migrate(self.env.cr, "18.0.1.4.0")
        migration.migrate(self.env.cr, "18.0.1.4.0")  # run twice: nothing more
        self.assertEqual(
            self._events(in_proposal), [(False, "proposal", datetime(2025, 2, 20, 15))]
        )
        self.assertEqual(
            self._events(other), [(False, "draft", datetime(2025, 1, 10, 8))]
        )
        self.assertEqual(draft, in_proposal)
        self.assertEqual(len(self._events(proposal)), 1)
        event = self.env["advisory.stage.event"].search(
            [("res_model", "=", "advisory.engagement"), ("res_id", "=", other.id)]
        )
        self.assertEqual(event.partner_id, self.client_b)
        self.assertEqual(event.company_id, other.company_id)

    def test_saved_filters_follow_the_event_fields_at_the_upgrade(self):
        """18.0.1.8.0 drops the history's log columns: a user's saved filter on
        them reads the event's own date and user instead, and still runs."""
        saved = self.env["ir.filters"].create(
            {
                "name": "Changes by me, per month",
                "model_id": "advisory.stage.event",
                "domain": "[('create_uid', '=', uid), "
                "('write_date', '>', '2025-01-01')]",
                "context": "{'group_by': ['create_date:month', 'write_uid']}",
                "sort": '["create_date desc"]',  # JSON (a check of the table)
            }
        )
        load_script(
            str(MIGRATIONS / "18.0.1.8.0" / "post-migrate.py"), "stage_migration"
        ).migrate(self.env.cr, "18.0.1.7.0")
        saved.invalidate_recordset()
        self.assertEqual(
            saved.domain, "[('user_id', '=', uid), ('date', '>', '2025-01-01')]"
        )
        self.assertEqual(saved.context, "{'group_by': ['date:month', 'user_id']}")
        self.assertEqual(saved.sort, '["date desc"]')
        # the filter as the web client applies it: the list and the groups
        Event = self.env["advisory.stage.event"]
        domain = safe_eval(saved.domain, {"uid": self.env.uid})
        Event.search(domain, order=", ".join(safe_eval(saved.sort)))
        Event.read_group(domain, [], safe_eval(saved.context)["group_by"], lazy=False)
