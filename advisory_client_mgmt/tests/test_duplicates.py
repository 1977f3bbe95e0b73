from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user

from ..models.res_partner_duplicate import company_name_key
from .test_engagement_flow import EngagementCase


class TestDuplicates(EngagementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a manager who creates contacts, as every employee does by default
        cls.merger = new_test_user(
            cls.env,
            login="dup_manager",
            groups="advisory_client_mgmt.group_advisory_manager,"
            "base.group_partner_manager",
        )

    def test_name_normalisation(self):
        for name in (
            "Alpha Trading Co., Ltd.",
            "ALPHA TRADING LIMITED",
            "alpha-trading GmbH",
            "Alpha Trading Inc.",
            "Alpha  Trading",
        ):
            with self.subTest(name=name):
                self.assertEqual(company_name_key(name), "alphatrading")
        self.assertEqual(
            company_name_key("恒泰精密制造有限公司"), company_name_key("恒泰精密制造")
        )
        self.assertEqual(
            company_name_key("恒泰精密制造股份有限公司"),
            company_name_key("恒泰精密制造"),
        )
        self.assertNotEqual(
            company_name_key("Alpha Trading"), company_name_key("Alpine")
        )

    def test_each_key_finds_the_duplicate(self):
        Partner = self.env["res.partner"].with_user(self.merger)
        self.client_a.write(
            {
                "email": "finance@alpha-trading.example.com",
                "phone": "+86 21 5555 1234",
                "registration_number": "91310000MA1K000001",
            }
        )
        cases = {
            "name": {"name": "ALPHA TRADING CO., LTD."},
            "email domain": {
                "name": "AT Holdings",
                "email": "ceo@alpha-trading.example.com",
            },
            "phone": {"name": "AT Shanghai", "phone": "021-5555-1234"},
            "registration number": {
                "name": "AT Other",
                "registration_number": "91310000MA1K000001",
            },
        }
        for label, values in cases.items():
            with self.subTest(key=label):
                other = Partner.create({"is_company": True, **values})
                self.assertIn(self.client_a, other.advisory_duplicate_ids)
                self.assertIn(other, self.client_a.advisory_duplicate_ids)
                other.unlink()
        # a public mailbox domain and a short number say nothing
        other = Partner.create(
            {
                "name": "Beta Co",
                "is_company": True,
                "email": "a@qq.com",
                "phone": "12345",
            }
        )
        self.client_a.email = "b@qq.com"
        self.assertNotIn(self.client_a, other.advisory_duplicate_ids)
        # the client's own contacts are not duplicates of it
        contact = Partner.create(
            {
                "name": "Alpha Trading",
                "parent_id": self.client_a.id,
                "is_company": False,
            }
        )
        self.assertNotIn(contact, self.client_a.advisory_duplicate_ids)

    def test_warning_while_the_form_is_filled_in(self):
        form = Form(self.env["res.partner"].with_user(self.merger))
        form.company_type = "company"
        form.name = "Alpha Trading Limited"
        self.assertIn(self.client_a, form.advisory_duplicate_ids)
        partner = form.save()  # a warning, never a block
        self.assertTrue(partner)

    def test_merge_moves_every_advisory_record_to_the_partner_kept(self):
        duplicate = self.env["res.partner"].create(
            {
                "name": "ALPHA TRADING LIMITED",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": self.advisor_b.id,
                "registration_number": "91310000MA1K000009",
            }
        )
        engagement = self.env["advisory.engagement"].create(
            {
                "partner_id": duplicate.id,
                "service_line_ids": [Command.set(self.tax.ids)],
            }
        )
        statement = self.env["advisory.financial.statement"].create(
            self._statement_vals(duplicate)
        )
        document_type = self.env["advisory.document.type"].create({"name": "Licence"})
        document = self.env["advisory.client.document"].create(
            {"partner_id": duplicate.id, "type_id": document_type.id}
        )
        plan = self.env["advisory.communication.plan"].create(
            {
                "partner_id": duplicate.id,
                "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                "interval_type": "months",
            }
        )
        kept = self.client_a
        Wizard = self.env["base.partner.merge.automatic.wizard"]
        partners = kept | duplicate
        # an advisor, a plain employee (both creating contacts): refused
        advisor = new_test_user(
            self.env,
            login="dup_advisor",
            groups="advisory_client_mgmt.group_advisory_user,base.group_partner_manager",
        )
        employee = new_test_user(
            self.env,
            login="dup_employee_2",
            groups="base.group_user,base.group_partner_manager",
        )
        for user in (advisor, employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Wizard.with_user(user)._merge(partners.ids, kept)
        self.assertTrue(duplicate.exists())
        wizard = Wizard.with_user(self.merger).create(
            {
                "partner_ids": [Command.set(partners.ids)],
                "dst_partner_id": kept.id,
                "state": "selection",
            }
        )
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        for record in (engagement, statement, document, plan):
            self.assertEqual(record.partner_id, kept, record._name)
        self.assertEqual(kept.registration_number, "91310000MA1K000009")
        self.assertTrue(kept.is_advisory_client)
        # the kept client's relationship manager now serves the moved engagement,
        # the duplicate's no longer
        Engagement = self.env["advisory.engagement"]
        self.assertIn(engagement, Engagement.with_user(self.advisor_a).search([]))
        self.assertNotIn(engagement, Engagement.with_user(self.advisor_b).search([]))


class TestDuplicateVisibility(EngagementCase):
    def test_plain_employee_creates_contacts_as_before(self):
        """Employees without an advisory role create companies as in Odoo; the
        duplicate keys and warnings are not theirs to read."""
        employee = new_test_user(
            self.env,
            login="dup_employee",
            groups="base.group_user,base.group_partner_manager",
        )
        partner = (
            self.env["res.partner"]
            .with_user(employee)
            .create({"name": "Alpha Trading Ltd", "is_company": True})
        )
        partner.read(["name", "email"])
        with self.assertRaises(AccessError):
            partner.read(["advisory_duplicate_ids"])
        self.assertIn(self.client_a, partner.sudo().advisory_duplicate_ids)
