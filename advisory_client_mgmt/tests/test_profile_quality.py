from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .common import AdvisoryCase


class TestProfileQuality(AdvisoryCase):
    def _review_todos(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "advisory_client_mgmt.mail_activity_type_advisory_profile_review"
                    ).id,
                ),
            ]
        )

    def test_completeness_by_kind_of_client(self):
        company = self.client_a
        # 13 fields for a company: relationship manager and name-independent
        # ones; only the relationship manager is set
        self.assertAlmostEqual(company.profile_completeness, 1 / 13)
        self.assertIn("Registration Number", company.profile_missing_fields)
        self.assertNotIn("Relationship Manager", company.profile_missing_fields)
        company.with_user(self.advisor_a).write(
            {
                "email": "office@alpha.example",
                "phone": "+86 21 5555 0101",
                "registration_number": "91310000ALPHA",
                "data_processing_consent": True,
            }
        )
        self.assertAlmostEqual(company.profile_completeness, 5 / 13)
        self.assertNotIn("Registration Number", company.profile_missing_fields)
        # an individual needs no registration: 8 fields
        person = self.env["res.partner"].create(
            {
                "name": "Li Wei",
                "is_advisory_client": True,
                "relationship_manager_id": self.advisor_a.id,
                "email": "li.wei@example.com",
            }
        )
        self.assertAlmostEqual(person.profile_completeness, 2 / 8)
        self.assertNotIn("Registration Number", person.profile_missing_fields)
        # a contact that is not a client has no score
        contact = self.env["res.partner"].create({"name": "Supplier"})
        self.assertIs(contact.profile_completeness, False)
        incomplete = self.env["res.partner"].search(
            [
                ("id", "in", (company | person | contact).ids),
                ("is_advisory_client", "=", True),
                ("profile_completeness", "<", 1),
            ]
        )
        self.assertEqual(incomplete, company | person)

    def test_the_score_is_not_written_by_a_user(self):
        with self.assertRaises(UserError):
            self.client_a.with_user(self.advisor_a).write({"profile_completeness": 1.0})
        with self.assertRaises(UserError):
            self.client_a.with_user(self.manager).write(
                {"profile_reviewed_on": date(2026, 1, 1)}
            )
        self.assertFalse(self.client_a.profile_reviewed_on)

    @freeze_time("2026-06-01")
    def test_review_by_the_relationship_manager(self):
        # tracking of a record created in this transaction: run its hooks first
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.client_a.with_user(self.advisor_a).action_profile_reviewed()
        self.assertEqual(self.client_a.profile_reviewed_on, date(2026, 6, 1))
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.advisor_b).action_profile_reviewed()
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.employee).action_profile_reviewed()
        contact = self.env["res.partner"].create({"name": "Supplier"})
        with self.assertRaises(UserError):
            contact.with_user(self.manager).action_profile_reviewed()
        # the review is tracked
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.res_id", "=", self.client_a.id),
                ("field_id.name", "=", "profile_reviewed_on"),
            ]
        )
        self.assertEqual(len(tracked), 1)

    def test_stale_profile_gets_one_review_todo(self):
        Partner = self.env["res.partner"]
        with freeze_time("2025-01-10"):
            old = Partner.create(
                {
                    "name": "Gamma Old Client",
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": self.advisor_a.id,
                }
            )
            old.with_user(self.advisor_a).action_profile_reviewed()
            self.env.flush_all()
        with freeze_time("2026-01-05"):
            # reviewed 12 months ago less 5 days: not yet
            self.assertFalse(old.with_company(self.company).profile_stale)
            Partner._cron_profile_reviews()
            self.assertFalse(self._review_todos(old))
        with freeze_time("2026-02-01"):
            old.invalidate_recordset(["profile_stale"])
            self.assertTrue(old.profile_stale)
            self.assertIn(
                old, Partner.search([("profile_stale", "=", True)]), "the filter"
            )
            self.assertNotIn(
                self.client_a,
                Partner.search([("profile_stale", "=", True)]),
                "a new client's profile is fresh",
            )
            Partner._cron_profile_reviews()
            Partner._cron_profile_reviews()
            todo = self._review_todos(old)
            self.assertEqual(len(todo), 1, "one to-do, however often the job runs")
            self.assertEqual(todo.user_id, self.advisor_a)
            self.assertIn("Registration Number", todo.note)
            # the review closes the to-do (written in the job's language, closed
            # by an advisor working in Chinese) and the profile is fresh again
            self.env["res.lang"]._activate_lang("zh_CN")
            self.env["ir.module.module"]._load_module_terms(
                ["advisory_client_mgmt"], ["zh_CN"]
            )
            self.advisor_a.lang = "zh_CN"
            Partner.with_user(self.advisor_a)._cron_profile_reviews()
            self.assertEqual(len(self._review_todos(old)), 1, "in any language")
            old.with_user(self.advisor_a).action_profile_reviewed()
            self.assertFalse(self._review_todos(old))
            old.invalidate_recordset(["profile_stale"])
            self.assertFalse(old.profile_stale)
            Partner._cron_profile_reviews()
            self.assertFalse(self._review_todos(old))

    def test_reviews_off(self):
        self.env["res.company"].search([]).advisory_profile_review_months = 0
        with freeze_time("2030-01-01"):
            self.env["res.partner"]._cron_profile_reviews()
            self.assertFalse(self._review_todos(self.client_a))
            self.assertFalse(self.client_a.profile_stale)
        with self.assertRaises(UserError):
            self.company.advisory_profile_review_months = -1
