from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .staff_common import StaffCase


@tagged("post_install", "-at_install")
class TestTraining(StaffCase):
    def _certification_survey(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "AML test",
                "access_mode": "public",
                "scoring_type": "scoring_with_answers",
                "scoring_success_min": 50,
                "certification": True,
                "question_and_page_ids": [
                    Command.create(
                        {
                            "title": "Who checks the source of funds?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                Command.create(
                                    {
                                        "value": "The advisor",
                                        "is_correct": True,
                                        "answer_score": 10,
                                    }
                                ),
                                Command.create({"value": "Nobody", "answer_score": 0}),
                            ],
                        }
                    )
                ],
            }
        )
        self.aml.survey_id = survey
        return survey

    def _take(self, survey, user, correct):
        question = survey.question_ids
        answer = question.suggested_answer_ids.filtered(
            lambda a: a.is_correct == correct
        )
        user_input = survey.with_user(user).sudo()._create_answer(user=user)
        user_input._save_lines(question, answer.id)
        user_input._mark_done()
        return user_input

    def test_survey_certification_creates_record(self):
        survey = self._certification_survey()
        failed = self._take(survey, self.user_b, correct=False)
        Record = self.env["advisory.training.record"]
        self.assertFalse(Record.search([("survey_input_id", "=", failed.id)]))
        passed = self._take(survey, self.user_b, correct=True)
        record = Record.search([("survey_input_id", "=", passed.id)])
        self.assertEqual(record.user_id, self.user_b)
        self.assertEqual(record.course_id, self.aml)
        self.assertEqual(record.state, "certified")
        today = fields.Date.context_today(record.with_user(self.user_b))
        self.assertEqual(record.expiry_date, today + relativedelta(months=12, days=-1))
        # done again (e.g. a second call): no second record
        Record._create_from_survey_inputs(passed)
        self.assertEqual(Record.search_count([("survey_input_id", "=", passed.id)]), 1)
        # coverage on B's card of this month
        cards = self._compute(self.manager, (today.replace(day=1), today))
        line = cards.line_ids.filtered(
            lambda line: line.user_id == self.user_b
            and line.measure_code == "certification_coverage"
        )
        self.assertEqual(line.value, 1.0)

    def test_expiry_cron_one_activity_once(self):
        Record = self.env["advisory.training.record"]
        today = fields.Date.context_today(Record.with_user(self.user_a))
        soon = Record.sudo().create(
            {
                "user_id": self.user_a.id,
                "course_id": self.aml.id,
                "company_id": self.company.id,
                # expires in 10 days
                "date": today
                + relativedelta(
                    days=10,
                    months=-12,
                )
                + relativedelta(days=1),
                "state": "certified",
            }
        )
        past = Record.sudo().create(
            {
                "user_id": self.user_b.id,
                "course_id": self.aml.id,
                "company_id": self.company.id,
                "date": today - relativedelta(months=13),
                "state": "certified",
            }
        )
        self.assertEqual(soon.expiry_date, today + relativedelta(days=10))
        Record._cron_training_expiry()
        Record._cron_training_expiry()
        self.assertEqual(past.state, "expired")
        self.assertEqual(soon.state, "certified")
        for record, user in ((soon, self.user_a), (past, self.user_b)):
            self.assertEqual(len(record.activity_ids), 1)
            self.assertEqual(record.activity_ids.user_id, user)
            self.assertTrue(record.expiry_notified)

    def test_rights(self):
        Record = self.env["advisory.training.record"]
        mine = Record.with_user(self.user_a).search([])
        self.assertEqual(mine.user_id, self.user_a)
        other = Record.search([("user_id", "=", self.user_b.id)], limit=1)
        with self.assertRaises(AccessError):
            other.with_user(self.user_a).read(["hours"])
        with self.assertRaises(AccessError):
            Record.with_user(self.user_a).create(
                {"user_id": self.user_a.id, "course_id": self.course.id}
            )
        planned = Record.with_user(self.manager).create(
            {
                "user_id": self.user_a.id,
                "course_id": self.course.id,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(planned.hours, 8)
        with self.assertRaises(AccessError):
            planned.with_user(self.user_a).action_attend()
        with self.assertRaises(UserError):
            planned.with_user(self.manager).write({"state": "attended"})
        with self.assertRaises(UserError):
            planned.with_user(self.manager).action_certify()
        planned.with_user(self.manager).action_attend()
        self.assertEqual(planned.state, "attended")

    def _planned(self, user, **vals):
        return self.env["advisory.training.record"].create(
            {
                "user_id": user.id,
                "course_id": self.course.id,
                "company_id": self.company.id,
                **vals,
            }
        )

    def test_manager_does_not_confirm_her_own_training(self):
        own = self._planned(self.manager)
        with self.assertRaisesRegex(AccessError, "your own training"):
            own.with_user(self.manager).action_attend()
        own_cert = self.env["advisory.training.record"].create(
            {
                "user_id": self.manager.id,
                "course_id": self.aml.id,
                "company_id": self.company.id,
            }
        )
        with self.assertRaisesRegex(AccessError, "your own training"):
            own_cert.with_user(self.manager).action_certify()
        self.assertEqual((own.state, own_cert.state), ("planned", "planned"))
        # another manager confirms it
        other_manager = new_test_user(
            self.env,
            login="staff_m2",
            groups="base.group_user,advisory_client_mgmt.group_advisory_manager",
            company_id=self.company.id,
            company_ids=[Command.set([self.company.id])],
        )
        own.with_user(other_manager).action_attend()
        own_cert.with_user(other_manager).action_certify()
        self.assertEqual((own.state, own_cert.state), ("attended", "certified"))

    def test_confirmed_record_frozen(self):
        record = self._planned(self.user_a)
        as_manager = record.with_user(self.manager)
        # planned: the manager may still correct it
        as_manager.write({"hours": 7, "date": "2024-05-02"})
        self.assertEqual(record.hours, 7)
        as_manager.action_attend()
        for vals in (
            {"hours": 80},
            {"date": "2024-01-01"},
            {"course_id": self.aml.id},
            {"user_id": self.user_b.id},
        ):
            with self.assertRaisesRegex(UserError, "is Attended: its .* cannot be"):
                as_manager.write(vals)
        # unchanged values (as the web client sends them) and the note pass
        as_manager.write({"hours": 7, "date": "2024-05-02", "note": "Good"})
        self.assertEqual((record.hours, record.note), (7, "Good"))
        # the system's own transitions still write
        as_manager.sudo().write({"hours": 7.5})
        self.assertEqual(record.hours, 7.5)
        certified = self._planned(self.user_b, course_id=self.aml.id)
        certified.with_user(self.manager).action_certify()
        with self.assertRaisesRegex(UserError, "is Certified"):
            certified.with_user(self.manager).write({"date": "2030-01-01"})
        # the expiry cron moves it on
        certified.sudo().write({"date": "2020-01-01"})
        self.env["advisory.training.record"]._cron_training_expiry()
        self.assertEqual(certified.state, "expired")

    def test_hours_not_negative(self):
        record = self._planned(self.user_a)
        with self.assertRaises(ValidationError):
            record.with_user(self.manager).write({"hours": -3})
        with self.assertRaises(ValidationError):
            self.env["advisory.training.record"].with_user(self.manager).create(
                {
                    "user_id": self.user_a.id,
                    "course_id": self.course.id,
                    "company_id": self.company.id,
                    "hours": -1,
                }
            )

    def test_create_confirmed_refused(self):
        """A record is created planned: its state is the managers' buttons'."""
        Record = self.env["advisory.training.record"].with_user(self.manager)
        for state in ("attended", "certified", "expired"):
            with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                Record.create(
                    {
                        "user_id": self.user_a.id,
                        "course_id": self.aml.id,
                        "company_id": self.company.id,
                        "state": state,
                    }
                )
            with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                Record.with_context(default_state=state).create(
                    {
                        "user_id": self.user_a.id,
                        "course_id": self.aml.id,
                        "company_id": self.company.id,
                        "state": state,
                    }
                )
        created = Record.with_context(default_state="certified").create(
            {
                "user_id": self.user_a.id,
                "course_id": self.aml.id,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(created.state, "planned")
