"""Feedback refusals through XML-RPC: the caller gets the message, the record is
unchanged and nothing is created."""

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestFeedbackRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="fb_rpc_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.other = new_test_user(
            cls.env,
            login="fb_rpc_other",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Rpc Client",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.ticket = cls.env["advisory.feedback"].create(
            {"subject": "Rpc ticket", "partner_id": cls.client.id}
        )

    def test_bad_input_refused(self):
        Feedback = "advisory.feedback"
        count = self.env[Feedback].search_count([])
        login = "fb_rpc_advisor"
        self._refused(
            "changes through its buttons",
            login,
            Feedback,
            "create",
            {"subject": "x", "partner_id": self.client.id, "state": "closed"},
        )
        self._refused(
            "'fax' is not a valid value for Channel. Allowed values: phone (Phone)",
            login,
            Feedback,
            "create",
            {"subject": "x", "partner_id": self.client.id, "channel": "fax"},
        )
        self._refused(
            "changes through its buttons",
            login,
            Feedback,
            "write",
            [self.ticket.id],
            {"state": "resolved"},
        )
        self._refused(
            "Enter the resolution", login, Feedback, "action_resolve", [self.ticket.id]
        )
        self._refused(
            "The client confirms", login, Feedback, "action_close", [self.ticket.id]
        )
        self._refused(
            "positive",
            "admin",
            "advisory.feedback.sla",
            "create",
            {"name": "Bad", "priority": "1", "response_hours": -1},
        )
        self._refused(
            "is not a contact of the client",
            login,
            Feedback,
            "create",
            {
                "subject": "x",
                "partner_id": self.client.id,
                "contact_id": self.env.ref("base.partner_admin").id,
            },
        )
        # another advisor's client: access refused
        self._refused(
            "", "fb_rpc_other", Feedback, "action_acknowledge", [self.ticket.id]
        )
        self.assertEqual(self.env[Feedback].search_count([]), count)
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.state, "new")
        # a good call works and returns a value XML-RPC can carry
        self.assertTrue(
            self._call(login, Feedback, "action_acknowledge", [self.ticket.id])
        )
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.state, "acknowledged")

    def test_ticket_with_the_documented_fields_only(self):
        """DESIGN.md's fields of a ticket (no subject): the description's first line
        is the subject."""
        ticket_id = self._call(
            "fb_rpc_advisor",
            "advisory.feedback",
            "create",
            {
                "partner_id": self.client.id,
                "channel": "email",
                "category": "communication",
                "priority": "1",
                "description": "  Report sent to the wrong address\nSecond line.",
            },
        )
        ticket = self.env["advisory.feedback"].browse(ticket_id)
        self.assertEqual(ticket.subject, "Report sent to the wrong address")
        self._refused(
            "Subject",
            "fb_rpc_advisor",
            "advisory.feedback",
            "create",
            {"partner_id": self.client.id},
        )
