from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError

from .common import AdvisoryCase


class TestCommunicationPlan(AdvisoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.call = cls.env.ref("advisory_client_mgmt.mail_activity_type_advisory_call")
        cls.Plan = cls.env["advisory.communication.plan"]

    def _activities(self, partners):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        )

    def test_shipped_channels(self):
        for xmlid in (
            "mail_activity_type_advisory_call",
            "mail_activity_type_advisory_meeting",
            "mail_activity_type_advisory_email",
            "mail_activity_type_advisory_seminar",
            "mail_activity_type_advisory_industry_news",
        ):
            self.assertTrue(self.env.ref(f"advisory_client_mgmt.{xmlid}"))

    @freeze_time("2026-03-31")
    def test_due_plan_creates_one_activity_and_moves_on(self):
        due = self.Plan.create(
            {
                "partner_id": self.client_a.id,
                "activity_type_id": self.call.id,
                "interval_number": 1,
                "interval_type": "months",
                "user_id": self.advisor_a.id,
                "next_date": date(2026, 3, 31),
                "note": "Quarterly portfolio review",
            }
        )
        later = self.Plan.create(
            {
                "partner_id": self.client_b.id,
                "activity_type_id": self.call.id,
                "interval_number": 2,
                "interval_type": "weeks",
                "user_id": self.advisor_b.id,
                "next_date": date(2026, 4, 2),
            }
        )
        self.assertEqual(self.client_a.next_contact_date, date(2026, 3, 31))
        self.Plan._cron_create_plan_activities()
        activities = self._activities(self.client_a | self.client_b)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.res_id, self.client_a.id)
        self.assertEqual(activities.activity_type_id, self.call)
        self.assertEqual(activities.user_id, self.advisor_a)
        self.assertEqual(activities.date_deadline, date(2026, 3, 31))
        self.assertEqual(due.next_date, date(2026, 4, 30))
        self.assertEqual(later.next_date, date(2026, 4, 2))
        self.assertEqual(self.client_a.next_contact_date, date(2026, 4, 30))
        # a second run on the same day creates nothing more
        self.Plan._cron_create_plan_activities()
        self.assertEqual(len(self._activities(self.client_a | self.client_b)), 1)

    def test_overdue_plan_catches_up_once(self):
        plan = self.Plan.create(
            {
                "partner_id": self.client_a.id,
                "activity_type_id": self.call.id,
                "interval_number": 10,
                "interval_type": "days",
                "user_id": self.advisor_a.id,
                "next_date": date(2026, 1, 1),
            }
        )
        with freeze_time("2026-02-05"):
            self.Plan._cron_create_plan_activities()
        self.assertEqual(len(self._activities(self.client_a)), 1)
        self.assertEqual(plan.next_date, date(2026, 2, 10))

    def test_interval_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.Plan.create(
                {
                    "partner_id": self.client_a.id,
                    "activity_type_id": self.call.id,
                    "interval_number": 0,
                    "next_date": date(2026, 1, 1),
                }
            )

    def _make_due_plans(self, count):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Client {count}-{i}", "is_advisory_client": True}
                for i in range(count)
            ]
        )
        self.Plan.create(
            [
                {
                    "partner_id": p.id,
                    "activity_type_id": self.call.id,
                    "interval_number": 1,
                    "interval_type": "weeks",
                    "user_id": self.advisor_a.id,
                    "next_date": date(2026, 5, 4),
                }
                for p in partners
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return partners

    def _run_counting_queries(self):
        start = self.cr.sql_log_count
        self.Plan._cron_create_plan_activities()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    @freeze_time("2026-05-04")
    def test_query_count_does_not_grow_with_due_plans(self):
        # warm up caches (activity type, model ids, ...)
        self._make_due_plans(2)
        self._run_counting_queries()
        partners_10 = self._make_due_plans(10)
        queries_10 = self._run_counting_queries()
        partners_100 = self._make_due_plans(100)
        queries_100 = self._run_counting_queries()
        self.assertEqual(len(self._activities(partners_10)), 10)
        self.assertEqual(len(self._activities(partners_100)), 100)
        self.assertEqual(queries_100, queries_10)
        # and stays within a fixed budget (22 measured when written)
        self._make_due_plans(100)
        with self.assertQueryCount(24):
            self.Plan._cron_create_plan_activities()
            self.env.flush_all()
