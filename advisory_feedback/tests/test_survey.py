from datetime import date, datetime

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError

from .common import FeedbackCase


class TestSatisfactionSurvey(FeedbackCase):
    def test_completion_scores_and_rolls_up(self):
        """A completed CSAT answer gives a satisfaction in %, an NPS answer its
        category; the client shows the last and the average."""
        csat = self._answer(self._new_answer(self.csat), levels=(4, 4, 3, 3, 2))
        self.assertAlmostEqual(csat.advisory_score, 80.0)  # 16 of 20 points
        self.assertIs(csat.advisory_nps_score, False)
        self.assertEqual(csat.advisory_partner_id, self.client_a)
        nps = self._answer(self._new_answer(self.nps), nps=10)
        self.assertIs(nps.advisory_score, False)
        self.assertEqual(nps.advisory_nps_score, 10)
        self.assertEqual(nps.advisory_nps_category, "promoter")
        self.assertEqual(self.client_a.satisfaction_last, 80.0)
        self.assertEqual(self.client_a.nps_last, 10)
        self.assertEqual(self.client_a.nps_category_last, "promoter")
        self._answer(self._new_answer(self.csat), levels=(4, 4, 4, 4, 4))
        self.assertEqual(self.client_a.satisfaction_last, 100.0)
        self.assertAlmostEqual(self.client_a.satisfaction_avg, 90.0)
        self.assertFalse(csat.advisory_feedback_id, "80% is above the threshold")

    def test_nps_categories_and_zero(self):
        for value, category in (
            (0, "detractor"),
            (6, "detractor"),
            (7, "passive"),
            (8, "passive"),
            (9, "promoter"),
        ):
            answer = self._answer(self._new_answer(self.nps), nps=value)
            self.assertEqual(answer.advisory_nps_score, value)
            self.assertEqual(answer.advisory_nps_category, category)

    def test_low_score_and_detractor_open_tickets(self):
        low = self._answer(self._new_answer(self.csat), levels=(2, 2, 1, 1, 2))
        self.assertAlmostEqual(low.advisory_score, 40.0)
        ticket = low.advisory_feedback_id
        self.assertTrue(ticket)
        self.assertEqual(ticket.partner_id, self.client_a)
        self.assertEqual(ticket.contact_id, self.contact_a)
        self.assertEqual(ticket.channel, "survey")
        self.assertEqual(ticket.user_id, self.advisor_a)
        self.assertEqual(ticket.state, "new")
        self.assertIn("40%", ticket.subject)
        detractor = self._answer(self._new_answer(self.nps), nps=5)
        self.assertTrue(detractor.advisory_feedback_id)
        self.assertIn("5/10", detractor.advisory_feedback_id.subject)
        # the threshold is a setting
        self.env.company.advisory_satisfaction_threshold = 30
        other = self._answer(self._new_answer(self.csat), levels=(2, 2, 1, 1, 2))
        self.assertFalse(other.advisory_feedback_id)

    def test_non_advisory_survey_untouched(self):
        survey = self.env["survey.survey"].create(
            {"title": "Canteen", "access_mode": "token"}
        )
        answer = survey._create_answer(partner=self.contact_a, check_attempts=False)
        answer._mark_done()
        self.assertIs(answer.advisory_score, False)
        self.assertFalse(self.client_a.satisfaction_last)

    def test_manual_send_creates_invitations_and_mail(self):
        action = self.client_a.with_user(
            self.advisor_a
        ).action_send_satisfaction_survey()
        self.assertEqual(
            action["params"]["message"], "Satisfaction survey sent to 1 contact(s)."
        )
        answers = self.env["survey.user_input"].search(
            [("advisory_partner_id", "=", self.client_a.id)]
        )
        self.assertEqual(answers.survey_id, self.csat | self.nps)
        self.assertEqual(answers.partner_id, self.contact_a)
        mail = self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "in", answers.ids)]
        )
        self.assertEqual(len(mail), 1, "one mail per contact with both links")
        self.assertIn("/survey/start/", mail.body_html)
        # the day the advisor sent it, in her time zone
        self.assertEqual(
            self.client_a.advisory_survey_last_sent,
            fields.Date.context_today(self.client_a.with_user(self.advisor_a)),
        )
        # a client without anyone to write to is refused with a message
        with self.assertRaisesRegex(UserError, "no contact with an email"):
            self.client_b.with_user(self.advisor_b).action_send_satisfaction_survey()
        # a plain employee cannot send
        with self.assertRaises(UserError):
            self.client_a.with_user(self.employee).action_send_satisfaction_survey()

    def test_periodic_sending_respects_interval(self):
        self.client_a.lifecycle_state = "active"
        self.env["res.partner"].search(
            [("is_advisory_client", "=", True), ("id", "!=", self.client_a.id)]
        ).write({"advisory_survey_last_sent": date(2026, 1, 1)})
        Input = self.env["survey.user_input"]

        def sent():
            return Input.search_count(
                [
                    ("advisory_partner_id", "=", self.client_a.id),
                    ("survey_id", "=", self.csat.id),
                ]
            )

        with freeze_time("2026-01-10"):
            self.env["res.partner"]._cron_send_periodic_surveys()
        self.assertEqual(sent(), 1)
        self.assertEqual(self.client_a.advisory_survey_last_sent, date(2026, 1, 10))
        with freeze_time("2026-01-10"):
            self.env["res.partner"]._cron_send_periodic_surveys()  # twice: nothing
        with freeze_time("2026-03-20"):
            self.env["res.partner"]._cron_send_periodic_surveys()  # within 3 months
        self.assertEqual(sent(), 1)
        with freeze_time("2026-04-10"):
            self.env["res.partner"]._cron_send_periodic_surveys()
        self.assertEqual(sent(), 2)
        # the interval is a setting
        self.env.company.advisory_survey_interval = 1
        with freeze_time("2026-05-11"):
            self.env["res.partner"]._cron_send_periodic_surveys()
        self.assertEqual(sent(), 3)

    def test_trailing_average_is_twelve_months(self):
        with freeze_time(datetime(2025, 1, 5, 10, 0)):
            self._answer(self._new_answer(self.csat), levels=(0, 0, 0, 0, 0))
        with freeze_time(datetime(2026, 3, 5, 10, 0)):
            self._answer(self._new_answer(self.csat), levels=(4, 4, 4, 4, 4))
            self.assertEqual(self.client_a.satisfaction_avg, 100.0)
            self.assertEqual(self.client_a.satisfaction_last, 100.0)
