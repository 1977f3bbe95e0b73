from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .test_engagement_flow import EngagementCase


class TestProgressUpdates(EngagementCase):
    """Progress updates of an engagement's project: the cadence and its reminder,
    publishing an update to the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="progress_portal",
            groups="base.group_portal",
            email="cfo@alpha.example.com",
        )
        cls.portal_user.partner_id.parent_id = cls.client_a
        cls.other_portal_user = new_test_user(
            cls.env,
            login="progress_portal_b",
            groups="base.group_portal",
            email="cfo@beta.example.com",
        )
        cls.other_portal_user.partner_id.parent_id = cls.client_b

    def setUp(self):
        super().setUp()
        self.contract = self._signed_contract()
        self.project = self.engagement.project_id
        self.reminder_type = self.env.ref(
            "advisory_client_mgmt.mail_activity_type_advisory_progress_update"
        )

    def _update(self, user=None, **values):
        return (
            self.env["project.update"]
            .with_user(user or self.advisor_a)
            .create(
                {
                    "project_id": self.project.id,
                    "name": "Bank meetings done",
                    "status": "at_risk",
                    "progress": 40,
                    "description": "<p>Two lenders still to consent.</p>",
                    **values,
                }
            )
        )

    def _reminders(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "project.project"),
                ("res_id", "=", self.project.id),
                ("activity_type_id", "=", self.reminder_type.id),
            ]
        )

    def test_due_date_follows_the_cadence_and_the_last_publication(self):
        # the contract starts on 2026-01-01: the first update is due a month later
        self.assertEqual(self.project.advisory_update_cadence, "monthly")
        self.assertEqual(self.project.advisory_update_due_date, date(2026, 2, 1))
        self.project.with_user(self.advisor_a).advisory_update_cadence = "biweekly"
        self.assertEqual(self.project.advisory_update_due_date, date(2026, 1, 15))
        with freeze_time("2026-03-10"):
            self._update().action_advisory_publish()
        self.assertEqual(self.project.advisory_update_due_date, date(2026, 3, 24))
        # an update that is not published does not move it
        self._update(name="Internal draft")
        self.assertEqual(self.project.advisory_update_due_date, date(2026, 3, 24))
        self.project.with_user(self.advisor_a).advisory_update_cadence = False
        self.assertFalse(self.project.advisory_update_due_date)

    def test_reminder_once_then_done_by_the_publication(self):
        Project = self.env["project.project"]
        with freeze_time("2026-02-03"):
            Project._cron_advisory_update_reminders()
            Project._cron_advisory_update_reminders()
        reminder = self._reminders()
        self.assertEqual(len(reminder), 1, "a second run adds no second reminder")
        self.assertEqual(reminder.user_id, self.advisor_a)  # the project manager
        self.assertEqual(reminder.date_deadline, date(2026, 2, 1))
        with freeze_time("2026-02-04"):
            self._update().action_advisory_publish()
        self.assertFalse(self._reminders(), "the publication fulfils the reminder")
        self.assertEqual(self.project.advisory_update_due_date, date(2026, 3, 4))
        with freeze_time("2026-02-20"):
            Project._cron_advisory_update_reminders()
        self.assertFalse(self._reminders(), "nothing due before the next date")
        # a closed engagement expects no more updates
        self.project.sudo().advisory_closed = True
        with freeze_time("2026-04-01"):
            Project._cron_advisory_update_reminders()
        self.assertFalse(self._reminders())

    def test_publication_notifies_the_clients_portal_contacts(self):
        update = self._update()
        self.assertFalse(update.advisory_published)
        with freeze_time("2026-02-04"):
            update.action_advisory_publish()
        self.assertTrue(update.advisory_published)
        self.assertEqual(update.advisory_published_date, date(2026, 2, 4))
        self.assertIn(self.portal_user.partner_id, self.engagement.message_partner_ids)
        self.assertNotIn(
            self.other_portal_user.partner_id, self.engagement.message_partner_ids
        )
        message = self.engagement.message_ids.filtered(
            lambda message: self.portal_user.partner_id in message.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn("Bank meetings done", message.body)
        self.assertIn("At Risk", message.body)
        with self.assertRaisesRegex(UserError, "already published"):
            update.action_advisory_publish()

    def test_who_may_publish(self):
        update = self._update()
        # another advisor does not write this client's engagement
        with self.assertRaises(AccessError):
            update.with_user(self.advisor_b).action_advisory_publish()
        self.assertFalse(update.advisory_published)
        # the published flag is the action's: not written directly
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            update.with_user(self.advisor_a).write({"advisory_published": True})
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            update.with_user(self.manager).write(
                {"advisory_published_date": date(2026, 1, 1)}
            )
        update.with_user(self.manager).action_advisory_publish()
        self.assertTrue(update.advisory_published)

    def test_update_of_a_project_without_engagement_is_not_published(self):
        project = self.env["project.project"].create({"name": "Office move"})
        update = self.env["project.update"].create(
            {"project_id": project.id, "name": "Boxes packed", "status": "on_track"}
        )
        with self.assertRaisesRegex(UserError, "not the project of an engagement"):
            update.action_advisory_publish()
        self.assertFalse(project.advisory_update_due_date)

    def test_due_date_without_start_uses_creation(self):
        self.project.sudo().date_start = False
        created = self.project.create_date.date()
        self.assertEqual(
            self.project.advisory_update_due_date,
            created + relativedelta(months=1),
        )

    def test_published_update_is_frozen(self):
        update = self._update()
        update.with_user(self.advisor_a).write({"progress": 45})
        update.action_advisory_publish()
        for user in (self.advisor_a, self.manager):
            with self.assertRaisesRegex(UserError, "published to the client"):
                update.with_user(user).write({"description": "<p>Rewritten</p>"})
            with self.assertRaisesRegex(UserError, "published to the client"):
                update.with_user(user).unlink()
        self.assertEqual(update.progress, 45)
        self.assertIn("Two lenders", update.description)
        # a draft update stays changeable
        draft = self._update(name="Draft")
        draft.with_user(self.advisor_a).write({"progress": 60})
        self.assertEqual(draft.progress, 60)
