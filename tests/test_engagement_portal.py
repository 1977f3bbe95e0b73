"""The client's engagements in the portal over HTTP: the home counter and the list,
what the engagement page shows (and what it never shows), isolation between
clients and access tokens, the client's reply in the chatter, and the JSON-RPC
API of a portal user."""

import re
from datetime import date

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .portal_common import PORTAL_PAGE_FIELDS, portal_user
from .portal_sign_common import PortalSignCase

# what a portal user may read of an engagement through the API (her company's);
# a field added later without ``groups`` fails test_rpc_reads_only_client_fields
PORTAL_ENGAGEMENT_FIELDS = {
    "id",
    "display_name",
    "name",
    "partner_id",
    "relationship_manager_id",
    "company_id",
    "currency_id",
    "service_line_ids",
    "date_start",
    "date_end",
    "proposal_ids",
    "contract_ids",
    "project_id",
    "state",
    # mail.thread, besides the portal page's chatter
    "message_follower_ids",
    "message_partner_ids",
    "message_attachment_count",
    "rating_ids",
    # mail.activity.mixin: only the icon of an overdue activity
    "activity_type_icon",
    "activity_exception_decoration",
    "activity_exception_icon",
    # whether the reader may act on the engagement (never, for a portal user)
    "advisory_can_act",
} | PORTAL_PAGE_FIELDS


