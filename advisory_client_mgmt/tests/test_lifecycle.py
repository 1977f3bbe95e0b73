from freezegun import freeze_time

from .common import AdvisoryCase


class TestLifecycleCron(AdvisoryCase):
    def _note(self, partner, when):
        with freeze_time(when):
            partner.message_post(
                body="Called the CFO",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def test_active_becomes_dormant_then_active_again(self):
        Partner = self.env["res.partner"]
        quiet, busy = self.client_a, self.client_b
        self._lifecycle_tracking(quiet)  # what setUpClass left to track
        with freeze_time("2026-01-05"):
            (quiet | busy).action_lifecycle_activate()
            self._lifecycle_tracking(quiet)
        self._note(quiet, "2026-01-10 10:00:00")
        self._note(busy, "2026-01-10 10:00:00")
        self._note(busy, "2026-06-01 10:00:00")
        with freeze_time("2026-07-20"):  # 191 days after the last note of `quiet`
            Partner._cron_update_lifecycle()
            self._lifecycle_tracking(quiet)
        self.assertEqual(quiet.lifecycle_state, "dormant")
        self.assertEqual(busy.lifecycle_state, "active")
        self.assertEqual(str(quiet.last_contact_date.date()), "2026-01-10")
        self.assertEqual(str(busy.last_contact_date.date()), "2026-06-01")
        # running again the same day changes nothing
        with freeze_time("2026-07-20"):
            Partner._cron_update_lifecycle()
        self.assertEqual(quiet.lifecycle_state, "dormant")
        # a new interaction wakes the dormant client up
        self._note(quiet, "2026-07-25 09:00:00")
        with freeze_time("2026-07-26"):
            Partner._cron_update_lifecycle()
        self.assertEqual(quiet.lifecycle_state, "active")
        self.assertEqual(
            self._lifecycle_tracking(quiet)[-3:],
            [("Prospect", "Active"), ("Active", "Dormant"), ("Dormant", "Active")],
        )
        self.assertEqual(self._lifecycle_tracking(busy)[-1:], [("Prospect", "Active")])

    def test_done_activity_counts_as_interaction(self):
        Partner = self.env["res.partner"]
        with freeze_time("2026-01-05"):
            self.client_a.action_lifecycle_activate()
        with freeze_time("2026-07-01"):
            activity = self.client_a.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.advisor_a.id
            )
            activity.action_feedback(feedback="Discussed refinancing")
        with freeze_time("2026-07-20"):
            Partner._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "active")
        self.assertEqual(str(self.client_a.last_contact_date.date()), "2026-07-01")

    def test_dormancy_threshold_is_a_setting(self):
        Partner = self.env["res.partner"]
        self.company.advisory_dormant_days = 30
        with freeze_time("2026-01-05"):
            self.client_a.action_lifecycle_activate()
        self._note(self.client_a, "2026-01-10 10:00:00")
        with freeze_time("2026-02-05"):  # 26 days
            Partner._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "active")
        with freeze_time("2026-02-12"):  # 33 days
            Partner._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "dormant")

    def test_prospects_and_churned_stay(self):
        Partner = self.env["res.partner"]
        self.client_b.write({"churn_reason": "Closed the business"})
        self.client_b.action_lifecycle_churn()
        with freeze_time("2027-06-01"):
            Partner._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "prospect")
        self.assertEqual(self.client_b.lifecycle_state, "churned")

    def test_recently_activated_client_is_not_dormant(self):
        """An old last contact does not make a client dormant right after it was
        activated by hand: the quiet period counts from the later of the two."""
        self._note(self.client_a, "2025-01-10 10:00:00")
        with freeze_time("2026-03-01"):
            self.client_a.action_lifecycle_activate()
            self.env["res.partner"]._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "active")
        with freeze_time("2026-09-01"):  # 184 days after the activation
            self.env["res.partner"]._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "dormant")

    def test_query_count_does_not_grow_with_clients(self):
        Partner = self.env["res.partner"]

        def make(count):
            with freeze_time("2026-01-05"):
                clients = Partner.create(
                    [
                        {"name": f"Quiet {count}-{i}", "is_advisory_client": True}
                        for i in range(count)
                    ]
                )
                clients.action_lifecycle_activate()
            for client in clients[: count // 2]:
                self._note(client, "2026-06-01 10:00:00")
            self.env.flush_all()
            return clients

        def run(clients):
            Partner.invalidate_model()
            start = self.cr.sql_log_count
            with freeze_time("2026-07-20"):
                Partner.with_context(active_test=False).browse(
                    clients.ids
                )._advisory_update_lifecycle(self.company)
                self.env.flush_all()
            return self.cr.sql_log_count - start

        run(make(4))  # warm-up
        small, large = make(10), make(100)
        q10, q100 = run(small), run(large)
        self.assertEqual(set(large[:50].mapped("lifecycle_state")), {"active"})
        self.assertEqual(set(large[50:].mapped("lifecycle_state")), {"dormant"})
        self.assertEqual(q10, q100)
