"""The smart buttons of the client form: each count is the client's records the
user may read (record rules included), all counted in one query."""

from odoo.tests import new_test_user, tagged

from .rpc_common import RpcCase

COUNTS = [
    "engagement_count",
    "financial_statement_count",
    "communication_plan_count",
    "advisory_feedback_open_count",
    "risk_assessment_count",
    "risk_open_alert_count",
    "next_action_open_count",
    "care_occasion_count",
]


@tagged("post_install", "-at_install")
class TestClientCountsRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="cnt_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.other_advisor = new_test_user(
            cls.env,
            login="cnt_other",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="cnt_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        cls.mine, cls.theirs = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": advisor.id,
                }
                for name, advisor in (
                    ("Counted Holdings", cls.advisor),
                    ("Uncounted Trading", cls.other_advisor),
                )
            ]
        )
        cls.env["advisory.engagement"].create(
            [
                {"partner_id": cls.mine.id},
                {"partner_id": cls.mine.id},
                {"partner_id": cls.theirs.id},
            ]
        )
        tickets = cls.env["advisory.feedback"].create(
            [
                {"subject": subject, "partner_id": client.id, "description": "-"}
                for subject, client in (
                    ("Open", cls.mine),
                    ("Done", cls.mine),
                    ("Theirs", cls.theirs),
                )
            ]
        )
        tickets[1]._as_system().state = "closed"

    def _counts(self, login, client):
        [row] = self._call(login, "res.partner", "read", [client.id], COUNTS)
        return {name: row[name] for name in COUNTS}

    def test_counts_follow_the_record_rules(self):
        expected = dict.fromkeys(COUNTS, 0)
        mine = self._counts("cnt_advisor", self.mine)
        self.assertEqual(
            mine, dict(expected, engagement_count=2, advisory_feedback_open_count=1)
        )
        # another advisor's client: its partner is readable, its records are not
        self.assertEqual(self._counts("cnt_advisor", self.theirs), expected)
        self.assertEqual(
            self._counts("cnt_manager", self.theirs),
            dict(expected, engagement_count=1, advisory_feedback_open_count=1),
        )

    def test_counts_in_one_query(self):
        client = self.mine.with_user(self.advisor)
        client.read(COUNTS)  # the registry's caches: access rights, record rules
        client.invalidate_recordset(COUNTS)
        # the access check of the client, then the eight counts together (one
        # query per count before)
        with self.assertQueryCount(2):
            self.assertEqual(client.read(COUNTS)[0]["engagement_count"], 2)