@tagged("post_install", "-at_install")
class TestEngagementPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="eng_portal_advisor",
            name="Rita Relationship",
            email="rita@firm.example.com",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="eng_portal_manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        Partner = cls.env["res.partner"]
        cls.client_a, cls.client_b = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": cls.advisor.id,
                }
                for name in ("Workspace Alpha Ltd", "Workspace Beta Ltd")
            ]
        )
        cls.portal_a = portal_user(
            cls.client_a, "eng_portal_a", "cfo@ws-alpha.example.com"
        )
        cls.portal_b = portal_user(
            cls.client_b, "eng_portal_b", "cfo@ws-beta.example.com"
        )
        Engagement = cls.env["advisory.engagement"].with_user(cls.advisor)
        cls.engagement_a, cls.engagement_b, cls.draft_a = Engagement.create(
            [
                {
                    "partner_id": client.id,
                    "relationship_manager_id": cls.advisor.id,
                    "date_start": date(2026, 1, 1),
                }
                for client in (cls.client_a, cls.client_b, cls.client_a)
            ]
        )
        (cls.engagement_a | cls.engagement_b).action_start_needs_analysis()
        # the proposal the client was shown, and a draft she was not
        Proposal = cls.env["advisory.proposal"].with_user(cls.advisor)
        cls.proposal_a = Proposal.create(
            {
                "engagement_id": cls.engagement_a.id,
                "summary": "<p>Refinance the bank loans.</p>",
                "risk_disclosure": "<p>Rates may rise.</p>",
                "fee_estimate": 480000,
            }
        )
        cls.proposal_a.action_submit()
        cls.proposal_a.with_user(cls.manager).validate_tier()
        cls.proposal_a.action_present()
        cls.proposal_a.action_accept()
        cls.draft_proposal_a = Proposal.create(
            {
                "engagement_id": cls.engagement_a.id,
                "summary": "<p>Extension under preparation.</p>",
                "fee_estimate": 90000,
            }
        )
        # the project, as the signature of a contract creates it
        cls.project_a = cls.env["project.project"].create(
            {
                "name": "Alpha refinancing",
                "partner_id": cls.client_a.id,
                "user_id": cls.advisor.id,
                "engagement_id": cls.engagement_a.id,
                "privacy_visibility": "followers",
                "allow_milestones": True,
                "date_start": date(2026, 1, 1),
                "milestone_ids": [
                    Command.create(
                        {"name": "Lenders consulted", "deadline": date(2026, 3, 1)}
                    )
                ],
                "advisory_kpi_ids": [
                    Command.create(
                        {"name": "Interest saved", "target": 4, "actual": 3}
                    ),
                    Command.create(
                        {
                            "name": "Hours spent by our team",
                            "target": 300,
                            "actual": 340,
                            "internal": True,
                        }
                    ),
                ],
                "task_ids": [Command.create({"name": "Secret internal task"})],
            }
        )
        cls.engagement_a.sudo().write(
            {"project_id": cls.project_a.id, "state": "execution"}
        )
        Update = cls.env["project.update"].with_user(cls.advisor)
        cls.published, cls.unpublished = Update.create(
            [
                {
                    "project_id": cls.project_a.id,
                    "name": "Term sheets received",
                    "status": "on_track",
                    "progress": 45,
                    "description": "<p>Three banks sent their term sheets.</p>",
                },
                {
                    "project_id": cls.project_a.id,
                    "name": "Fee overrun to discuss internally",
                    "status": "at_risk",
                    "progress": 50,
                    "description": "<p>We are over budget on hours.</p>",
                },
            ]
        )
        cls.published.action_advisory_publish()
        cls.env["ir.attachment"].create(
            {
                "name": "term-sheet-comparison.pdf",
                "raw": b"%PDF-1.4 comparison",
                "res_model": "project.update",
                "res_id": cls.published.id,
            }
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _links(self, html):
        return {int(i) for i in re.findall(r'href="/my/engagements/(\d+)', html)}

    def _call_kw(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _assert_rpc_refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(model, method, *args, **kwargs)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------

    def test_home_counter_and_list(self):
        self.authenticate("eng_portal_a", "eng_portal_a")
        home = self.url_open("/my/home").text
        self.assertIn("/my/engagements", home)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["engagement_count"]}
        )
        self.assertEqual(counters["engagement_count"], 1, "the draft is not shown")
        response = self.url_open("/my/engagements")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._links(response.text), {self.engagement_a.id})
        self.assertIn("Rita Relationship", response.text)

    def test_page_shows_what_the_client_may_read(self):
        self.authenticate("eng_portal_a", "eng_portal_a")
        response = self.url_open(f"/my/engagements/{self.engagement_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        for shown in (
            self.engagement_a.name,
            self.proposal_a.name,  # accepted
            "Lenders consulted",
            "Interest saved",
            "75 %",  # 3 of 4
            "Term sheets received",
            "Three banks sent their term sheets.",
            "term-sheet-comparison.pdf",
        ):
            self.assertIn(shown, page)
        for hidden in (
            self.draft_proposal_a.name,  # a draft under preparation
            "Hours spent by our team",  # an internal KPI
            "Fee overrun to discuss internally",  # an update not published
            "We are over budget on hours.",
            "Secret internal task",
        ):
            self.assertNotIn(hidden, page)
        # the file of the published update opens from its link
        link = re.search(
            r'href="(/web/content/\d+\?access_token=[^"&]+)&amp;download=true"', page
        ).group(1)
        self.assertEqual(self.url_open(link).content, b"%PDF-1.4 comparison")

    def test_other_clients_and_tokens(self):
        self.engagement_a._portal_ensure_token()
        token = self.engagement_a.access_token
        self.engagement_b._portal_ensure_token()
        self.authenticate("eng_portal_b", "eng_portal_b")
        url = f"/my/engagements/{self.engagement_a.id}"
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(
            self.url_open(f"{url}?access_token={token[:-1]}x").status_code, 404
        )
        self.assertEqual(
            self.url_open(
                f"{url}?access_token={self.engagement_b.access_token}"
            ).status_code,
            404,
        )
        self.assertNotIn(
            self.engagement_a.id, self._links(self.url_open("/my/engagements").text)
        )
        # the draft of her own company is not shown either
        self.authenticate("eng_portal_a", "eng_portal_a")
        self.assertEqual(
            self.url_open(f"/my/engagements/{self.draft_a.id}").status_code, 404
        )
        # nor with its token
        self.draft_a._portal_ensure_token()
        self.assertEqual(
            self.url_open(
                f"/my/engagements/{self.draft_a.id}"
                f"?access_token={self.draft_a.access_token}"
            ).status_code,
            404,
        )
        # the link of a notification opens the page with its token, signed in or not
        self.authenticate(None, None)
        response = self.url_open(f"{url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Term sheets received", response.text)
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_client_replies_in_the_chatter(self):
        self.authenticate("eng_portal_a", "eng_portal_a")
        self.url_open(f"/my/engagements/{self.engagement_a.id}")
        self.engagement_a.invalidate_recordset(["access_token"])
        token = self.engagement_a.access_token
        self.assertTrue(token, "the page gives the chatter its token")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "advisory.engagement",
                "thread_id": self.engagement_a.id,
                "post_data": {
                    "body": "Can we move the lenders' meeting to Friday?",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": token,
            },
        )
        message = self.engagement_a.message_ids[:1]
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        self.assertIn("lenders' meeting", message.body)
        # another client cannot post on it, even knowing its id
        self.authenticate("eng_portal_b", "eng_portal_b")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "advisory.engagement",
                    "thread_id": self.engagement_a.id,
                    "post_data": {"body": "spam", "message_type": "comment"},
                },
            )
        self.assertEqual(self.engagement_a.message_ids[:1], message)

    # ------------------------------------------------------------------
    # API
    # ------------------------------------------------------------------

    def test_rpc_reads_only_client_fields(self):
        self.authenticate("eng_portal_a", "eng_portal_a")
        fields = self._call_kw("advisory.engagement", "fields_get", [], ["type"])
        self.assertEqual(set(fields) - PORTAL_ENGAGEMENT_FIELDS, set())
        rows = self._call_kw(
            "advisory.engagement", "search_read", [], ["name", "state"]
        )
        self.assertEqual([row["id"] for row in rows], [self.engagement_a.id])
        for internal in ("value", "lead_id", "team_ids", "proposal_count"):
            self._assert_rpc_refused(
                "advisory.engagement", "read", [self.engagement_a.id], [internal]
            )
        self._assert_rpc_refused(
            "advisory.engagement",
            "write",
            [self.engagement_a.id],
            {"date_end": "2030-01-01"},
        )
        self._assert_rpc_refused(
            "project.update", "search_read", [], ["name", "description"]
        )
        self._assert_rpc_refused(
            "advisory.project.kpi", "search_read", [], ["name", "internal"]
        )
        self._assert_rpc_refused(
            "project.project", "read", [self.project_a.id], ["name"]
        )

    def test_staff_preview_shows_the_clients_view(self):
        self.authenticate("eng_portal_advisor", "eng_portal_advisor")
        action = self.make_jsonrpc_request(
            "/web/dataset/call_button/advisory.engagement/action_portal_preview",
            {
                "model": "advisory.engagement",
                "method": "action_portal_preview",
                "args": [[self.engagement_a.id]],
                "kwargs": {},
            },
        )
        self.assertEqual(
            action["url"].split("?")[0], f"/my/engagements/{self.engagement_a.id}"
        )
        page = self.url_open(action["url"]).text
        self.assertIn("Term sheets received", page)
        self.assertNotIn("Fee overrun to discuss internally", page)

    def test_page_lists_the_use_of_funds_reports(self):
        contract = self.env["advisory.contract"].create(
            {
                "engagement_id": self.engagement_a.id,
                "fee_type": "success_fee",
                "amount": 90000.0,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "signed_date": date(2026, 1, 1),
            }
        )
        # the fixture needs a signed contract, not the signing flow
        contract._write_state("active")
        plan = self.env["advisory.fund.usage.plan"].create(
            {
                "contract_id": contract.id,
                "frequency": "quarterly",
                "line_ids": [
                    Command.create(
                        {
                            "category_id": self.env.ref(
                                "advisory_client_mgmt.fund_usage_category_capex"
                            ).id,
                            "date_from": date(2026, 1, 1),
                            "date_to": date(2026, 3, 31),
                            "planned_amount": 500.0,
                        }
                    )
                ],
            }
        )
        report = plan._open_reports(date(2026, 1, 1))
        self.engagement_a._portal_ensure_token()
        # the link of a notification: the report opens from the page, signed out
        self.authenticate(None, None)
        page = self.url_open(
            f"/my/engagements/{self.engagement_a.id}"
            f"?access_token={self.engagement_a.access_token}"
        ).text
        self.assertIn(contract.name, page)
        link = re.search(
            rf'href="(/my/fund-usage/{report.id}\?access_token=[^"]+)"', page
        ).group(1)
        self.assertIn(report.name, self.url_open(link.replace("&amp;", "&")).text)


@tagged("post_install", "-at_install")
class TestClientWorkspaceTour(PortalSignCase):
    def test_client_reads_an_update_accepts_and_signs(self):
        running = self._engagement(self.client_a)
        project = self.env["project.project"].create(
            {
                "name": "Alpha treasury",
                "partner_id": self.client_a.id,
                "user_id": self.advisor.id,
                "engagement_id": running.id,
                "privacy_visibility": "followers",
            }
        )
        running.sudo().write(
            {
                "project_id": project.id,
                "state": "execution",
                "date_start": date(2025, 6, 1),
            }
        )
        self.env["project.update"].with_user(self.advisor).create(
            {
                "project_id": project.id,
                "name": "Term sheets received",
                "status": "on_track",
                "progress": 45,
                "description": "<p>Three banks sent their term sheets.</p>",
            }
        ).action_advisory_publish()
        proposal = self._proposal()
        contract = self._contract()
        self.start_tour(
            "/my/engagements", "advisory_client_workspace_tour", login="sign_portal_a"
        )
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.portal_signed_by, "Alice Alpha")
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signer_name, "Alice Alpha")
        self.assertTrue(contract.signed_document_id)
        self.assertEqual(self.engagement.state, "execution")
        self.assertTrue(self.engagement.project_id)
