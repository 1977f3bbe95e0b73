from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RelationshipCase


@tagged("post_install", "-at_install")
class TestClientEvents(RelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.industry = cls.env["res.partner.industry"].create({"name": "Test Wind"})
        (cls.client_a | cls.client_b).industry_id = cls.industry
        cls.client_c = cls._client(
            "Gamma Logistics", cls.advisor_b, industry_id=cls.industry.id
        )
        cls.client_c.marketing_consent = False
        cls.client_a._as_system().value_tier = "A"
        (cls.client_b | cls.client_c)._as_system().value_tier = "B"
        start = fields.Datetime.now() + timedelta(days=10)
        cls.event = cls.env["event.event"].create(
            {
                "name": "Test Financing Seminar",
                "date_begin": start,
                "date_end": start + timedelta(hours=3),
                "advisory_industry_ids": [(6, 0, cls.industry.ids)],
            }
        )
        cls.Registration = cls.env["event.registration"]

    def _registrations(self):
        return self.Registration.search([("event_id", "=", self.event.id)])

    def test_invite_segment_consent_no_duplicate(self):
        self.event.advisory_value_tier = "B"
        before = self.client_c.message_ids
        self.event.with_user(self.manager).action_advisory_invite()
        # tier B: Beta's contact (Gamma has no marketing consent), not Alpha (tier A)
        self.assertEqual(self._registrations().partner_id, self.contact_b)
        self.assertEqual(self._registrations().state, "open")
        # Odoo's registration mail invites her
        self.assertTrue(
            self.env["mail.mail"].search(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "in", self._registrations().ids),
                ]
            )
            or self.env["mail.message"].search(
                [
                    ("model", "=", "event.registration"),
                    ("res_id", "in", self._registrations().ids),
                    ("message_type", "in", ("email", "email_outgoing")),
                ]
            )
        )
        notes = (self.client_c.message_ids - before).filtered(
            lambda message: "No invitation" in message.body
        )
        self.assertEqual(len(notes), 1)
        # inviting again registers nobody twice
        self.event.with_user(self.manager).action_advisory_invite()
        self.assertEqual(len(self._registrations()), 1)
        # the whole industry: Alpha too
        self.event.advisory_value_tier = False
        self.event.with_user(self.manager).action_advisory_invite()
        self.assertEqual(
            self._registrations().partner_id, self.contact_a | self.contact_b
        )
        self.assertEqual(self.client_a.with_user(self.advisor_a).event_invited_count, 1)
        self.assertEqual(
            self.client_a.with_user(self.advisor_a).event_attended_count, 0
        )

    def test_invite_is_the_managers(self):
        with self.assertRaises(AccessError):
            self.event.with_user(self.advisor_a).action_advisory_invite()
        self.assertFalse(self._registrations())

    def test_attendance_reactivates_dormant_client(self):
        self.client_a._as_system().write(
            {
                "lifecycle_state": "dormant",
                "last_contact_date": datetime(2020, 1, 1),
            }
        )
        self.event.with_user(self.manager).action_advisory_invite()
        registration = self._registrations().filtered(
            lambda r: r.partner_id == self.contact_a
        )
        # the advisor records her client's attendance at the registration desk
        registration.with_user(self.advisor_a).action_set_done()
        self.assertEqual(registration.state, "done")
        self.assertEqual(self.client_a.lifecycle_state, "active")
        history = self.env["advisory.lifecycle.event"].search(
            [("partner_id", "=", self.client_a.id)], order="id desc", limit=1
        )
        self.assertEqual((history.old_state, history.new_state), ("dormant", "active"))
        self.assertGreater(self.client_a.last_contact_date, datetime(2026, 1, 1))
        self.assertEqual(self.client_a.event_attended_count, 1)
        action = self.client_a.with_user(self.advisor_a).action_view_client_events()
        self.assertEqual(
            self.Registration.with_user(self.advisor_a).search(action["domain"]),
            registration,
        )

    def test_advisor_sees_only_her_clients_registrations(self):
        self.event.with_user(self.manager).action_advisory_invite()
        mine = self.Registration.with_user(self.advisor_a).search(
            [("event_id", "=", self.event.id)]
        )
        self.assertEqual(mine.partner_id, self.contact_a)
        other = self._registrations().filtered(lambda r: r.partner_id == self.contact_b)
        with self.assertRaises(AccessError):
            other.with_user(self.advisor_a).action_set_done()
        with self.assertRaises(AccessError):
            self.Registration.with_user(self.advisor_a).create(
                {"event_id": self.event.id, "partner_id": self.client_b.id}
            )
        self.assertEqual(
            self.Registration.with_user(self.manager)
            .search([("event_id", "=", self.event.id)])
            .partner_id,
            self.contact_a | self.contact_b,
        )
        # the counts on the client form follow the same rule
        self.assertEqual(self.client_b.with_user(self.advisor_a).event_invited_count, 0)
        self.assertEqual(self.client_b.with_user(self.manager).event_invited_count, 1)
        # a guest who is no advisory client is hers to handle at the desk
        guest = self.env["res.partner"].create({"name": "Test Walk-in Guest"})
        walk_in = self.Registration.with_user(self.advisor_a).create(
            {"event_id": self.event.id, "partner_id": guest.id}
        )
        self.assertIn(
            walk_in,
            self.Registration.with_user(self.advisor_a).search(
                [("event_id", "=", self.event.id)]
            ),
        )
        # the rule's column is the system's: nobody hides a client's registration
        # from it over RPC
        with self.assertRaises(AccessError):
            other.with_user(self.manager).write({"advisory_client_id": False})
        # joining Beta's client team gives her Beta's registrations
        self.client_b._as_system().client_team_ids = [(4, self.advisor_a.id)]
        self.env.invalidate_all()
        self.assertEqual(
            self.Registration.with_user(self.advisor_a)
            .search([("event_id", "=", self.event.id)])
            .partner_id,
            self.contact_a | self.contact_b | guest,
        )
        self.assertEqual(self.client_b.with_user(self.advisor_a).event_invited_count, 1)
