"""Two requests at the same moment, each in its own transaction, as two workers of a
production server run them: no duplicate, no lost write, no internal error.

Each test commits its fixture through a real cursor (the test database is fresh for
the run) and removes it at the end. The requests run in threads through
``odoo.service.model.retrying``, the wrapper of every RPC and web client request,
which retries a transaction that failed on a concurrent update.
"""

import threading
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import retrying
from odoo.tests import BaseCase, get_db_name, new_test_user, tagged

WAIT = 30  # seconds; only reached when a request hangs


class Request(threading.Thread):
    """One request in its own transaction, retried like an RPC call."""

    def __init__(self, registry, work, uid=SUPERUSER_ID):
        super().__init__(daemon=True)
        self.registry = registry
        self.work = work
        self.uid = uid
        self.attempts = 0
        self.result = self.error = None

    def run(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.uid, {})

            def attempt():
                self.attempts += 1
                return self.work(env)

            try:
                self.result = retrying(attempt, env)
            except Exception as error:
                self.error = error


@tagged("post_install", "-at_install")
class TestConcurrency(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _committed(self, work):
        """Run ``work(env)`` in its own committed transaction."""
        with self.registry.cursor() as cr:
            return work(api.Environment(cr, SUPERUSER_ID, {}))

    def _race(
        self, first_work, second_work, first_uid=SUPERUSER_ID, second_uid=SUPERUSER_ID
    ):
        """The first request does its work and holds its transaction open; the
        second starts (its view of the database taken before the first commits) and
        runs into the first one; then the first commits."""
        first_done, release_first = threading.Event(), threading.Event()

        def first(env):
            result = first_work(env)
            env.flush_all()
            first_done.set()
            release_first.wait(WAIT)
            return result

        def second(env):
            if second_request.attempts == 1:
                # the view of the database of this transaction: before the commit
                env.cr.execute("SELECT 1")
                release_timer.start()
            return second_work(env)

        first_request = Request(self.registry, first, first_uid)
        second_request = Request(self.registry, second, second_uid)
        # the second request waits on the first's rows; let the first commit then
        release_timer = threading.Timer(1.0, release_first.set)
        first_request.start()
        self.assertTrue(first_done.wait(WAIT), "the first request did not run")
        second_request.start()
        for request in (first_request, second_request):
            request.join(WAIT)
            self.assertFalse(request.is_alive(), "a request hangs")
        return first_request, second_request

    def test_two_proposals_created_at_once_get_distinct_versions(self):
        def fixture(env):
            client = env["res.partner"].create(
                {"name": "Race Client", "is_company": True, "is_advisory_client": True}
            )
            return env["advisory.engagement"].create({"partner_id": client.id}).id

        engagement_id = self._committed(fixture)

        def cleanup(env):
            engagement = env["advisory.engagement"].browse(engagement_id)
            client = engagement.partner_id
            env["advisory.proposal"].search(
                [("engagement_id", "=", engagement_id)]
            ).unlink()
            engagement.unlink()
            client.unlink()

        self.addCleanup(self._committed, cleanup)

        def create_proposal(env):
            return (
                env["advisory.proposal"]
                .create({"engagement_id": engagement_id, "fee_estimate": 1000.0})
                .id
            )

        first, second = self._race(create_proposal, create_proposal)
        self.assertIsNone(first.error)
        self.assertIsNone(second.error, "the second proposal was refused")
        self.assertEqual(
            second.attempts, 2, "the second request is retried after the first"
        )
        versions = self._committed(
            lambda env: env["advisory.proposal"]
            .search([("engagement_id", "=", engagement_id)])
            .mapped("version")
        )
        self.assertEqual(sorted(versions), [1, 2])

    def _snapshot_counts(self, env, date_from, date_to):
        snapshots = env["advisory.kpi.snapshot"].search(
            [("date_from", "=", date_from), ("date_to", "=", date_to)]
        )
        return len(snapshots), len(snapshots.line_ids)

    def test_two_computations_of_a_first_snapshot(self):
        date_from, date_to = date(2019, 1, 1), date(2019, 1, 31)
        self.addCleanup(
            self._committed,
            lambda env: env["advisory.kpi.snapshot"]
            .search([("date_from", "=", date_from), ("date_to", "=", date_to)])
            .unlink(),
        )

        def compute(env):
            return (
                env["advisory.kpi.snapshot"]
                ._compute_snapshot(env.company, date_from, date_to)
                .id
            )

        first, second = self._race(compute, compute)
        self.assertIsNone(first.error)
        self.assertIsInstance(second.error, UserError)
        self.assertIn("at the same moment", str(second.error))
        count, lines = self._committed(
            lambda env: self._snapshot_counts(env, date_from, date_to)
        )
        kpis = self._committed(
            lambda env: sum(
                spec["active"]
                for spec in env["advisory.kpi.definition"]._kpi_specs().values()
            )
        )
        self.assertEqual((count, lines), (1, kpis), "one snapshot, one line per KPI")

    def test_two_recomputations_of_a_snapshot(self):
        date_from, date_to = date(2019, 2, 1), date(2019, 2, 28)
        self.addCleanup(
            self._committed,
            lambda env: env["advisory.kpi.snapshot"]
            .search([("date_from", "=", date_from), ("date_to", "=", date_to)])
            .unlink(),
        )

        def compute(env):
            return (
                env["advisory.kpi.snapshot"]
                ._compute_snapshot(env.company, date_from, date_to)
                .id
            )

        existing = self._committed(compute)
        _count, lines = self._committed(
            lambda env: self._snapshot_counts(env, date_from, date_to)
        )
        first, second = self._race(compute, compute)
        self.assertIsNone(first.error)
        self.assertIsNone(second.error, "a recomputation was refused")
        self.assertEqual(second.attempts, 2)
        self.assertNotIn(existing, (first.result, second.result))
        self.assertEqual(
            self._committed(lambda env: self._snapshot_counts(env, date_from, date_to)),
            (1, lines),
            "one snapshot with one line per KPI",
        )

    def _submitted_proposal(self, env, suffix):
        """A proposal under review and two managers, its possible reviewers."""
        managers = [
            new_test_user(
                env,
                login=f"race_manager_{suffix}_{n}",
                groups="advisory_client_mgmt.group_advisory_manager",
            )
            for n in (1, 2)
        ]
        client = env["res.partner"].create(
            {
                "name": f"Review Race {suffix}",
                "is_company": True,
                "is_advisory_client": True,
            }
        )
        engagement = env["advisory.engagement"].create({"partner_id": client.id})
        proposal = env["advisory.proposal"].create(
            {
                "engagement_id": engagement.id,
                "summary": "<p>Refinance the group.</p>",
                "risk_disclosure": "<p>Rates may rise.</p>",
                "fee_estimate": 1000.0,
            }
        )
        proposal.action_submit()
        return proposal.id, [manager.id for manager in managers]

    def _cleanup_proposal(self, proposal_id, user_ids):
        def cleanup(env):
            proposal = env["advisory.proposal"].browse(proposal_id)
            engagement = proposal.engagement_id
            client = engagement.partner_id
            proposal.review_ids.unlink()
            proposal.unlink()
            engagement.unlink()
            client.unlink()
            # the users stay (their messages keep their author), unable to log in
            env["res.users"].browse(user_ids).active = False

        self.addCleanup(self._committed, cleanup)

    def _proposal_outcome(self, proposal_id):
        def outcome(env):
            proposal = env["advisory.proposal"].browse(proposal_id)
            return proposal.state, proposal.review_ids.mapped(
                lambda review: (review.status, review.done_by.id)
            )

        return self._committed(outcome)

    def test_two_reviewers_decide_the_same_proposal_at_once(self):
        proposal_id, (first_uid, second_uid) = self._committed(
            lambda env: self._submitted_proposal(env, "a")
        )
        self._cleanup_proposal(proposal_id, [first_uid, second_uid])

        def approve(env):
            return env["advisory.proposal"].browse(proposal_id).validate_tier()

        def reject(env):
            return env["advisory.proposal"].browse(proposal_id).reject_tier()

        first, second = self._race(approve, reject, first_uid, second_uid)
        self.assertIsNone(first.error)
        self.assertIsInstance(second.error, UserError, "a clear refusal, no error")
        self.assertIn("is already decided: Approved by", str(second.error))
        self.assertEqual(second.attempts, 2)
        state, reviews = self._proposal_outcome(proposal_id)
        self.assertEqual(state, "approved", "the first decision stands")
        self.assertEqual(reviews, [("approved", first_uid)])

    def test_rerating_while_an_advisor_changes_a_statement(self):
        def fixture(env):
            client = env["res.partner"].create(
                {"name": "Rerate Race", "is_company": True, "is_advisory_client": True}
            )
            statement = env["advisory.financial.statement"].create(
                {
                    "partner_id": client.id,
                    "period_type": "year",
                    "period_start": date(2024, 1, 1),
                    "period_end": date(2024, 12, 31),
                    "total_assets": 1000.0,
                    "current_assets": 600.0,
                    "total_liabilities": 450.0,
                    "current_liabilities": 300.0,
                    "revenue": 2000.0,
                    "net_profit": 150.0,
                    "operating_cash_flow": 120.0,
                }
            )
            return client.id, statement.id

        client_id, statement_id = self._committed(fixture)

        def cleanup(env):
            env["advisory.financial.statement"].browse(statement_id).unlink()
            # the client's assessments go with it (cascade)
            env["res.partner"].browse(client_id).unlink()

        self.addCleanup(self._committed, cleanup)

        def rerate(env):
            Assessment = env["advisory.risk.assessment"]
            client = env["res.partner"].browse(client_id)
            return Assessment._run_batches([client], Assessment._rerate_partners)

        def rating(env):
            client = env["res.partner"].browse(client_id)
            failure_notes = client.message_ids.filtered(
                lambda message: "could not process" in (message.body or "")
            )
            return (
                client.risk_inputs_changed,
                len(client.risk_assessment_ids),
                len(failure_notes),
            )

        with self.registry.cursor() as job_cr:
            job_env = api.Environment(job_cr, SUPERUSER_ID, {})
            # the job's view of the database: the statement as it was
            job_cr.execute("SELECT 1")
            # the advisor corrects the statement and saves
            self._committed(
                lambda env: env["advisory.financial.statement"]
                .browse(statement_id)
                .write({"net_profit": -400.0})
            )
            failed = rerate(job_env)
            self.assertFalse(failed, "a client changed meanwhile is no failure")
        self.assertEqual(
            self._committed(rating),
            (True, 0, 0),
            "the client stays to re-rate with the corrected statement",
        )
        self.assertFalse(self._committed(rerate))
        self.assertEqual(self._committed(rating), (False, 1, 0))
