from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

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
