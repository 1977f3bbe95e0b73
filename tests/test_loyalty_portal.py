"""The client's loyalty points and invitations in the portal over HTTP: her
balance, level and ledger, the events her company is invited to and her own
registration to an open one (CSRF), isolation between clients (other ids: 404),
and the JSON-RPC API of a portal user (she reads her company's ledger and
registrations, and writes nothing)."""

import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .portal_common import portal_user


@tagged("post_install", "-at_install")
class TestLoyaltyPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="loy_portal_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        Partner = cls.env["res.partner"]
        cls.client_a, cls.client_b = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": cls.advisor.id,
                    "marketing_consent": True,
                }
                for name in ("Loyal Alpha Ltd", "Loyal Beta Ltd")
            ]
        )
        cls.portal_a = portal_user(
            cls.client_a,
            "loy_portal_a",
            "ann@loyal-alpha.example.com",
            name="Ann Alpha",
        )
        cls.portal_b = portal_user(
            cls.client_b, "loy_portal_b", "bob@loyal-beta.example.com"
        )
        cls.colleague_a = Partner.create(
            {
                "name": "Carl Alpha",
                "parent_id": cls.client_a.id,
                "email": "carl@loyal-alpha.example.com",
            }
        )
        start = fields.Datetime.now() + timedelta(days=15)
        cls.event_a, cls.event_b, cls.event_past = cls.env["event.event"].create(
            [
                {
                    "name": name,
                    "date_begin": start + offset,
                    "date_end": start + offset + timedelta(hours=2),
                }
                for name, offset in (
                    ("Alpha Invitation Forum", timedelta()),
                    ("Beta Private Dinner", timedelta()),
                    ("Old Summit", -timedelta(days=60)),
                )
            ]
        )
        Registration = cls.env["event.registration"]
        # the invitations (as Invite Clients registers the contacts)
        cls.invitation_a = Registration.create(
            {"event_id": cls.event_a.id, "partner_id": cls.colleague_a.id}
        )
        cls.invitation_b = Registration.create(
            {"event_id": cls.event_b.id, "partner_id": cls.portal_b.partner_id.id}
        )
        cls.attended = Registration.create(
            {"event_id": cls.event_past.id, "partner_id": cls.colleague_a.id}
        )
        cls.attended.action_set_done()  # 50 points for Alpha
        Entry = cls.env["advisory.loyalty.entry"]
        Entry._advisory_loyalty_earn(cls.client_b, "renewal", cls.event_b)

    def _csrf(self):
        html = self.url_open("/my/events").text
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def _register(self, event, csrf=True):
        data = {"csrf_token": self._csrf()} if csrf else {"register": "1"}
        return self.url_open(f"/my/events/{event.id}/register", data=data)

    def _call_kw(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _registrations(self, event):
        return self.env["event.registration"].search([("event_id", "=", event.id)])

    def test_loyalty_page_shows_her_points_only(self):
        self.authenticate("loy_portal_a", "loy_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["advisory_loyalty_points", "advisory_event_count"]},
        )
        self.assertEqual(
            counters, {"advisory_loyalty_points": 50, "advisory_event_count": 1}
        )
        response = self.url_open("/my/loyalty")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Client event attended", page)
        self.assertRegex(page, r"o_advisory_balance\">\s*50 points")
        self.assertNotIn("Contract renewal", page)  # Beta's
        self.authenticate("loy_portal_b", "loy_portal_b")
        page = self.url_open("/my/loyalty").text
        self.assertIn("Contract renewal", page)
        self.assertNotIn("Client event attended", page)
        self.assertRegex(page, r"o_advisory_balance\">\s*200 points")

    def test_events_page_and_registration(self):
        self.authenticate("loy_portal_a", "loy_portal_a")
        page = self.url_open("/my/events").text
        self.assertIn("Alpha Invitation Forum", page)
        self.assertNotIn("Beta Private Dinner", page)
        self.assertNotIn("Old Summit", page)  # over
        # without the CSRF token: refused
        self.assertEqual(self._register(self.event_a, csrf=False).status_code, 400)
        self.assertEqual(len(self._registrations(self.event_a)), 1)
        response = self._register(self.event_a)
        self.assertEqual(response.status_code, 200)
        self.assertIn("You are registered", response.text)
        mine = self._registrations(self.event_a).filtered(
            lambda r: r.partner_id == self.portal_a.partner_id
        )
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.state, "open")
        # twice: once
        self.assertIn("already registered", self._register(self.event_a).text)
        self.assertEqual(len(self._registrations(self.event_a)), 2)
        # another client's event, an event she is not invited to: not found
        self.assertEqual(self._register(self.event_b).status_code, 404)
        self.assertEqual(self._registrations(self.event_b), self.invitation_b)
        self.assertEqual(self._register(self.event_past).status_code, 404)

    def test_rpc_reads_her_company_and_writes_nothing(self):
        self.authenticate("loy_portal_a", "loy_portal_a")
        rows = self._call_kw("advisory.loyalty.entry", "search_read", [], ["points"])
        self.assertEqual([row["points"] for row in rows], [50])
        registrations = self._call_kw(
            "event.registration", "search_read", [], ["event_id"]
        )
        self.assertEqual(
            {row["id"] for row in registrations},
            {self.invitation_a.id, self.attended.id},
        )
        entry_b = self.env["advisory.loyalty.entry"].search(
            [("partner_id", "=", self.client_b.id)]
        )
        for model, method, args in (
            ("advisory.loyalty.entry", "read", ([entry_b.id], ["points"])),
            (
                "advisory.loyalty.entry",
                "create",
                (
                    {
                        "name": "x",
                        "partner_id": self.client_a.id,
                        "kind": "earn",
                        "points": 9,
                    },
                ),
            ),
            ("advisory.loyalty.entry", "write", ([rows[0]["id"]], {"points": 999})),
            ("advisory.loyalty.entry", "unlink", ([rows[0]["id"]],)),
            ("event.registration", "read", ([self.invitation_b.id], ["name"])),
            (
                "event.registration",
                "create",
                (
                    {
                        "event_id": self.event_b.id,
                        "partner_id": self.portal_a.partner_id.id,
                    },
                ),
            ),
            (
                "event.registration",
                "write",
                ([self.invitation_a.id], {"state": "done"}),
            ),
            ("advisory.loyalty.level", "write", ([1], {"threshold": 0})),
            ("res.partner", "read", ([self.client_a.id], ["loyalty_points"])),
            (
                "advisory.loyalty.redeem",
                "create",
                ({"partner_id": self.client_a.id, "reward_id": 1},),
            ),
        ):
            with self.subTest(model=model, method=method):
                with self.assertRaises(JsonRpcException) as caught:
                    self._call_kw(model, method, *args)
                # the rights (AccessError), or the ledger's protected facts first
                self.assertIn(
                    str(caught.exception),
                    ("odoo.exceptions.AccessError", "odoo.exceptions.UserError"),
                )
        self.assertEqual(self.invitation_a.state, "open")
        self.assertEqual(self.client_a.loyalty_points, 50)
        self.assertEqual(self._registrations(self.event_b), self.invitation_b)
        self.assertEqual(
            self.env["advisory.loyalty.entry"]
            .search([("partner_id", "=", self.client_a.id)])
            .mapped("points"),
            [50],
        )
