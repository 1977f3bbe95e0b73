"""Feedback refusals through XML-RPC: the caller gets the message, the record is
unchanged and nothing is created."""

import json

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

    def test_survey_button_refused_without_consent(self):
        """The advisor clicks "Send satisfaction survey" on a client without the
        data processing consent (the web client's button route, then XML-RPC): the
        refusal names the client and the consent; nothing is sent or written."""
        self.client.write(
            {"email": "board@rpc-client.example.com", "lifecycle_state": "active"}
        )
        Input = self.env["survey.user_input"]
        inputs, mails = Input.search_count([]), self.env["mail.mail"].search_count([])
        self.authenticate("fb_rpc_advisor", "fb_rpc_advisor")
        error = self._click_error(
            "res.partner", "action_send_satisfaction_survey", self.client.id
        )
        self.assertEqual(error["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn(
            "Rpc Client has not given the Data Processing Consent that satisfaction "
            "surveys need.",
            error["data"]["message"],
        )
        self._refused(
            "has not given the Data Processing Consent",
            "fb_rpc_advisor",
            "res.partner",
            "action_send_satisfaction_survey",
            [self.client.id],
        )
        self.assertEqual(Input.search_count([]), inputs)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        self.client.invalidate_recordset()
        self.assertFalse(self.client.advisory_survey_last_sent)
        self.assertFalse(self.client.advisory_survey_skipped_on)
        # the advisor records the consent (her own client): the button sends
        self._call(
            "fb_rpc_advisor",
            "res.partner",
            "write",
            [self.client.id],
            {"data_processing_consent": True},
        )
        self.assertIsNone(
            self._click_error(
                "res.partner", "action_send_satisfaction_survey", self.client.id
            )
        )
        self.assertEqual(Input.search_count([]), inputs + 2)

    def _click_error(self, model, method, record_id):
        """Click an object button through the web client's route as the
        authenticated user; the JSON-RPC error, or None."""
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": [[record_id]],
                "kwargs": {"context": {}},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_button/{model}/{method}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        return response.json().get("error")
