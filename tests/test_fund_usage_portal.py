"""The use of funds reports in the portal over HTTP: isolation between clients
(another client's report, a tampered link), the staff's fields kept out, the
client's submission of her figures and evidence (CSRF, upload limits, nothing
written when refused), and the refusal of writes through the JSON-RPC API."""

import re
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.advisory_client_mgmt.controllers.portal import (
    MAX_ATTACHMENT_SIZE,
    MAX_UPLOAD_FILES,
)

from .portal_common import portal_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
Q1 = date(2025, 1, 1)


@tagged("post_install", "-at_install")
class TestFundUsagePortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="fu_http_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.advisor_b = new_test_user(
            cls.env,
            login="fu_http_advisor_b",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="fu_http_manager",
            name="Verifying Manager",
            groups="advisory_client_mgmt.group_advisory_manager",
        )
        Partner = cls.env["res.partner"]
        cls.client_a, cls.client_b = Partner.create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": advisor.id,
                }
                for name, advisor in (
                    ("Funds Alpha Ltd", cls.advisor),
                    ("Funds Beta Ltd", cls.advisor_b),
                )
            ]
        )
        cls.portal_a = portal_user(
            cls.client_a, "fu_portal_a", "a@funds-alpha.example.com"
        )
        cls.portal_b = portal_user(
            cls.client_b, "fu_portal_b", "b@funds-beta.example.com"
        )
        cls.wc = cls.env.ref("advisory_client_mgmt.fund_usage_category_working_capital")
        cls.capex = cls.env.ref("advisory_client_mgmt.fund_usage_category_capex")
        cls.plan_a = cls._plan(cls.client_a)
        cls.plan_b = cls._plan(cls.client_b)
        cls.report_a = cls.plan_a._open_reports(Q1)
        cls.report_b = cls.plan_b._open_reports(Q1)
        cls.report_a.staff_note = "Secret staff note"
        cls.wc_line, cls.capex_line = (
            cls.report_a.line_ids.filtered(
                lambda line, c=category: line.category_id == c
            )
            for category in (cls.wc, cls.capex)
        )

    @classmethod
    def _plan(cls, client):
        engagement = cls.env["advisory.engagement"].create({"partner_id": client.id})
        contract = cls.env["advisory.contract"].create(
            {
                "engagement_id": engagement.id,
                "fee_type": "success_fee",
                "amount": 90000.0,
                "date_start": Q1,
                "date_end": date(2025, 12, 31),
                "signed_date": Q1,
            }
        )
        # the fixture needs a signed contract, not the signing flow
        contract._write_state("active")
        return cls.env["advisory.fund.usage.plan"].create(
            {
                "contract_id": contract.id,
                "frequency": "quarterly",
                "line_ids": [
                    Command.create(
                        {
                            "category_id": category.id,
                            "date_from": Q1,
                            "date_to": date(2025, 3, 31),
                            "planned_amount": amount,
                        }
                    )
                    for category, amount in ((cls.wc, 1000.0), (cls.capex, 500.0))
                ],
            }
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _csrf(self):
        html = self.url_open("/my/fund-usage").text
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def _post(self, report, values, files=(), csrf=True):
        data = dict(values)
        if csrf:
            data["csrf_token"] = self._csrf()
        return self.url_open(
            f"/my/fund-usage/{report.id}/save",
            data=data,
            files=[("files", (name, content)) for name, content in files] or None,
        )

    def _links(self, html):
        return {int(i) for i in re.findall(r'href="/my/fund-usage/(\d+)"', html)}

    def _evidence(self, report):
        return self.env["ir.attachment"].search(
            [("res_model", "=", report._name), ("res_id", "=", report.id)]
        )

    def _call_kw(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _assert_rpc_refused(self, error, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(model, method, *args, **kwargs)
        self.assertEqual(str(caught.exception), f"odoo.exceptions.{error}")

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------

    def test_portal_user_sees_her_company_reports_only(self):
        self.authenticate("fu_portal_a", "fu_portal_a")
        listing = self.url_open("/my/fund-usage")
        self.assertEqual(listing.status_code, 200)
        self.assertEqual(self._links(listing.text), {self.report_a.id})
        self.assertIn("To fill in", listing.text)
        page = self.url_open(f"/my/fund-usage/{self.report_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Working Capital", page.text)
        self.assertIn("o_fund_usage_submit", page.text)  # hers to fill
        self.assertNotIn("Secret staff note", page.text)
        for sortby in ("date", "due", "state"):
            response = self.url_open(f"/my/fund-usage?sortby={sortby}&filterby=todo")
            self.assertEqual(self._links(response.text), {self.report_a.id})
        response = self.url_open("/my/fund-usage?filterby=sent")
        self.assertFalse(self._links(response.text))
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["fund_usage_report_count"]}
        )
        self.assertEqual(counters["fund_usage_report_count"], 1)
        self.assertIn('href="/my/fund-usage"', self.url_open("/my").text)
        # another client's report, an unknown one: not found
        for report_id in (self.report_b.id, 999999):
            response = self.url_open(f"/my/fund-usage/{report_id}")
            self.assertEqual(response.status_code, 404, report_id)
        # ... also with a tampered token
        response = self.url_open(
            f"/my/fund-usage/{self.report_b.id}?access_token=tampered"
        )
        self.assertEqual(response.status_code, 404)

        self.authenticate("fu_portal_b", "fu_portal_b")
        self.assertEqual(
            self._links(self.url_open("/my/fund-usage").text), {self.report_b.id}
        )
        self.assertEqual(
            self.url_open(f"/my/fund-usage/{self.report_a.id}").status_code, 404
        )
        # the plan of a contract she was not shown (a draft) is not hers to read
        draft_plan = self._plan(self.client_a)
        draft_plan.contract_id._write_state("draft")
        self.authenticate("fu_portal_a", "fu_portal_a")
        self.assertEqual(
            set(self._call_kw("advisory.fund.usage.plan", "search", [])),
            {self.plan_a.id},
        )

    def test_pager(self):
        plan = self._plan(self.client_a)
        plan.write({"frequency": "monthly", "date_end": date(2026, 12, 31)})
        reports = self.env["advisory.fund.usage.report"]
        for start, _end in plan._periods():
            reports |= plan._open_reports(start)
        self.assertEqual(len(reports), 24)
        self.authenticate("fu_portal_a", "fu_portal_a")
        first = self._links(self.url_open("/my/fund-usage").text)
        second = self._links(self.url_open("/my/fund-usage/page/2").text)
        self.assertEqual(len(first), 20)
        self.assertFalse(first & second)
        self.assertEqual(first | second, set((reports | self.report_a).ids))

    def test_shared_link_reads_without_editing(self):
        token = self.report_a._portal_ensure_token()
        # a visitor with the link reads the report, cannot fill it
        self.authenticate(None, None)
        page = self.url_open(f"/my/fund-usage/{self.report_a.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Working Capital", page.text)
        self.assertNotIn("o_fund_usage_submit", page.text)
        self.assertNotIn("Secret staff note", page.text)
        # a tampered token, or none: refused
        for suffix in (f"?access_token={token[:-2]}xx", "?access_token=", ""):
            response = self.url_open(f"/my/fund-usage/{self.report_a.id}{suffix}")
            self.assertNotEqual(response.status_code, 200, suffix)
            self.assertNotIn("Working Capital", response.text)
        # the other client's portal user, with the link: she reads, she does not
        # write
        self.authenticate("fu_portal_b", "fu_portal_b")
        page = self.url_open(f"/my/fund-usage/{self.report_a.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_fund_usage_submit", page.text)
        response = self._post(
            self.report_a, {f"actual_{self.wc_line.id}": "5", "access_token": token}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.wc_line.actual_amount, 0.0)

    # ------------------------------------------------------------------
    # the client's submission
    # ------------------------------------------------------------------

    def test_submission_with_evidence(self):
        self.authenticate("fu_portal_a", "fu_portal_a")
        response = self._post(
            self.report_a,
            {
                f"actual_{self.wc_line.id}": "1,200.60",
                f"actual_{self.capex_line.id}": "400",
                "client_comment": "The new press was delivered in March.",
            },
            files=[("invoices.pdf", PDF)],
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("?message=saved"), response.url)
        self.assertIn("o_fund_usage_saved", response.text)
        self.assertEqual(self.report_a.state, "draft")
        self.assertEqual(self.wc_line.actual_amount, 1200.6)
        self.assertEqual(self.capex_line.actual_amount, 400.0)
        self.assertEqual(self.report_a.variance_amount, 100.6)
        self.assertIn("+20.1 %", response.text)  # working capital
        self.assertIn("-20.0 %", response.text)  # capital expenditure
        evidence = self.report_a.attachment_ids
        self.assertEqual(evidence.mapped("name"), ["invoices.pdf"])
        self.assertEqual(evidence, self._evidence(self.report_a))
        self.assertEqual(evidence.create_uid, self.portal_a)
        self.assertIn("invoices.pdf", response.text)
        # submitted: waiting for the staff, no longer editable
        response = self._post(self.report_a, {"submit": "1"})
        self.assertIn("o_fund_usage_submitted", response.text)
        self.assertNotIn('o_fund_usage_submit"', response.text)
        self.assertEqual(self.report_a.state, "submitted")
        self.assertEqual(self.report_a.submitted_by_id, self.portal_a)
        self.assertIn(self.advisor, self.report_a.activity_ids.user_id)
        response = self._post(self.report_a, {f"actual_{self.wc_line.id}": "1"})
        self.assertIn("o_fund_usage_error", response.text)
        self.assertIn("cannot be changed", response.text)
        self.assertEqual(self.wc_line.actual_amount, 1200.6)
        # the evidence handed in is frozen: the advisor neither replaces nor
        # deletes what the manager will verify
        with self.assertRaisesRegex(UserError, "handed in"):
            evidence.with_user(self.advisor).write({"raw": b"forged"})
        with self.assertRaisesRegex(UserError, "handed in"):
            evidence.with_user(self.advisor).unlink()
        # the advisor verifies what the client submitted; the page says so
        self.report_a.with_user(self.advisor).action_verify()
        page = self.url_open(f"/my/fund-usage/{self.report_a.id}")
        self.assertIn("Verified", page.text)
        self.assertNotIn(self.advisor.name, page.text)

    def test_refused_submissions_write_nothing(self):
        self.authenticate("fu_portal_a", "fu_portal_a")
        amounts = {f"actual_{self.wc_line.id}": "900"}
        attachments = self.env["ir.attachment"].search_count([])
        too_large = PDF + b"0" * (MAX_ATTACHMENT_SIZE + 1 - len(PDF))
        cases = [
            (amounts, [("big.pdf", too_large)], "big.pdf is larger than 10 MB."),
            (
                amounts,
                [("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 64)],
                "setup.exe cannot be sent",
            ),
            (amounts, [("fake.pdf", b"plain text")], "fake.pdf cannot be sent"),
            (
                amounts,
                [(f"p{index}.pdf", PDF) for index in range(MAX_UPLOAD_FILES + 1)],
                f"Send at most {MAX_UPLOAD_FILES} files at once.",
            ),
            (
                {f"actual_{self.wc_line.id}": "a lot"},
                [("ok.pdf", PDF)],
                "Enter the amount of Working Capital as a number.",
            ),
            (
                {f"actual_{self.wc_line.id}": "-5"},
                [("ok.pdf", PDF)],
                "must be a positive number",
            ),
            (
                {f"actual_{self.wc_line.id}": "nan"},
                [("ok.pdf", PDF)],
                "as a number",
            ),
            # the actual use without evidence: not submitted, nothing saved
            (dict(amounts, submit="1"), [], "Attach the evidence"),
        ]
        for values, files, message in cases:
            with self.subTest(message=message):
                response = self._post(self.report_a, values, files=files)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_fund_usage_error", response.text)
                self.assertIn(message, response.text)
                self.assertNotIn("Traceback", response.text)
                self.assertEqual(self.report_a.state, "draft")
                self.assertEqual(self.wc_line.actual_amount, 0.0)
                self.assertFalse(self.report_a.attachment_ids)
                self.assertEqual(
                    self.env["ir.attachment"].search_count([]), attachments
                )
        # no CSRF token: refused
        response = self._post(self.report_a, amounts, [("ok.pdf", PDF)], csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.wc_line.actual_amount, 0.0)
        self.assertFalse(self._evidence(self.report_a))
        # another client's report: not found, nothing written
        self.authenticate("fu_portal_b", "fu_portal_b")
        response = self._post(self.report_a, amounts, [("intruder.pdf", PDF)])
        self.assertEqual(response.status_code, 404)
        # a line of another report in her own report's form: ignored
        response = self._post(
            self.report_b, {f"actual_{self.wc_line.id}": "7", "submit": ""}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.wc_line.actual_amount, 0.0)
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "intruder.pdf")])
        )

    # ------------------------------------------------------------------
    # the JSON-RPC API
    # ------------------------------------------------------------------

    def test_rpc_writes_are_refused(self):
        report = "advisory.fund.usage.report"
        line = "advisory.fund.usage.report.line"
        self.authenticate("fu_portal_a", "fu_portal_a")
        # she reads her report, not the staff's fields
        [values] = self._call_kw(report, "read", [self.report_a.id], ["state"])
        self.assertEqual(values["state"], "draft")
        self._assert_rpc_refused(
            "AccessError", report, "read", [self.report_a.id], ["staff_note"]
        )
        self._assert_rpc_refused(
            "AccessError", report, "read", [self.report_b.id], ["state"]
        )
        self._assert_rpc_refused(
            "AccessError", report, "write", [self.report_a.id], {"client_comment": "x"}
        )
        self._assert_rpc_refused(
            "AccessError", line, "write", [self.wc_line.id], {"actual_amount": 5.0}
        )
        self._assert_rpc_refused(
            "AccessError", report, "action_submit", [self.report_a.id]
        )
        self._assert_rpc_refused(
            "AccessError",
            "advisory.fund.usage.plan.line",
            "write",
            self.plan_a.line_ids.ids,
            {"planned_amount": 1.0},
        )
        self.assertEqual(self.wc_line.actual_amount, 0.0)
        # an advisor: the protected fields are refused, another client's report
        # unreadable
        self.authenticate("fu_http_advisor", "fu_http_advisor")
        for values in (
            {"state": "verified"},
            {"verified_by_id": self.advisor.id},
            {"variance_amount": 0.0},
        ):
            self._assert_rpc_refused(
                "UserError", report, "write", [self.report_a.id], values
            )
        self._assert_rpc_refused(
            "UserError", line, "write", [self.wc_line.id], {"planned_amount": 1.0}
        )
        self._assert_rpc_refused(
            "AccessError", report, "read", [self.report_b.id], ["state"]
        )
        self._assert_rpc_refused(
            "AccessError", report, "action_verify", [self.report_b.id]
        )
        self.assertEqual(self.report_a.state, "draft")
