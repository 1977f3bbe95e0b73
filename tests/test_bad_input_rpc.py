"""Bad values through XML-RPC and JSON-RPC on every kind of field of the advisory
addons: a readable ValidationError naming the field, never a server traceback, and
nothing written."""

import json

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase


@tagged("post_install", "-at_install")
class TestBadInputRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="bad_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="bad_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Bad Input Corp",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.advisor.id,
            }
        )
        cls.engagement = cls.env["advisory.engagement"].create(
            {"partner_id": cls.client.id, "relationship_manager_id": cls.advisor.id}
        )
        cls.statement = cls.env["advisory.financial.statement"].create(
            {
                "partner_id": cls.client.id,
                "period_type": "year",
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "total_assets": 100.0,
            }
        )

    def _statement_unchanged(self):
        self.statement.invalidate_recordset()
        self.assertEqual(self.statement.total_assets, 100.0)
        self.assertEqual(str(self.statement.period_start), "2025-01-01")

    def test_numbers(self):
        for value, expected in (
            ("abc", "A number is expected"),
            (float("nan"), "A finite number is expected"),
            (float("inf"), "A finite number is expected"),
            (1e300, "out of range"),
            (True, "A number is expected"),
        ):
            with self.subTest(value=value):
                fault = self._refused(
                    expected,
                    "bad_advisor",
                    "advisory.financial.statement",
                    "write",
                    [self.statement.id],
                    {"total_assets": value},
                )
                self.assertIn("Total Assets", fault)
        self._statement_unchanged()
        self._refused(
            "A number is expected",
            "bad_advisor",
            "advisory.contract",
            "create",
            {
                "engagement_id": self.engagement.id,
                "amount": "a lot",
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
            },
        )
        self.assertFalse(self.engagement.contract_ids)

    def test_dates(self):
        for value, expected in (
            ("2026-02-30", "A date (YYYY-MM-DD) is expected"),
            ("yesterday", "A date (YYYY-MM-DD) is expected"),
            ("1066-10-14", "The year must be between 1900 and 2999"),
            ("20261-01-01", "A date (YYYY-MM-DD) is expected"),
            ("3026-01-01", "The year must be between 1900 and 2999"),
        ):
            with self.subTest(value=value):
                self._refused(
                    expected,
                    "bad_advisor",
                    "advisory.financial.statement",
                    "write",
                    [self.statement.id],
                    {"period_start": value},
                )
        self._statement_unchanged()

    def test_selection_many2one_and_text(self):
        for vals, expected in (
            ({"period_type": "monthly"}, "Allowed values"),
            ({"partner_id": "Bad Input Corp"}, "A record id is expected"),
            ({"note": 42}, "A text is expected"),
        ):
            with self.subTest(vals=vals):
                self._refused(
                    expected,
                    "bad_advisor",
                    "advisory.financial.statement",
                    "write",
                    [self.statement.id],
                    vals,
                )
        self._statement_unchanged()

    def test_absurd_intervals_and_hours(self):
        call = self.env.ref("advisory_client_mgmt.mail_activity_type_advisory_call")
        self._refused(
            "must be between 1 and 3660",
            "bad_advisor",
            "advisory.communication.plan",
            "create",
            {
                "partner_id": self.client.id,
                "activity_type_id": call.id,
                "interval_number": 10_000_000,
                "interval_type": "days",
            },
        )
        sla = self.env["advisory.feedback.sla"].search([], limit=1)
        hours = sla.resolution_hours
        self._refused(
            "at most 2000",
            "bad_manager",
            "advisory.feedback.sla",
            "write",
            [sla.id],
            {"resolution_hours": 1e9},
        )
        sla.invalidate_recordset()
        self.assertEqual(sla.resolution_hours, hours)
        self.assertFalse(
            self.env["advisory.communication.plan"].search(
                [("partner_id", "=", self.client.id)]
            )
        )

    def test_json_rpc_gets_the_same_readable_error(self):
        self.authenticate("bad_advisor", "bad_advisor")
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "advisory.financial.statement",
                "method": "write",
                "args": [[self.statement.id], {"total_assets": "NaN"}],
                "kwargs": {},
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/advisory.financial.statement/write",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        ).json()
        error = response["error"]["data"]
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("Total Assets", error["message"])
        self._statement_unchanged()
