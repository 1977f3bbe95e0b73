"""A scheduled job that meets a record it cannot process goes on with the others,
reports the bad one in its chatter, and does the same at the next run."""

from freezegun import freeze_time

from odoo.tools import SQL, mute_logger

from .test_engagement_flow import EngagementCase


class TestCronRobustness(EngagementCase):
    def _poison(self, contract):
        """Make the database refuse any change of ``contract`` (a real failure of
        the job's write, not a mock)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION advisory_test_poison() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'poisoned contract'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER advisory_test_poison BEFORE UPDATE ON advisory_contract
                FOR EACH ROW WHEN (OLD.id = %s) EXECUTE FUNCTION advisory_test_poison();
                """,
                contract.id,
            )
        )

    def test_expiry_cron_skips_a_poisoned_contract_twice(self):
        first, poisoned, last = (self._signed_contract() for _i in range(3))
        self._poison(poisoned)
        Contract = self.env["advisory.contract"]
        with (
            freeze_time("2027-01-05"),
            mute_logger(
                "odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin",
                "odoo.sql_db",
            ),
        ):
            Contract._cron_expire_contracts()
            self.assertEqual((first | last).mapped("state"), ["expired", "expired"])
            self.assertEqual(poisoned.state, "active")
            # the next run stops at it no more than the first one
            Contract._cron_expire_contracts()
        self.assertEqual(poisoned.state, "active")
        notes = poisoned.message_ids.filtered(
            lambda message: "scheduled job could not process" in (message.body or "")
        )
        self.assertEqual(len(notes), 2)
        self.assertIn("poisoned contract", notes[0].body)
