from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import FeedbackCase


class TestFeedbackTicket(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Office hours (UTC)", "tz": "UTC"}
        )  # Mon-Fri 8-12, 13-17 by default
        cls.env.company.resource_calendar_id = cls.calendar
        Sla = cls.env["advisory.feedback.sla"]
        Sla.search([("company_id", "=", cls.env.company.id)]).unlink()
        cls.sla_normal = Sla.create(
            {
                "name": "Normal",
                "priority": "1",
                "response_hours": 4,
                "resolution_hours": 16,
                "escalation_hours": 8,
            }
        )
        cls.sla_complaint = Sla.create(
            {
                "name": "Complaint",
                "priority": "1",
                "category": "complaint",
                "response_hours": 2,
                "resolution_hours": 8,
                "escalation_hours": 4,
            }
        )
        cls.team_lead = new_test_user(
            cls.env,
            login="fb_team_lead",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.team = cls.env["crm.team"].create(
            {"name": "Client Service", "user_id": cls.team_lead.id}
        )
        cls.executive = new_test_user(
            cls.env,
            login="fb_executive",
            groups="advisory_client_mgmt.group_advisory_executive",
        )

    def _ticket(self, user=None, **values):
        vals = {
            "subject": "Report late",
            "partner_id": self.client_a.id,
            "contact_id": self.contact_a.id,
            "channel": "phone",
            "category": "service_quality",
            "priority": "1",
            "team_id": self.team.id,
            "description": "The quarterly report came two weeks late.",
        }
        vals.update(values)
        return (
            self.env["advisory.feedback"].with_user(user or self.advisor_a).create(vals)
        )

    def test_sequence_and_client(self):
        ticket = self._ticket(partner_id=self.contact_a.id, contact_id=False)
        self.assertTrue(ticket.name.startswith("FB/"))
        self.assertEqual(ticket.partner_id, self.client_a, "the client is the company")
        self.assertEqual(ticket.contact_id, self.contact_a)
        with self.assertRaises(ValidationError):
            self._ticket(contact_id=self.client_b.id)

    @freeze_time("2026-01-16 18:00:00")  # a Friday evening
    def test_sla_deadlines_on_working_calendar(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_id, self.sla_normal)
        # nothing counts over the weekend: Monday 8-12 gives the 4 response hours
        self.assertEqual(ticket.response_deadline, datetime(2026, 1, 19, 12, 0))
        # 16 hours: Monday and Tuesday
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 20, 17, 0))
        complaint = self._ticket(category="complaint")
        self.assertEqual(complaint.sla_id, self.sla_complaint, "the category wins")
        self.assertEqual(complaint.response_deadline, datetime(2026, 1, 19, 10, 0))
        self.assertFalse(ticket.response_breached)
        self.assertEqual(ticket.sla_status, "ok")

    def test_transitions_and_times(self):
        with freeze_time("2026-01-19 09:00:00"):
            ticket = self._ticket()
        with freeze_time("2026-01-19 11:00:00"):
            ticket.action_acknowledge()
        self.assertEqual(ticket.state, "acknowledged")
        self.assertEqual(ticket.response_hours, 2.0)
        self.assertFalse(ticket.response_breached)
        with freeze_time("2026-01-19 12:00:00"):
            ticket.action_start()
        self.assertEqual(ticket.state, "in_progress")
        with self.assertRaisesRegex(UserError, "resolution"):
            ticket.action_resolve()
        ticket.write({"resolution": "Report re-sent.", "root_cause": "   "})
        with self.assertRaisesRegex(UserError, "root cause"):
            ticket.action_resolve()
        ticket.root_cause = "No second reader."
        with freeze_time("2026-01-21 10:00:00"):
            ticket.action_resolve()
        self.assertEqual(ticket.state, "resolved")
        self.assertEqual(ticket.resolution_hours, 49.0)
        # 16 working hours from Monday 9:00: Monday 7, Tuesday 8, Wednesday 8-9
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 1, 21, 9, 0))
        self.assertTrue(ticket.resolution_breached)
        self.assertEqual(ticket.sla_status, "breached")
        # the closed loop is the client's (the portal runs it as the system)
        for decide in (ticket.action_reopen, ticket.action_close):
            with self.assertRaisesRegex(AccessError, "The client confirms"):
                decide()
        client = ticket.sudo()
        client.action_reopen()
        self.assertEqual((ticket.state, ticket.reopen_count), ("in_progress", 1))
        self.assertFalse(ticket.resolved_on)
        ticket.action_resolve()
        client.action_close()
        self.assertEqual(ticket.state, "closed")
        self.assertTrue(ticket.closed_on)
        with self.assertRaisesRegex(UserError, "cannot be acknowledged"):
            ticket.action_acknowledge()
        client.action_reopen()
        self.assertEqual(ticket.reopen_count, 2)

    def test_state_cannot_be_written(self):
        ticket = self._ticket()
        with self.assertRaisesRegex(UserError, "changes through its buttons"):
            ticket.write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "changes through its buttons"):
            self._ticket(state="resolved")
        self.assertEqual(ticket.state, "new")

    def test_closed_loop_mail(self):
        ticket = self._ticket()
        ticket.write({"resolution": "Report re-sent.", "root_cause": "No reader."})
        ticket.action_resolve()
        message = ticket.message_ids.filtered(
            lambda m: self.contact_a.partner_share and self.contact_a in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn(f"/my/feedback/{ticket.id}/confirm?access_token=", message.body)
        self.assertIn(f"/my/feedback/{ticket.id}/reopen?access_token=", message.body)
        self.assertIn(ticket.access_token, message.body)
        self.assertIn("Report re-sent.", message.body)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mails.recipient_ids, self.contact_a, "only the client")

    def test_escalation_levels_once_each(self):
        with freeze_time("2026-01-19 09:00:00"):  # Monday
            ticket = self._ticket()
            late_ack = self._ticket(subject="Other")
        with freeze_time("2026-01-19 12:00:00"):
            late_ack.action_acknowledge()  # on time (due 14:00: lunch 12-13)
            self.env["advisory.feedback"]._cron_escalate()
        self.assertEqual(ticket.escalation_level, 0)
        with freeze_time("2026-01-19 15:00:00"):  # response due 14:00
            Feedback = self.env["advisory.feedback"]
            Feedback._cron_escalate()
            self.assertEqual(ticket.escalation_level, 1)
            self.assertTrue(ticket.response_breached)
            self.assertEqual(late_ack.escalation_level, 0)
            activities = ticket.activity_ids
            self.assertEqual(activities.user_id, self.team_lead)
            self.assertIn(self.team_lead.partner_id, ticket.message_partner_ids)
            Feedback._cron_escalate()  # twice: nothing more
            self.assertEqual(ticket.escalation_level, 1)
            self.assertEqual(ticket.activity_ids, activities)
        # level 2 after the SLA's 8 further working hours: Tuesday 15:00
        self.assertEqual(ticket.next_escalation, datetime(2026, 1, 20, 15, 0))
        with freeze_time("2026-01-20 14:00:00"):
            Feedback._cron_escalate()
            self.assertEqual(ticket.escalation_level, 1)
        with freeze_time("2026-01-20 15:30:00"):
            Feedback._cron_escalate()
            Feedback._cron_escalate()
        self.assertEqual(ticket.escalation_level, 2)
        self.assertEqual(
            ticket.activity_ids.filtered(lambda a: a.user_id == self.executive).mapped(
                "user_id"
            ),
            self.executive,
        )
        self.assertEqual(
            len(ticket.activity_ids.filtered(lambda a: a.user_id == self.executive)), 1
        )
        # the executive reads the escalated ticket of another advisor's client
        self.assertTrue(ticket.with_user(self.executive).read(["name"]))
        # a resolved ticket does not escalate
        with freeze_time("2026-01-22 09:00:00"):
            late_ack.write({"resolution": "Done.", "root_cause": "Cause."})
            late_ack.action_resolve()
            Feedback._cron_escalate()
        self.assertEqual(late_ack.escalation_level, 0)

    def test_access_rules(self):
        ticket = self._ticket()
        ticket_b = self._ticket(
            user=self.advisor_b, partner_id=self.client_b.id, contact_id=False
        )
        Feedback = self.env["advisory.feedback"]
        self.assertEqual(
            Feedback.with_user(self.advisor_a).search(
                [("id", "in", (ticket | ticket_b).ids)]
            ),
            ticket,
        )
        with self.assertRaises(AccessError):
            ticket_b.with_user(self.advisor_a).read(["subject"])
        with self.assertRaises(AccessError):
            ticket.with_user(self.advisor_b).action_acknowledge()
        with self.assertRaises(AccessError):
            ticket.with_user(self.employee).read(["subject"])
        with self.assertRaises(AccessError):
            ticket.with_user(self.advisor_a).unlink()
        self.assertEqual(
            Feedback.with_user(self.manager).search_count(
                [("id", "in", (ticket | ticket_b).ids)]
            ),
            2,
        )
        with self.assertRaises(AccessError):
            ticket.with_user(self.executive).write({"subject": "x"})
        # other company: invisible to the manager of this one
        other = Feedback.create(
            {
                "subject": "Other company",
                "partner_id": self.client_a.id,
                "company_id": self.company_2.id,
            }
        )
        with self.assertRaises(AccessError):
            other.with_user(self.manager).read(["subject"])
        # SLA policies: advisors read, managers edit
        with self.assertRaises(AccessError):
            self.sla_normal.with_user(self.advisor_a).write({"response_hours": 1})
        self.sla_normal.with_user(self.manager).write({"response_hours": 3})

    def test_access_follows_the_staff_serving_the_client(self):
        """An advisor sees the tickets of the clients she serves (manager or
        team) and those she handles, from the moment the client's staff change."""
        ticket = self._ticket()
        handled = self._ticket(
            user=self.manager,
            partner_id=self.client_b.id,
            contact_id=False,
            user_id=self.advisor_a.id,
        )
        self.assertEqual(handled.user_id, self.advisor_a)
        as_b = self.env["advisory.feedback"].with_user(self.advisor_b)
        tickets = [("id", "in", (ticket | handled).ids)]
        self.assertEqual(as_b.search(tickets), handled)
        self.client_a.client_team_ids = [Command.link(self.advisor_b.id)]
        self.assertEqual(as_b.search(tickets), ticket | handled)
        self.client_a.client_team_ids = [Command.clear()]
        self.assertEqual(as_b.search(tickets), handled)
        # the ticket of B's client handled by A stays A's to see
        self.assertEqual(
            self.env["advisory.feedback"].with_user(self.advisor_a).search(tickets),
            ticket | handled,
        )
        with self.assertRaises(UserError):
            as_b.search([("client_served_by_ids", "not in", [self.advisor_b.id])])
        with self.assertRaises(UserError):
            as_b.search([("client_served_by_ids", "=", False)])

    def test_sla_validation(self):
        with self.assertRaisesRegex(ValidationError, "positive"):
            self.env["advisory.feedback.sla"].create(
                {"name": "Bad", "priority": "0", "response_hours": 0}
            )
        with self.assertRaisesRegex(ValidationError, "shorter"):
            self.env["advisory.feedback.sla"].create(
                {
                    "name": "Bad",
                    "priority": "0",
                    "response_hours": 10,
                    "resolution_hours": 5,
                }
            )

    def test_improvement_action_and_review(self):
        with freeze_time("2026-01-05 10:00:00"):
            ticket = self._ticket()
        action = (
            self.env["advisory.improvement.action"]
            .with_user(self.advisor_a)
            .create(
                {
                    "name": "Second reader",
                    "feedback_id": ticket.id,
                    "user_id": self.advisor_a.id,
                    "date_deadline": "2026-01-10",
                }
            )
        )
        self.assertEqual(action.partner_id, self.client_a)
        self.assertEqual(ticket.improvement_action_count, 1)
        with freeze_time("2026-01-15"):
            self.assertTrue(action.is_overdue)
            Action = self.env["advisory.improvement.action"]
            Action._cron_remind_overdue()
            Action._cron_remind_overdue()
            self.assertEqual(len(action.activity_ids), 1)
        with self.assertRaisesRegex(UserError, "outcome"):
            action.action_done()
        action.outcome = "Every report has a second reader."
        action.action_done()
        self.assertEqual(action.state, "done")
        self.assertFalse(action.is_overdue)
        with freeze_time("2026-02-01"):
            review = (
                self.env["advisory.process.review"]
                .with_user(self.manager)
                .create(
                    {"name": "Q1", "date_from": "2026-01-01", "date_to": "2026-03-31"}
                )
            )
            review.action_load_feedback()
            self.assertIn(ticket, review.feedback_ids)
            with self.assertRaisesRegex(UserError, "participants"):
                review.action_done()
            review.write(
                {
                    "findings": "<p>Late reports</p>",
                    "participant_ids": [(4, self.manager.id)],
                }
            )
            review.action_done()
            self.assertEqual(review.state, "done")
        with self.assertRaises(AccessError):
            review.with_user(self.advisor_a).write({"name": "x"})
        with self.assertRaisesRegex(ValidationError, "end before"):
            self.env["advisory.process.review"].create(
                {"name": "Bad", "date_from": "2026-03-01", "date_to": "2026-01-01"}
            )
