"""What the external API shows to users without an advisory role: the internal
analysis of a ticket stays internal, and a plain read() of a contact works for
every employee (integrations reading partners)."""

from odoo.tests import new_test_user, tagged

from .portal_common import portal_user
from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestFieldVisibilityRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="vis_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        # an employee with Odoo's default groups (Contact Creation included)
        cls.employee = new_test_user(cls.env, login="vis_employee")
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Visibility Holdings",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.portal = portal_user(cls.client, "vis_portal", "p@visibility.example.com")
        cls.ticket = cls.env["advisory.feedback"].create(
            {
                "subject": "Late report",
                "partner_id": cls.client.id,
                "description": "The quarterly report came late.",
                "root_cause": "Analyst on leave, no backup assigned.",
            }
        )

    def test_portal_user_cannot_read_the_root_cause(self):
        [ticket] = self._call(
            "vis_portal", "advisory.feedback", "read", [self.ticket.id]
        )
        self.assertEqual(ticket["subject"], "Late report")
        self.assertNotIn("root_cause", ticket)
        fault = self._refused(
            "root_cause",
            "vis_portal",
            "advisory.feedback",
            "read",
            [self.ticket.id],
            ["root_cause"],
        )
        self.assertNotIn("Analyst on leave", fault)
        # the advisor of the client reads it
        [ticket] = self._call(
            "vis_advisor", "advisory.feedback", "read", [self.ticket.id], ["root_cause"]
        )
        self.assertEqual(ticket["root_cause"], "Analyst on leave, no backup assigned.")

    def test_plain_employee_reads_a_contact_without_field_list(self):
        readable = self._call(
            "vis_employee", "res.partner", "fields_get", [], attributes=["type"]
        )
        # crm's own opportunity_ids has no groups: a plain read() of a partner
        # fails for such an employee with crm alone, our addons or not
        readable.pop("opportunity_ids", None)
        [partner] = self._call(
            "vis_employee", "res.partner", "read", [self.client.id], list(readable)
        )
        self.assertEqual(partner["name"], "Visibility Holdings")
        self.assertNotIn("advisory_feedback_ids", partner)
        self.assertNotIn("financial_statement_ids", partner)
        # and the advisor still sees the client's tickets
        [partner] = self._call(
            "vis_advisor",
            "res.partner",
            "read",
            [self.client.id],
            ["advisory_feedback_ids", "advisory_feedback_open_count"],
        )
        self.assertEqual(partner["advisory_feedback_ids"], [self.ticket.id])
        self.assertEqual(partner["advisory_feedback_open_count"], 1)
