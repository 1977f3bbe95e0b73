"""A proposal decided by the client in the portal, over HTTP: the presentation
mail with its link, the list and the page, the acceptance with a signature (as the
portal's signature form sends it), the decline with a reason, the refusals (stale
versions, another client, a wrong token, no CSRF token), and what a portal user
reads and writes over JSON-RPC."""

import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .portal_common import PORTAL_PAGE_FIELDS
from .portal_sign_common import SIGNATURE, PortalSignCase
from .test_reports_zh_cn import pdf_text

# what a portal user may read of a proposal: its content, its decision and the
# portal's and the chatter's own fields; every other field (reviews, activities,
# risk, internal flags, the signer's IP) has groups. A new field fails this test
# until it is either given groups or added here on purpose.
PROPOSAL_PORTAL_FIELDS = {
    # content and decision
    "id",
    "display_name",
    "name",
    "engagement_id",
    "partner_id",
    "company_id",
    "version",
    "previous_version_id",
    "summary",
    "recommendations",
    "expected_outcomes",
    "risk_disclosure",
    "currency_id",
    "fee_estimate",
    "presented_date",
    "decision_date",
    "state",
    "decline_reason",
    # advisory_relationship: the loyalty discount shown under the fee
    "loyalty_discount_percent",
    "loyalty_discount_amount",
    "fee_net",
    "portal_sent_on",
    "portal_signature",
    "portal_signed_by",
    "portal_signed_on",
} | PORTAL_PAGE_FIELDS


