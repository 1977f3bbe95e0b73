from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import AdvisoryCase


class TestLeadEngagement(AdvisoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prospect = cls.env["res.partner"].create(
            {"name": "Gamma Holdings", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Grace Gamma", "parent_id": cls.prospect.id}
        )
        cls.tax = cls.env.ref("advisory_client_mgmt.service_line_tax_planning")
        cls.financing = cls.env.ref("advisory_client_mgmt.service_line_financing")

    def _lead(self, **values):
        vals = {
            "name": "Refinancing and tax review",
            "partner_id": self.contact.id,
            "user_id": self.advisor_a.id,
            "financial_goal": "Reduce financing costs by 15%",
            "risk_preference": "balanced",
            "investment_horizon": "medium",
            "service_line_ids": [(6, 0, (self.tax | self.financing).ids)],
            "expected_financing_amount": 5_000_000,
            "acquisition_channel": "referral",
        }
        vals.update(values)
        return self.env["crm.lead"].create(vals)

    def test_seeded_service_lines(self):
        names = set(self.env["advisory.service.line"].search([]).mapped("name"))
        for name in (
            "Investment Planning",
            "Tax Planning",
            "Financial Optimization",
            "Risk Management",
            "Financing",
            "M&A Advisory",
        ):
            self.assertIn(name, names)

    def test_create_engagement(self):
        lead = self._lead()
        action = lead.action_create_engagement()
        engagement = self.env["advisory.engagement"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "advisory.engagement")
        self.assertEqual(engagement.state, "needs_analysis")
        self.assertEqual(engagement.lead_id, lead)
        self.assertEqual(
            engagement.partner_id, self.prospect, "the company, not the contact"
        )
        self.assertEqual(engagement.relationship_manager_id, self.advisor_a)
        self.assertEqual(engagement.service_line_ids, self.tax | self.financing)
        self.assertEqual(lead.engagement_count, 1)
        self.assertTrue(self.prospect.is_advisory_client)
        self.assertEqual(self.prospect.lifecycle_state, "prospect")
        self.assertTrue(self.prospect.advisory_ref)
        self.assertEqual(self.prospect.acquisition_channel, "referral")
        self.assertEqual(self.prospect.relationship_manager_id, self.advisor_a)
        with self.assertRaises(UserError):
            lead.action_create_engagement()  # one open engagement per lead
        self.assertEqual(lead.engagement_count, 1)

    def test_existing_client_keeps_its_state(self):
        self.client_a.action_lifecycle_activate()
        lead = self._lead(partner_id=self.client_a.id)
        lead.action_create_engagement()
        self.assertEqual(self.client_a.lifecycle_state, "active")
        self.assertEqual(self.client_a.relationship_manager_id, self.advisor_a)

    def test_lead_without_customer_refused(self):
        lead = self._lead(partner_id=False)
        with self.assertRaises(UserError):
            lead.action_create_engagement()
        self.assertFalse(
            self.env["advisory.engagement"].search([("lead_id", "=", lead.id)])
        )

    def test_negative_financing_refused(self):
        with self.assertRaises(ValidationError):
            self._lead(expected_financing_amount=-1)

    def test_needs_analysis_form(self):
        with Form(self.env["crm.lead"].with_user(self.advisor_a)) as form:
            form.name = "Succession planning"
            form.partner_id = self.contact
            form.risk_preference = "conservative"
            form.investment_horizon = "long"
            form.service_line_ids.add(self.tax)
        lead = form.record
        self.assertEqual(lead.risk_preference, "conservative")
        self.assertEqual(lead.service_line_ids, self.tax)

    def test_changes_of_needs_leave_history(self):
        """The needs analysis is tracked: what the client wanted before stays in the
        chatter."""
        lead = self._lead()
        # the lead was created earlier (its creation's tracking is written)
        lead.env.flush_all()
        lead.env.cr.precommit.run()
        lead.with_user(self.advisor_a).write(
            {"risk_preference": "growth", "financial_goal": "Raise 20M for a plant"}
        )
        lead.env.flush_all()
        lead.env.cr.precommit.run()  # tracking is written when the transaction ends
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "crm.lead"),
                ("mail_message_id.res_id", "=", lead.id),
            ]
        )
        by_field = {value.field_id.name: value for value in tracked}
        self.assertEqual(by_field["risk_preference"].old_value_char, "Balanced")
        self.assertEqual(by_field["risk_preference"].new_value_char, "Growth")
        self.assertEqual(
            by_field["financial_goal"].old_value_text, "Reduce financing costs by 15%"
        )
