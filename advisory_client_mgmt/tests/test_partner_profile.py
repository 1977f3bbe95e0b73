from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common import AdvisoryCase


class TestPartnerProfile(AdvisoryCase):
    def test_reference_and_prospect_when_becoming_client(self):
        self.assertTrue(self.client_a.advisory_ref)
        self.assertNotEqual(self.client_a.advisory_ref, self.client_b.advisory_ref)
        self.assertEqual(self.client_a.lifecycle_state, "prospect")
        contact = self.env["res.partner"].create({"name": "Not a client"})
        self.assertFalse(contact.advisory_ref)
        self.assertFalse(contact.lifecycle_state)
        contact.is_advisory_client = True
        self.assertTrue(contact.advisory_ref)
        self.assertEqual(contact.lifecycle_state, "prospect")
        ref = contact.advisory_ref
        contact.write({"is_advisory_client": False})
        contact.write({"is_advisory_client": True})
        self.assertEqual(contact.advisory_ref, ref, "a client keeps its reference")
        copy = contact.copy()
        self.assertNotEqual(copy.advisory_ref, ref)

    def test_registration_number_unique_per_company(self):
        self.client_a.registration_number = "91310000MA1"
        with self.assertRaises(ValidationError) as caught:
            self.client_b.registration_number = "91310000MA1"
        self.assertIn("Alpha Trading Ltd", str(caught.exception))
        self.assertIn(self.client_a.advisory_ref, str(caught.exception))
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {
                    "name": "Alpha Copy",
                    "is_advisory_client": True,
                    "registration_number": "91310000MA1",
                }
            )
        # a contact that is not an advisory client, or a client of another company, may
        self.env["res.partner"].create(
            {"name": "Plain", "registration_number": "91310000MA1"}
        )
        self.env["res.partner"].create(
            {
                "name": "Elsewhere",
                "is_advisory_client": True,
                "registration_number": "91310000MA1",
                "company_id": self.company_2.id,
            }
        )
        # two new duplicates in one create call are refused too
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                [
                    {
                        "name": "Twin 1",
                        "is_advisory_client": True,
                        "registration_number": "X-1",
                    },
                    {
                        "name": "Twin 2",
                        "is_advisory_client": True,
                        "registration_number": "X-1",
                    },
                ]
            )

    def test_profile_bad_input(self):
        with self.assertRaises(ValidationError):
            self.client_a.founding_date = fields.Date.today() + timedelta(days=2)
        with self.assertRaises(ValidationError):
            self.client_a.registered_capital = -1

    def test_defaults_for_dates(self):
        self.client_a.write(
            {
                "strategic_partner": True,
                "marketing_consent": True,
                "data_processing_consent": True,
            }
        )
        today = fields.Date.context_today(self.client_a)
        self.assertEqual(self.client_a.strategic_partner_since, today)
        self.assertEqual(self.client_a.marketing_consent_date, today)
        self.assertEqual(self.client_a.data_processing_consent_date, today)
        self.client_b.write(
            {"strategic_partner": True, "strategic_partner_since": date(2020, 5, 1)}
        )
        self.assertEqual(self.client_b.strategic_partner_since, date(2020, 5, 1))

    def test_manual_lifecycle(self):
        client = self.client_a
        self._lifecycle_tracking(client)
        client.action_lifecycle_activate()
        self.assertEqual(client.lifecycle_state, "active")
        self._lifecycle_tracking(client)
        with self.assertRaises(UserError):
            client.action_lifecycle_activate()
        with self.assertRaises(UserError):
            client.action_lifecycle_reactivate()
        with self.assertRaises(UserError):
            client.action_lifecycle_churn()  # no reason yet
        self.assertEqual(client.lifecycle_state, "active")
        client.churn_reason = "Moved to a competitor"
        client.action_lifecycle_churn()
        self.assertEqual(client.lifecycle_state, "churned")
        self._lifecycle_tracking(client)
        with self.assertRaises(UserError):
            client.action_lifecycle_churn()
        client.action_lifecycle_reactivate()
        self.assertEqual(client.lifecycle_state, "prospect")
        # each change is tracked in the chatter
        self.assertEqual(
            self._lifecycle_tracking(client)[-3:],
            [("Prospect", "Active"), ("Active", "Churned"), ("Churned", "Prospect")],
        )

    def test_churn_needs_reason_on_write(self):
        with self.assertRaises(ValidationError):
            self.client_b.write({"lifecycle_state": "churned"})