@tagged("post_install", "-at_install")
class TestProposalPortal(PortalSignCase):
    def _page(self, proposal, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return self.url_open(f"/my/proposals/{proposal.id}?{query}")

    def _decline(self, proposal, csrf, reason="Too expensive for us.", **extra):
        return self.url_open(
            f"/my/proposals/{proposal.id}/decline",
            data=dict(extra, csrf_token=csrf, decline_reason=reason),
        )

    def _assert_undecided(self, proposal):
        proposal.invalidate_recordset()
        self.assertFalse(proposal.portal_signed_on)
        self.assertFalse(proposal.portal_signature)
        self.assertFalse(proposal.decline_reason)

    def test_presenting_mails_the_portal_link_to_the_clients_contacts(self):
        proposal = self._proposal()
        self.assertTrue(proposal.access_token)
        self.assertTrue(proposal.portal_sent_on)
        message = proposal.message_ids.filtered(
            lambda msg: self.portal_a.partner_id in msg.partner_ids
        )
        self.assertEqual(len(message), 1, "one mail to the client's contact")
        self.assertIn(
            f"/my/proposals/{proposal.id}?access_token={proposal.access_token}",
            message.body,
        )
        self.assertNotIn(
            self.client_a, message.partner_ids, "the contacts, not the company"
        )
        self.assertTrue(
            self.env["mail.mail"].search(
                [("mail_message_id", "=", message.id)], limit=1
            ),
            "sent by email",
        )

    def test_portal_user_lists_reads_and_accepts_with_a_signature(self):
        proposal = self._proposal()
        draft = self._proposal(
            engagement=self._engagement(self.client_a), present=False
        )
        other = self._proposal(engagement=self._engagement(self.client_b))
        self.authenticate("sign_portal_a", "sign_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["advisory_proposal_count"]}
        )
        self.assertEqual(counters["advisory_proposal_count"], 1)
        listing = self.url_open("/my/proposals?sortby=name")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f'href="/my/proposals/{proposal.id}"', listing.text)
        self.assertNotIn(draft.name, listing.text, "not presented: not shown")
        self.assertNotIn(other.name, listing.text)
        page = self._page(proposal)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Refinance the bank loans.", page.text)
        self.assertIn("Rates may rise", page.text)
        self.assertIn("o_advisory_proposal_accept", page.text)
        self.assertIn("o_advisory_proposal_decline", page.text)
        self.assertIn("portal.signature_form", page.text)
        html = self._page(proposal, report_type="html")
        self.assertEqual(html.status_code, 200)
        self.assertIn("Risk Disclosure", html.text)
        pdf = self._page(proposal, report_type="pdf", download="true")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

        result = self._sign(f"/my/proposals/{proposal.id}/accept", name=" Alice Alpha ")
        self.assertNotIn("error", result)
        self.assertTrue(result["force_refresh"])
        self.assertIn(f"/my/proposals/{proposal.id}", result["redirect_url"])
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.engagement_id.state, "contracting")
        self.assertEqual(
            proposal.decision_date,
            fields.Date.context_today(proposal.with_user(self.portal_a)),
        )
        self.assertEqual(proposal.portal_signed_by, "Alice Alpha")
        self.assertEqual(proposal.portal_signed_ip, "127.0.0.1")
        self.assertTrue(proposal.portal_signature)
        self.assertAlmostEqual(
            proposal.portal_signed_on,
            fields.Datetime.now(),
            delta=timedelta(minutes=5),
        )
        for thread in (proposal, proposal.engagement_id):
            self.assertTrue(
                any(
                    "accepted online by Alice Alpha" in (msg.body or "")
                    for msg in thread.message_ids
                ),
                thread,
            )
        posted = proposal.message_ids.filtered(
            lambda msg: "accepted online" in (msg.body or "")
        )
        self.assertEqual(posted.author_id, self.portal_a.partner_id)
        # the page now says so, without buttons; the signature shows
        after = self._page(proposal, message="signed")
        self.assertIn("o_advisory_signed", after.text)
        self.assertIn("o_advisory_portal_signature", after.text)
        self.assertNotIn("o_advisory_proposal_accept", after.text)
        # a second acceptance is refused
        again = self._sign(f"/my/proposals/{proposal.id}/accept", name="Mallory")
        self.assertIn("accepted", again["error"])
        proposal.invalidate_recordset()
        self.assertEqual(proposal.portal_signed_by, "Alice Alpha")

    def test_proposal_pdf_in_chinese_with_the_online_acceptance(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.client_a.lang = "zh_CN"
        proposal = self._proposal(
            summary="<p>再融资银行贷款</p>",
            risk_disclosure="<p>利率可能上升</p>",
        )
        proposal.with_user(self.portal_a).sudo()._portal_accept(
            "李伟 Li Wei", SIGNATURE, "127.0.0.1"
        )
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "advisory_client_mgmt.advisory_proposal_action_report", proposal.ids
            )
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(content)
        for expected in ("再融资银行贷款", "利率可能上升", "李伟LiWei"):
            self.assertIn(expected, text)
        today = fields.Date.context_today(proposal.with_user(self.portal_a))
        self.assertIn(today.strftime("%Y年%m月%d日"), text)

    def test_signature_and_name_are_required(self):
        proposal = self._proposal()
        self.authenticate("sign_portal_a", "sign_portal_a")
        url = f"/my/proposals/{proposal.id}/accept"
        self.assertIn("name", self._sign(url, name="  ")["error"])
        self.assertIn("signature", self._sign(url, signature="")["error"])
        self.assertIn(
            "could not be read", self._sign(url, signature="bm90IGFuIGltYWdl")["error"]
        )
        # what a JSON caller may send instead of text: refused, no traceback
        for params in ({"name": 1}, {"signature": ["x"]}, {"access_token": 1}):
            self.assertIn(
                "could not be read",
                self.make_jsonrpc_request(
                    url, {"name": "Alice Alpha", "signature": SIGNATURE, **params}
                )["error"],
            )
        self.assertEqual(proposal.state, "presented")
        self._assert_undecided(proposal)

    def test_decline_with_a_reason(self):
        proposal = self._proposal()
        self.authenticate("sign_portal_a", "sign_portal_a")
        page = self._page(proposal)
        csrf = self._csrf(page.text)
        # without the CSRF token: refused, nothing written
        refused = self.url_open(
            f"/my/proposals/{proposal.id}/decline",
            data={"decline_reason": "No CSRF"},
        )
        self.assertEqual(refused.status_code, 400)
        # a GET does not decide
        self.assertEqual(
            self.url_open(f"/my/proposals/{proposal.id}/decline").status_code, 405
        )
        # without a reason: refused with the question
        empty = self._decline(proposal, csrf, reason="   ")
        self.assertEqual(empty.status_code, 400)
        self.assertIn("Tell us why", empty.text)
        self.assertEqual(proposal.state, "presented")
        self._assert_undecided(proposal)

        done = self._decline(proposal, csrf)
        self.assertEqual(done.status_code, 200)
        self.assertIn("o_advisory_declined", done.text)
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "rejected")
        self.assertEqual(proposal.decline_reason, "Too expensive for us.")
        self.assertTrue(proposal.decision_date)
        self.assertEqual(proposal.engagement_id.state, "proposal")
        self.assertTrue(
            any(
                "Too expensive for us." in (msg.body or "")
                for msg in proposal.engagement_id.message_ids
            )
        )
        # decided: a second decision is refused
        again = self._decline(proposal, csrf, reason="Changed my mind")
        self.assertEqual(again.status_code, 400)
        self.assertIn("declined", again.text)
        proposal.invalidate_recordset()
        self.assertEqual(proposal.decline_reason, "Too expensive for us.")

    def test_only_the_latest_presented_version_can_be_decided(self):
        first = self._proposal()
        newer = first.with_user(self.advisor)._do_new_version()
        self.assertEqual(newer.version, 2)
        self.authenticate("sign_portal_a", "sign_portal_a")
        page = self._page(first)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_advisory_stale", page.text)
        self.assertIn("replaced by version 2", page.text)
        self.assertNotIn("o_advisory_proposal_accept", page.text)
        self.assertNotIn("o_advisory_proposal_decline", page.text)
        result = self._sign(f"/my/proposals/{first.id}/accept")
        self.assertIn("replaced by version 2", result["error"])
        declined = self._decline(first, self._csrf(page.text))
        self.assertEqual(declined.status_code, 400)
        self.assertEqual(first.state, "presented")
        self._assert_undecided(first)
        # the newer version is not presented: the client does not see it
        self.assertEqual(self._page(newer).status_code, 404)
        with_token = self._page(newer, access_token=newer._portal_ensure_token())
        self.assertEqual(with_token.status_code, 404, "not presented, even by token")
        self.assertIn("error", self._sign(f"/my/proposals/{newer.id}/accept"))
        self.assertEqual(newer.state, "draft")
        # once presented, the newer version is the one the client accepts
        newer.action_submit()
        newer.with_user(self.manager).validate_tier()
        newer.action_present()
        stale = self._page(first)
        self.assertIn(f'href="/my/proposals/{newer.id}"', stale.text)
        result = self._sign(f"/my/proposals/{newer.id}/accept")
        self.assertNotIn("error", result)
        self.assertEqual(newer.state, "accepted")
        self.assertEqual(first.state, "presented")

    def test_cancelled_proposal_says_so(self):
        proposal = self._proposal()
        proposal.action_cancel()
        self.authenticate("sign_portal_a", "sign_portal_a")
        page = self._page(proposal)
        self.assertEqual(page.status_code, 200)
        self.assertIn("withdrawn", page.text)
        self.assertNotIn("o_advisory_proposal_accept", page.text)
        self.assertIn(
            "withdrawn", self._sign(f"/my/proposals/{proposal.id}/accept")["error"]
        )
        self._assert_undecided(proposal)

    def test_another_client_and_wrong_tokens_are_refused(self):
        proposal = self._proposal()
        other = self._proposal(engagement=self._engagement(self.client_b))
        self.authenticate("sign_portal_b", "sign_portal_b")
        self.assertEqual(self._page(proposal).status_code, 404)
        self.assertNotIn("Refinance", self._page(proposal).text)
        pdf = self._page(proposal, report_type="pdf")
        self.assertEqual(pdf.status_code, 404)
        self.assertIn("error", self._sign(f"/my/proposals/{proposal.id}/accept"))
        page_b = self._page(other)
        self.assertEqual(page_b.status_code, 200)
        declined = self._decline(proposal, self._csrf(page_b.text))
        self.assertEqual(declined.status_code, 404)
        # the token of another proposal, a tampered one
        for token in (other.access_token, proposal.access_token[:-1] + "x", ""):
            self.assertEqual(self._page(proposal, access_token=token).status_code, 404)
            self.assertIn(
                "error",
                self._sign(f"/my/proposals/{proposal.id}/accept", access_token=token),
            )
        self.assertEqual(proposal.state, "presented")
        self._assert_undecided(proposal)
        self.assertEqual(other.state, "presented")

    def test_the_mails_token_link_works_without_login(self):
        """A client's contact without a portal account accepts from the link of
        the presentation mail; the token opens that document only."""
        proposal = self._proposal()
        other = self._proposal(engagement=self._engagement(self.client_b))
        self.authenticate(None, None)
        token = proposal.access_token
        self.assertEqual(self._page(other, access_token=token).status_code, 404)
        self.assertEqual(self.url_open("/my/proposals").url.count("/web/login"), 1)
        page = self._page(proposal, access_token=token)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_advisory_proposal_accept", page.text)
        self.assertIn(
            f"/my/proposals/{proposal.id}/accept?access_token={token}", page.text
        )
        result = self._sign(
            f"/my/proposals/{proposal.id}/accept?access_token={token}",
            name="Bob Alpha",
        )
        self.assertNotIn("error", result)
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.portal_signed_by, "Bob Alpha")
        posted = proposal.message_ids.filtered(
            lambda msg: "accepted online" in (msg.body or "")
        )
        self.assertEqual(posted.author_id, self.client_a, "posted as the client")
        self.assertEqual(other.state, "presented")

    def test_portal_user_reads_no_staff_field_and_writes_nothing(self):
        proposal = self._proposal()
        other = self._proposal(engagement=self._engagement(self.client_b))
        self.authenticate("sign_portal_a", "sign_portal_a")
        model = "advisory.proposal"
        self.assertEqual(self._portal_readable_fields(model), PROPOSAL_PORTAL_FIELDS)
        rows = self._call_kw(model, "search_read", [], ["name", "state"])
        self.assertEqual([row["id"] for row in rows], proposal.ids)
        [row] = self._call_kw(model, "read", proposal.ids)
        self.assertEqual(row["state"], "presented")
        for name in (
            "review_ids",
            "portal_signed_ip",
            "review_depth",
            "service_line_ids",
        ):
            self.assertNotIn(name, row)
            self._assert_rpc_refused(model, "read", proposal.ids, [name])
        self._assert_rpc_refused(model, "read", other.ids, ["name"])
        for values in (
            {"state": "accepted"},
            {"portal_signed_by": "Alice"},
            {"fee_estimate": 1},
        ):
            self._assert_rpc_refused(model, "write", proposal.ids, values)
        self._assert_rpc_refused(model, "action_accept", proposal.ids)
        self._assert_rpc_refused(model, "_portal_accept", proposal.ids, "A", "B", "C")
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "presented")
        self.assertEqual(proposal.fee_estimate, 48000)
        self._assert_undecided(proposal)

    def test_advisor_cannot_write_the_signature_facts(self):
        proposal = self._proposal()
        uid = self.advisor.id
        for values in (
            {"portal_signed_by": "Forged"},
            {"portal_signed_on": "2026-01-01 10:00:00"},
            {"portal_signed_ip": "10.0.0.1"},
            {"portal_signature": SIGNATURE},
            {"decline_reason": "Forged"},
        ):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    uid,
                    "sign_advisor",
                    "advisory.proposal",
                    "write",
                    [proposal.ids, values],
                )
            self.assertIn("cannot be edited directly", caught.exception.faultString)
        self._assert_undecided(proposal)


@tagged("post_install", "-at_install")
class TestProposalPortalTour(PortalSignCase):
    def test_client_accepts_in_the_browser(self):
        proposal = self._proposal()
        self.start_tour(
            "/my/proposals",
            "advisory_proposal_portal_accept_tour",
            login="sign_portal_a",
        )
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.portal_signed_by, "Alice Alpha")
        self.assertTrue(proposal.portal_signature)
        self.assertEqual(proposal.engagement_id.state, "contracting")
