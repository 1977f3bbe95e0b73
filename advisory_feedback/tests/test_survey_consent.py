from datetime import date

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from odoo.addons.advisory_client_mgmt.tests.test_engagement_flow import EngagementCase

from .common import FeedbackCase

REFUSAL = (
    "Alpha Trading Ltd has not given the Data Processing Consent that satisfaction "
    "surveys need."
)


class ConsentMixin:
    def _advisor_today(self):
        """Today for the advisor acting in the tests (in her time zone)."""
        return fields.Date.context_today(self.client_a.with_user(self.advisor_a))

    def _survey_inputs(self, partner):
        return self.env["survey.user_input"].search(
            [("advisory_partner_id", "=", partner.id)]
        )

    def _consent_notes(self, record):
        """The internal notes on ``record`` saying a survey was not sent."""
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("subtype_id", "=", self.ref("mail.mt_note")),
                ("body", "ilike", "was not sent"),
            ]
        )


class TestConsentGate(ConsentMixin, FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # client A has not consented to the processing of its answers
        cls.client_a.write(
            {"data_processing_consent": False, "data_processing_consent_date": False}
        )

    def test_consent_of_the_client_decides(self):
        """Surveys need the data processing consent, greetings and invitations
        the marketing consent; a contact follows its company's consent."""
        Partner = self.env["res.partner"]
        clients = self.client_a | self.client_b | self.contact_a
        self.assertEqual(
            clients._advisory_consent_missing("survey"),
            self.client_a | self.contact_a,
        )
        self.assertEqual(clients._advisory_with_consent("survey"), self.client_b)
        self.assertEqual(clients._advisory_consent_missing("marketing"), clients)
        self.client_a.write({"marketing_consent": True})
        self.assertEqual(clients._advisory_consent_missing("marketing"), self.client_b)
        self.assertEqual(self.contact_a._advisory_consent_refusal("survey"), REFUSAL)
        self.assertFalse(Partner._advisory_consent_missing("survey"))
        # the advisor records the consent: its date with it, the contact follows
        self.client_a.with_user(self.advisor_a).write({"data_processing_consent": True})
        self.assertEqual(
            self.client_a.data_processing_consent_date, self._advisor_today()
        )
        self.assertFalse(clients._advisory_consent_missing("survey"))

    def test_manual_send_refused_without_consent(self):
        """The button refuses with the client and the consent named; nothing is
        sent, nothing is written."""
        mails = self.env["mail.mail"].search_count([])
        with self.assertRaises(UserError) as caught:
            self.client_a.with_user(self.advisor_a).action_send_satisfaction_survey()
        self.assertIn(REFUSAL, str(caught.exception))
        self.assertIn("Nothing was sent", str(caught.exception))
        self.assertFalse(self._survey_inputs(self.client_a))
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        self.assertFalse(self.client_a.advisory_survey_last_sent)
        self.assertFalse(self.client_a.advisory_survey_skipped_on)
        self.assertFalse(self._consent_notes(self.client_a))
        # with a consenting client in the same call: nobody gets the survey
        with self.assertRaisesRegex(UserError, "Alpha Trading Ltd has not given"):
            (self.client_b | self.client_a).with_user(
                self.manager
            ).action_send_satisfaction_survey()
        self.assertFalse(self._survey_inputs(self.client_b))
        # the consent given, the same button sends
        self.client_a.with_user(self.advisor_a).write({"data_processing_consent": True})
        action = self.client_a.with_user(
            self.advisor_a
        ).action_send_satisfaction_survey()
        self.assertIn("sent to 1 contact(s)", action["params"]["message"])
        self.assertEqual(len(self._survey_inputs(self.client_a)), 2)  # CSAT + NPS

    def test_share_from_the_surveys_app_respects_the_consent(self):
        """A survey officer sharing the firm's satisfaction survey from the
        Surveys app is refused for a client without consent, as the button is."""
        officer = new_test_user(
            self.env,
            login="survey_officer_consent",
            groups="base.group_user,survey.group_survey_manager",
        )
        Invite = self.env["survey.invite"].with_user(officer)
        invite = Invite.create(
            {"survey_id": self.csat.id, "partner_ids": [(6, 0, self.contact_a.ids)]}
        )
        with self.assertRaisesRegex(UserError, "Alpha Trading Ltd has not given"):
            invite.action_invite()
        self.assertFalse(self._survey_inputs(self.client_a))
        # the consent given, the same invitation goes out
        self.client_a.write({"data_processing_consent": True})
        invite.action_invite()
        self.assertTrue(
            self.env["survey.user_input"].search(
                [
                    ("survey_id", "=", self.csat.id),
                    ("partner_id", "=", self.contact_a.id),
                ]
            )
        )

    def test_the_skip_date_is_the_system_s(self):
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self.client_a.with_user(self.advisor_a).write(
                {"advisory_survey_skipped_on": "2026-01-01"}
            )
        self.assertFalse(self.client_a.advisory_survey_skipped_on)

    def test_cron_skips_and_notes_once_per_round(self):
        self.client_b.write(
            {"lifecycle_state": "active", "email": "board@beta.example.com"}
        )
        self.client_a.lifecycle_state = "active"
        # the other clients (demo data) were surveyed lately
        self.env["res.partner"].search(
            [
                ("is_advisory_client", "=", True),
                ("id", "not in", (self.client_a | self.client_b).ids),
            ]
        ).write({"advisory_survey_last_sent": date(2026, 1, 1)})
        Partner = self.env["res.partner"]
        with freeze_time("2026-01-10"):
            Partner._cron_send_periodic_surveys()
        # the consenting client is surveyed in the same run
        self.assertEqual(len(self._survey_inputs(self.client_b)), 2)
        self.assertFalse(self._survey_inputs(self.client_a))
        notes = self._consent_notes(self.client_a)
        self.assertEqual(len(notes), 1)
        self.assertIn("The periodic satisfaction survey was not sent.", notes.body)
        self.assertIn(REFUSAL, notes.body)
        self.assertEqual(notes.message_type, "notification")
        self.assertTrue(notes.is_internal)
        self.assertEqual(self.client_a.advisory_survey_skipped_on, date(2026, 1, 10))
        self.assertFalse(self.client_a.advisory_survey_last_sent)
        self.assertFalse(self._consent_notes(self.client_b))
        # a note is not a contact with the client (lifecycle)
        self.client_a._advisory_refresh_last_contact()
        self.assertFalse(self.client_a.last_contact_date)
        # twice the same day, the next days, within the interval: nothing new
        for day in ("2026-01-10", "2026-01-11", "2026-04-09"):
            with freeze_time(day):
                Partner._cron_send_periodic_surveys()
        self.assertEqual(self._consent_notes(self.client_a), notes)
        self.assertFalse(self._survey_inputs(self.client_a))
        # the next round (3 months later): noted again, once
        with freeze_time("2026-04-10"):
            Partner._cron_send_periodic_surveys()
            Partner._cron_send_periodic_surveys()
        self.assertEqual(len(self._consent_notes(self.client_a)), 2)
        self.assertEqual(self.client_a.advisory_survey_skipped_on, date(2026, 4, 10))
        # the client consents: the next run surveys it, without waiting a round
        self.client_a.write({"data_processing_consent": True})
        with freeze_time("2026-04-11"):
            Partner._cron_send_periodic_surveys()
        answers = self._survey_inputs(self.client_a)
        self.assertEqual(len(answers), 2)
        self.assertEqual(set(answers.mapped("advisory_sent_on")), {date(2026, 4, 11)})
        self.assertEqual(self.client_a.advisory_survey_last_sent, date(2026, 4, 11))
        self.assertEqual(len(self._consent_notes(self.client_a)), 2)

    def test_cron_notes_a_client_without_email_too(self):
        """The refusal is about the consent: noted whether the client has anyone
        to write to or not."""
        self.client_b.write(
            {"lifecycle_state": "active", "data_processing_consent": False}
        )
        self.env["res.partner"].search(
            [("is_advisory_client", "=", True), ("id", "!=", self.client_b.id)]
        ).write({"advisory_survey_last_sent": date(2026, 1, 1)})
        with freeze_time("2026-01-10"):
            self.env["res.partner"]._cron_send_periodic_surveys()
        self.assertEqual(len(self._consent_notes(self.client_b)), 1)
        self.assertEqual(self.client_b.advisory_survey_skipped_on, date(2026, 1, 10))


class TestClosingSurveyConsent(ConsentMixin, EngagementCase, FeedbackCase):
    def test_closing_skips_the_client_without_consent(self):
        self.client_a.write({"data_processing_consent": False})
        project = self._closed_project()
        # the project is closed all the same, without a survey
        self.assertTrue(project.advisory_closed)
        self.assertEqual(self.engagement.state, "closing")
        self.assertFalse(
            self.env["survey.user_input"].search(
                [("advisory_project_id", "=", project.id)]
            )
        )
        self.assertFalse(self._survey_inputs(self.client_a))
        # the client and the project say why, once
        notes = self._consent_notes(self.client_a)
        self.assertEqual(len(notes), 1)
        self.assertIn(
            f"The closing survey of project {project.name} was not sent.", notes.body
        )
        self.assertIn(REFUSAL, notes.body)
        self.assertEqual(
            self.client_a.advisory_survey_skipped_on, self._advisor_today()
        )
        project_notes = self._consent_notes(project)
        self.assertEqual(len(project_notes), 1)
        self.assertIn(REFUSAL, project_notes.body)
        # the project's button refuses too
        with self.assertRaisesRegex(UserError, "has not given the Data Processing"):
            project.action_send_satisfaction_survey()
        self.assertFalse(self._survey_inputs(self.client_a))

    def test_closing_surveys_the_client_with_consent(self):
        project = self._closed_project()
        answers = self.env["survey.user_input"].search(
            [("advisory_project_id", "=", project.id)]
        )
        self.assertEqual(answers.survey_id, self.csat | self.nps)
        self.assertEqual(
            set(answers.mapped("advisory_sent_on")), {self._advisor_today()}
        )
        self.assertFalse(self._consent_notes(self.client_a))
        self.assertFalse(self.client_a.advisory_survey_skipped_on)
