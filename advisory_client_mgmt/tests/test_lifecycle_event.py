import pathlib
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.modules.migration import load_script

from .common import AdvisoryCase

MIGRATION = (
    pathlib.Path(__file__).resolve().parent.parent
    / "migrations"
    / "18.0.1.6.0"
    / "post-migrate.py"
)


class TestLifecycleEvent(AdvisoryCase):
    def _events(self, partner):
        return [
            (event.date, event.old_state or False, event.new_state)
            for event in self.env["advisory.lifecycle.event"].search(
                [("partner_id", "=", partner.id)], order="date, id"
            )
        ]

    def test_history_of_a_client(self):
        with freeze_time("2024-01-10"):
            partner = self.env["res.partner"].create(
                {"name": "History Ltd", "is_advisory_client": True}
            )
        with freeze_time("2024-03-01"):
            partner.action_lifecycle_activate()
            # the same state again is not a change
            partner.write({"lifecycle_state": "active"})
        with freeze_time("2024-09-30"):
            partner.write({"churn_reason": "Closed down"})
            partner.action_lifecycle_churn()
        self.assertEqual(
            self._events(partner),
            [
                (date(2024, 1, 10), False, "prospect"),
                (date(2024, 3, 1), "prospect", "active"),
                (date(2024, 9, 30), "active", "churned"),
            ],
        )
        partner.invalidate_recordset(["lifecycle_event_ids"])
        event = partner.lifecycle_event_ids[:1]
        self.assertEqual(event.new_state, "churned")  # latest first
        self.assertEqual(event.company_id, self.env.company)

    def test_partner_becoming_client(self):
        partner = self.env["res.partner"].create({"name": "Not yet a client"})
        self.assertFalse(self._events(partner))
        partner.write({"is_advisory_client": True})
        self.assertEqual(
            [state for _day, _old, state in self._events(partner)], ["prospect"]
        )

    def test_batch_write_is_one_create(self):
        """Bulk lifecycle writes (the cron) log every changed client, and the
        number of queries does not grow with the number of clients."""
        partners = self.env["res.partner"].create(
            [
                {"name": f"Batch {index}", "is_advisory_client": True}
                for index in range(30)
            ]
        )
        small, large = partners[:3], partners[3:]
        # warm-up
        self.env["res.partner"].create(
            {"name": "Warm-up", "is_advisory_client": True}
        ).write({"lifecycle_state": "active"})
        self.env.flush_all()
        start = self.cr.sql_log_count
        small.write({"lifecycle_state": "active"})
        self.env.flush_all()
        small_count = self.cr.sql_log_count - start
        start = self.cr.sql_log_count
        large.write({"lifecycle_state": "active"})
        self.env.flush_all()
        self.assertEqual(self.cr.sql_log_count - start, small_count)
        self.assertEqual(
            self.env["advisory.lifecycle.event"].search_count(
                [("partner_id", "in", partners.ids), ("new_state", "=", "active")]
            ),
            30,
        )

    def test_access(self):
        self.client_a.write({"lifecycle_state": "active"})
        Event = self.env["advisory.lifecycle.event"]
        # advisors read the history of their clients, nobody edits it
        own = Event.with_user(self.advisor_a).search([])
        self.assertIn(self.client_a, own.partner_id)
        self.assertNotIn(self.client_b, own.partner_id)
        self.assertIn(
            self.client_b, Event.with_user(self.manager).search([]).partner_id
        )
        for user in (self.advisor_a, self.manager):
            with self.assertRaises(AccessError):
                own.with_user(user).write({"new_state": "churned"})
            with self.assertRaises(AccessError):
                Event.with_user(user).create(
                    {
                        "partner_id": self.client_a.id,
                        "company_id": self.company.id,
                        "date": date(2024, 1, 1),
                        "new_state": "churned",
                    }
                )
        with self.assertRaises(AccessError):
            Event.with_user(self.employee).search([])

    def test_clients_without_history_get_an_initial_event(self):
        """Clients whose state predates the history (an updated database) get one
        event at the update (migration of 18.0.1.6.0), dated from their last
        lifecycle change; once."""
        self.client_a.write({"lifecycle_state": "active"})
        self.client_a.lifecycle_event_ids.sudo().unlink()
        self.client_a.write({"lifecycle_changed_on": date(2023, 5, 4)})
        self.env.flush_all()
        migration = load_script(str(MIGRATION), "lifecycle_migration")
        migration.migrate(self.env.cr, "18.0.1.5.0")
        migration.migrate(self.env.cr, "18.0.1.5.0")  # run twice: nothing more
        self.env.invalidate_all()
        self.assertEqual(
            self._events(self.client_a), [(date(2023, 5, 4), False, "active")]
        )
