import pathlib
from datetime import date, datetime

from freezegun import freeze_time

from odoo.modules.migration import load_script
from odoo.tools import SQL

from .common import RiskCase


class TestRerateCron(RiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # only the fixture clients are due
        cls.env["res.partner"].search(
            [("is_advisory_client", "=", True)]
        ).is_advisory_client = False
        cls.good = cls._perfect_client("Cron Good Co")
        cls.other = cls._perfect_client("Cron Other Co", advisor=cls.advisor_b)
        cls.Assessment = cls.env["advisory.risk.assessment"]

    def _automatic(self, partner):
        return self.Assessment.search(
            [("partner_id", "=", partner.id), ("automatic", "=", True)]
        )

    @freeze_time("2026-03-01")
    def test_rerate_and_idempotence(self):
        self.assertEqual(self.Assessment._cron_rerate(), 2)
        rated = self._automatic(self.good)
        self.assertEqual(len(rated), 1)
        self.assertEqual(rated.state, "validated", "a first rating is automatic")
        self.assertEqual(self.good.risk_grade, "AAA")
        self.assertEqual(self.good.risk_next_review, date(2028, 2, 29))
        self.assertEqual(len(rated.line_ids), 9)
        self.assertFalse(rated.review_ids, "no review for an automatic validation")
        self.assertFalse(self.good.risk_inputs_changed)
        # safe to run twice: nobody is due any more
        self.assertEqual(self.Assessment._cron_rerate(), 0)
        self.assertEqual(len(self._automatic(self.good)), 1)

    def test_rerate_values_match_the_orm(self):
        """The re-rating gives the assessments their computed values at creation
        and holds back what follows the client's level while it keeps it: the
        ORM, recomputing everything, finds the same values (a first rating, then
        a re-rating at the same level)."""
        partners = self.good | self.other
        with freeze_time("2026-03-01"):
            self.Assessment._cron_rerate()
            self._assert_orm_recomputes_the_same(partners)
        with freeze_time("2026-06-01"):
            partners.risk_inputs_changed = True
            self.assertEqual(self.Assessment._cron_rerate(), 2)
            self.assertEqual(
                self._automatic(self.good).mapped("state"), ["validated", "superseded"]
            )
            self._assert_orm_recomputes_the_same(partners)

    def _assert_orm_recomputes_the_same(self, partners):
        assessments = self._automatic(self.good) | self._automatic(self.other)
        checks = [
            (
                partners,
                [
                    "risk_assessment_id",
                    "risk_score",
                    "risk_grade",
                    "risk_level",
                    "risk_rated_on",
                    "risk_next_review",
                    "service_level",
                    "risk_segment",
                    "document_completeness",
                ],
            ),
            (
                assessments,
                ["validation_status", "grade", "risk_level", "is_downgrade"],
            ),
        ]
        self.env.flush_all()
        self.env.invalidate_all()
        written = [records.read(fnames) for records, fnames in checks]
        self.assertTrue(all(row["risk_grade"] for row in written[0]))
        self.assertTrue(all(row["service_level"] for row in written[0]))
        self.assertEqual(set(assessments.mapped("validation_status")), {"no"})
        self.assertFalse(any(partners.mapped("risk_inputs_changed")))
        for records, fnames in checks:
            for fname in fnames:
                self.env.add_to_compute(records._fields[fname], records)
            records._recompute_recordset(fnames)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual([records.read(fnames) for records, fnames in checks], written)

    def test_fields_following_the_level(self):
        """The stored fields of the client that follow its rating and that the
        re-rating recomputes only for the clients whose level changes (the ORM
        recomputes every other field depending on the assessments)."""
        self.assertEqual(
            self.Assessment._client_rating_dependents(),
            {
                "service_level": {"risk_level"},
                "risk_segment": {"risk_level"},
                "document_completeness": {"risk_level"},
                "document_missing_type_ids": {"risk_level"},
            },
        )

    def test_changed_inputs_and_downgrade(self):
        with freeze_time("2026-03-01"):
            self.Assessment._cron_rerate()
        with freeze_time("2026-04-01"):
            # same grade after a new (good) input: validated automatically
            self.env["advisory.credit.record"].create(
                {
                    "partner_id": self.other.id,
                    "date": date(2026, 3, 20),
                    "record_type": "bank_loan",
                    "amount": 1000,
                }
            )
            self.assertTrue(self.other.risk_inputs_changed)
            self.assertEqual(self.Assessment._cron_rerate(), 1)
            other_ratings = self._automatic(self.other)
            self.assertEqual(other_ratings.mapped("state"), ["validated", "superseded"])
            # two defaults: credit history 6 -> 0 points, 100 - 20 = 80: AA
            self.env["advisory.credit.record"].create(
                [
                    {
                        "partner_id": self.good.id,
                        "date": date(2026, 3, day),
                        "record_type": "default",
                        "amount": 5000,
                    }
                    for day in (10, 20)
                ]
            )
            self.assertEqual(self.Assessment._cron_rerate(), 1)
            downgrade = self._automatic(self.good)[0]
            self.assertEqual(downgrade.grade, "AA")
            self.assertTrue(downgrade.is_downgrade)
            self.assertEqual(downgrade.state, "to_validate")
            self.assertTrue(downgrade.review_ids)
            self.assertIn(self.officer, downgrade.activity_ids.user_id)
            self.assertEqual(self.good.risk_grade, "AAA", "until validated")
            # waiting for the risk officer: not re-rated again
            self.assertEqual(self.Assessment._cron_rerate(), 0)
            downgrade.with_user(self.officer).validate_tier()
            self.assertEqual(self.good.risk_grade, "AA")

    def test_review_due(self):
        with freeze_time("2026-03-01"):
            self.Assessment._cron_rerate()
        with freeze_time("2028-02-28"):
            self.assertEqual(self.Assessment._cron_rerate(), 0)
        with freeze_time("2028-02-29"):
            self.assertEqual(self.Assessment._cron_rerate(), 2)

    def test_rerate_records_the_stage_history(self):
        """The re-rating records the stage events (advisory.stage.event) of the
        assessments it creates and of the ratings they supersede."""
        Event = self.env["advisory.stage.event"]

        def events(assessment):
            return [
                (event.state_from, event.state_to, event.date)
                for event in Event.search(
                    [
                        ("res_model", "=", "advisory.risk.assessment"),
                        ("res_id", "=", assessment.id),
                    ],
                    order="date, id",
                )
            ]

        with freeze_time("2026-03-01 02:00:00"):
            self.Assessment._cron_rerate()
        first = self._automatic(self.good)
        self.assertEqual(events(first), [(False, "validated", datetime(2026, 3, 1, 2))])
        with freeze_time("2026-06-01 03:00:00"):
            self.good.risk_inputs_changed = True
            self.assertEqual(self.Assessment._cron_rerate(), 1)
        second = self._automatic(self.good) - first
        self.assertEqual(first.state, "superseded")
        self.assertEqual(
            events(first),
            [
                (False, "validated", datetime(2026, 3, 1, 2)),
                ("validated", "superseded", datetime(2026, 6, 1, 3)),
            ],
        )
        self.assertEqual(
            events(second), [(False, "validated", datetime(2026, 6, 1, 3))]
        )
        event = Event.search(
            [("res_model", "=", second._name), ("res_id", "=", second.id)]
        )
        self.assertEqual(event.partner_id, self.good)
        self.assertEqual(event.company_id, second.company_id)

    def test_migration_fills_the_history(self):
        """The migration of 18.0.1.6.0 gives the assessments that existed before
        the stage history one event "entered its current state"."""
        with freeze_time("2026-03-01 02:00:00"):
            self.Assessment._cron_rerate()
        rated = self._automatic(self.good)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "DELETE FROM advisory_stage_event WHERE res_model = %s",
                "advisory.risk.assessment",
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE advisory_risk_assessment SET write_date = %s WHERE id = %s",
                datetime(2025, 5, 6, 7),
                rated.id,
            )
        )
        path = (
            pathlib.Path(__file__).resolve().parent.parent
            / "migrations"
            / "18.0.1.6.0"
            / "post-migrate.py"
        )
        migration = load_script(str(path), "risk_stage_migration")
        migration.migrate(self.env.cr, "18.0.1.5.0")
        migration.migrate(self.env.cr, "18.0.1.5.0")  # idempotent
        events = self.env["advisory.stage.event"].search(
            [("res_model", "=", rated._name), ("res_id", "=", rated.id)]
        )
        self.assertEqual(
            [(e.state_from, e.state_to, e.date) for e in events],
            [(False, "validated", datetime(2025, 5, 6, 7))],
        )

    def test_migration_renames_superseded_ratings(self):
        """The migration of 18.0.1.7.0 renames the state ``expired`` of the
        ratings a newer one replaced (and of their history) ``superseded``."""
        with freeze_time("2026-03-01 02:00:00"):
            self.Assessment._cron_rerate()
        first = self._automatic(self.good)
        with freeze_time("2026-06-01 03:00:00"):
            self.good.risk_inputs_changed = True
            self.Assessment._cron_rerate()
        self.env.flush_all()
        # a database of the previous version
        self.env.cr.execute(
            SQL(
                "UPDATE advisory_risk_assessment SET state = 'expired' WHERE id = %s;"
                "UPDATE advisory_stage_event SET state_to = 'expired'"
                " WHERE res_model = %s AND res_id = %s AND state_to = 'superseded'",
                first.id,
                first._name,
                first.id,
            )
        )
        path = (
            pathlib.Path(__file__).resolve().parent.parent
            / "migrations"
            / "18.0.1.7.0"
            / "pre-migrate.py"
        )
        migration = load_script(str(path), "risk_state_migration")
        migration.migrate(self.env.cr, "18.0.1.6.0")
        self.env.invalidate_all()
        self.assertEqual(first.state, "superseded")
        self.assertEqual(
            self.env["advisory.stage.event"]
            .search(
                [("res_model", "=", first._name), ("res_id", "=", first.id)],
                order="date, id",
            )
            .mapped("state_to"),
            ["validated", "superseded"],
        )
        self.assertFalse(self.Assessment.search_count([("state", "=", "expired")]))

    @freeze_time("2026-03-01")
    def test_queries_do_not_grow_with_the_batch(self):
        def count_queries(partners):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Assessment._rerate_partners(partners)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        count_queries(self._bulk_clients(2))  # warm-up (caches of the registry)
        small = count_queries(self._bulk_clients(5))
        large = count_queries(self._bulk_clients(25))
        self.assertEqual(small, large)
        self.assertLess(large, 60)

    def _bulk_clients(self, count):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Bulk {count} {index}",
                    "is_advisory_client": True,
                    "industry_id": self.industry_medium.id,
                    "country_id": self.country_low.id,
                    "management_stability": "3",
                }
                for index in range(count)
            ]
        )
        self.env["advisory.financial.statement"].create(
            [self._statement_vals(partner) for partner in partners]
        )
        return partners
