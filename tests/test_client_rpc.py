"""Bad input through the external API: the caller gets the validation message, no
traceback, and nothing is written."""

import json

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestClientRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="rpc_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Delta Capital",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
                "registration_number": "REG-DELTA",
            }
        )
        cls.other = cls.env["res.partner"].create(
            {
                "name": "Epsilon Foods",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )

    def _statement(self, **values):
        vals = {
            "partner_id": self.client.id,
            "period_type": "year",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "total_assets": 1000.0,
            "current_assets": 400.0,
            "total_liabilities": 300.0,
            "current_liabilities": 100.0,
            "revenue": 900.0,
            "net_profit": 90.0,
        }
        vals.update(values)
        return vals

    def _xmlrpc(self, model, method, *args):
        return self._call("rpc_advisor", model, method, *args)

    def _assert_xmlrpc_refused(self, expected, model, method, *args):
        return self._refused(expected, "rpc_advisor", model, method, *args)

    def test_statement_bad_input_over_xmlrpc(self):
        Statement = self.env["advisory.financial.statement"]
        self._assert_xmlrpc_refused(
            "Total Assets",
            "advisory.financial.statement",
            "create",
            self._statement(total_assets=-5.0),
        )
        self._assert_xmlrpc_refused(
            "end",
            "advisory.financial.statement",
            "create",
            self._statement(period_start="2025-12-31", period_end="2025-01-01"),
        )
        self.assertFalse(Statement.search([("partner_id", "=", self.client.id)]))
        # a valid one goes through and computes its ratios
        st_id = self._xmlrpc(
            "advisory.financial.statement", "create", self._statement()
        )
        ratios = self._xmlrpc(
            "advisory.financial.statement",
            "read",
            [st_id],
            ["debt_ratio", "net_margin", "current_ratio"],
        )[0]
        self.assertAlmostEqual(ratios["debt_ratio"], 0.3)
        self.assertAlmostEqual(ratios["net_margin"], 0.1)
        self.assertAlmostEqual(ratios["current_ratio"], 4.0)
        # the same period again is refused with the period in the message
        fault = self._assert_xmlrpc_refused(
            "already has a financial statement",
            "advisory.financial.statement",
            "create",
            self._statement(),
        )
        self.assertIn("2025", fault)
        self.assertEqual(
            Statement.search_count([("partner_id", "=", self.client.id)]), 1
        )

    def test_empty_ratio_over_xmlrpc(self):
        st_id = self._xmlrpc(
            "advisory.financial.statement",
            "create",
            self._statement(revenue=0.0, net_profit=0.0),
        )
        values = self._xmlrpc(
            "advisory.financial.statement", "read", [st_id], ["net_margin"]
        )[0]
        self.assertIs(values["net_margin"], False)

    def test_duplicate_registration_number_over_xmlrpc(self):
        fault = self._assert_xmlrpc_refused(
            "Delta Capital",
            "res.partner",
            "write",
            [self.other.id],
            {"registration_number": "REG-DELTA"},
        )
        self.assertIn("REG-DELTA", fault)
        self.other.invalidate_recordset()
        self.assertFalse(self.other.registration_number)

    def test_bad_input_over_jsonrpc(self):
        self.authenticate("rpc_advisor", "rpc_advisor")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "advisory.financial.statement",
                "method": "create",
                "args": [self._statement(revenue=-1.0)],
                "kwargs": {},
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/advisory.financial.statement/create",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        ).json()
        error = response["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("Revenue", error["message"])
        self.assertFalse(
            self.env["advisory.financial.statement"].search(
                [("partner_id", "=", self.client.id)]
            )
        )

    def test_profile_plan_and_lead_bad_input_over_xmlrpc(self):
        self._assert_xmlrpc_refused(
            "future",
            "res.partner",
            "write",
            [self.client.id],
            {"founding_date": "2999-01-01"},
        )
        self._assert_xmlrpc_refused(
            "registered capital",
            "res.partner",
            "write",
            [self.client.id],
            {"registered_capital": -10},
        )
        self.client.invalidate_recordset()
        self.assertFalse(self.client.founding_date)
        self.assertEqual(self.client.registered_capital, 0)
        call = self.env.ref("advisory_client_mgmt.mail_activity_type_advisory_call")
        self._assert_xmlrpc_refused(
            "must be between 1 and 120",
            "advisory.communication.plan",
            "create",
            {
                "partner_id": self.client.id,
                "activity_type_id": call.id,
                "interval_number": 0,
            },
        )
        self.assertFalse(
            self.env["advisory.communication.plan"].search(
                [("partner_id", "=", self.client.id)]
            )
        )
        lead = self.env["crm.lead"].create(
            {"name": "No customer", "user_id": self.advisor.id}
        )
        self._assert_xmlrpc_refused(
            "Set a customer", "crm.lead", "action_create_engagement", [lead.id]
        )
        self.assertFalse(
            self.env["advisory.engagement"].search([("lead_id", "=", lead.id)])
        )

    def test_unknown_selection_key_over_rpc(self):
        """An unknown selection key is a readable refusal naming the field and the
        allowed keys (Odoo's own Selection would answer with a server traceback)."""
        fault = self._assert_xmlrpc_refused(
            "'telepathy' is not a valid value for Acquisition Channel",
            "res.partner",
            "write",
            [self.client.id],
            {"acquisition_channel": "telepathy", "legal_representative": "X"},
        )
        self.assertIn("referral (Referral)", fault)
        self.client.invalidate_recordset()
        self.assertFalse(self.client.legal_representative)
        self._assert_xmlrpc_refused(
            "'monthly' is not a valid value for Period Type",
            "advisory.financial.statement",
            "create",
            self._statement(period_type="monthly"),
        )
        self.assertFalse(
            self.env["advisory.financial.statement"].search(
                [("partner_id", "=", self.client.id)]
            )
        )
        self.authenticate("rpc_advisor", "rpc_advisor")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "res.partner",
                "method": "write",
                "args": [[self.client.id], {"acquisition_channel": "zombie"}],
                "kwargs": {},
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/res.partner/write",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        ).json()
        error = response["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("'zombie' is not a valid value", error["message"])

    def test_profile_review_over_rpc(self):
        """The "Profile reviewed" button as an integrator calls it: the client's
        advisor records today's review; another advisor is refused; nobody writes
        the review date or the profile score directly."""
        new_test_user(
            self.env,
            login="rpc_other_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        self._call(
            "rpc_advisor", "res.partner", "action_profile_reviewed", [self.client.id]
        )
        self.assertTrue(self.client.profile_reviewed_on)
        self._refused(
            "",
            "rpc_other_advisor",
            "res.partner",
            "action_profile_reviewed",
            [self.other.id],
        )
        self.assertFalse(self.other.profile_reviewed_on)
        for field, value in (
            ("profile_reviewed_on", "2020-01-01"),
            ("profile_completeness", 1.0),
        ):
            self._refused(
                "cannot be edited directly",
                "rpc_advisor",
                "res.partner",
                "write",
                [self.other.id],
                {field: value},
            )
        self.assertFalse(self.other.profile_reviewed_on)

    def test_lifecycle_history_button(self):
        """The History button of the client form opens the client's lifecycle
        changes: the advisor sees those of her client, another advisor none."""
        self._xmlrpc("res.partner", "action_lifecycle_activate", [self.client.id])
        action = self._xmlrpc(
            "res.partner", "action_view_lifecycle_events", [self.client.id]
        )
        self.assertEqual(action["res_model"], "advisory.lifecycle.event")
        events = self._xmlrpc(
            "advisory.lifecycle.event",
            "search_read",
            action["domain"],
            ["old_state", "new_state", "user_id"],
        )
        self.assertEqual(
            [(event["old_state"], event["new_state"]) for event in events],
            [("prospect", "active"), (False, "prospect")],
        )
        self.assertEqual(events[0]["user_id"][0], self.advisor.id)
        new_test_user(
            self.env,
            login="rpc_advisor_2",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        self.assertEqual(
            self._call(
                "rpc_advisor_2", "advisory.lifecycle.event", "search", action["domain"]
            ),
            [],
        )
