"""An approved contract signed by the client in the portal, over HTTP: the
"Send for signature" mail, the page, the signature (the signed PDF kept as the
signed document, with the signer's name and date printed), the project created,
the refusals, what a portal user reads over JSON-RPC, and the staff's paper
signature still working."""

import xmlrpc.client
from datetime import date

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .portal_common import PORTAL_PAGE_FIELDS
from .portal_sign_common import SIGNATURE, PortalSignCase
from .test_reports_zh_cn import pdf_text

# what a portal user may read of a contract: its terms, its signature and the
# portal's and the chatter's own fields; every other field (reviews, risk,
# internal amounts and flags, reminders, the termination reason, the signer's IP)
# has groups. A new field fails this test until it is either given groups or
# added here on purpose.
CONTRACT_PORTAL_FIELDS = {
    # terms and signature
    "id",
    "display_name",
    "name",
    "engagement_id",
    "partner_id",
    "company_id",
    "scope",
    "fee_type",
    "currency_id",
    "amount",
    "obligations",
    "breach_liability",
    "date_start",
    "date_end",
    "signed_date",
    "signer_name",
    "signed_document_id",
    "terminated_date",
    "renewed_from_id",
    "amended_contract_id",
    "state",
    "portal_sent_on",
    "portal_signature",
    "portal_signed_by",
    "portal_signed_on",
} | PORTAL_PAGE_FIELDS


@tagged("post_install", "-at_install")
class TestContractPortal(PortalSignCase):
    def _page(self, contract, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        return self.url_open(f"/my/contracts/{contract.id}?{query}")

    def _assert_unsigned(self, contract):
        contract.invalidate_recordset()
        self.assertEqual(contract.state, "approved")
        self.assertFalse(contract.portal_signed_on)
        self.assertFalse(contract.signed_document_id)
        self.assertFalse(contract.signer_name)
        self.assertFalse(contract.engagement_id.project_id)

    def test_send_for_signature_mails_the_link(self):
        contract = self._contract()
        contract.action_send_for_signature()
        self.assertTrue(contract.portal_sent_on)
        message = contract.message_ids.filtered(
            lambda msg: self.portal_a.partner_id in msg.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertIn(
            f"/my/contracts/{contract.id}?access_token={contract.access_token}",
            message.body,
        )
        # only an approved contract is sent
        draft = (
            self.env["advisory.contract"]
            .with_user(self.advisor)
            .create(
                {
                    "engagement_id": self.engagement.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "fee_type": "hourly",
                }
            )
        )
        with self.assertRaisesRegex(Exception, "sent for signature"):
            draft.action_send_for_signature()
        self.assertFalse(draft.portal_sent_on)

    def test_portal_user_signs_the_contract(self):
        self.client_a.lang = "zh_CN"
        self.env["res.lang"]._activate_lang("zh_CN")
        contract = self._contract()
        contract.action_send_for_signature()
        self.authenticate("sign_portal_a", "sign_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["advisory_contract_count"]}
        )
        self.assertEqual(counters["advisory_contract_count"], 1)
        listing = self.url_open("/my/contracts")
        self.assertIn(f'href="/my/contracts/{contract.id}"', listing.text)
        page = self._page(contract)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_advisory_contract_sign", page.text)
        self.assertIn("Debt restructuring", page.text)
        self.assertEqual(
            self._page(contract, report_type="pdf").headers["Content-Type"],
            "application/pdf",
        )

        result = self._sign(f"/my/contracts/{contract.id}/sign", name="李伟 Li Wei")
        self.assertNotIn("error", result)
        contract.invalidate_recordset()
        today = fields.Date.context_today(contract.with_user(self.portal_a))
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signer_name, "李伟 Li Wei")
        self.assertEqual(contract.signed_date, today)
        self.assertEqual(contract.portal_signed_by, "李伟 Li Wei")
        self.assertEqual(contract.portal_signed_ip, "127.0.0.1")
        self.assertTrue(contract.portal_signature)
        engagement = contract.engagement_id
        self.assertEqual(engagement.state, "execution")
        self.assertTrue(engagement.project_id)
        self.assertEqual(engagement.project_id.advisory_contract_id, contract)
        # the printed contract with the signature (HTML in a test run: see
        # test_signed_document_is_a_pdf_with_the_signer_and_the_date)
        document = contract.signed_document_id
        self.assertEqual(
            (document.res_model, document.res_id), ("advisory.contract", contract.id)
        )
        printed = document.raw.decode()
        self.assertIn("o_advisory_portal_signature", printed)
        self.assertIn("李伟 Li Wei", printed)
        self.assertIn(today.strftime("%Y年%m月%d日"), printed)
        for thread in (contract, engagement):
            self.assertTrue(
                any(
                    "signed online by 李伟 Li Wei" in (msg.body or "")
                    for msg in thread.message_ids
                )
            )
        # the client signed: she does not follow the firm's execution project
        self.assertNotIn(
            self.portal_a.partner_id, engagement.project_id.message_partner_ids
        )
        # what she signed is frozen: not replaced nor deleted by the advisor
        with self.assertRaisesRegex(UserError, "signed document"):
            document.with_user(self.advisor).write({"raw": b"forged"})
        with self.assertRaisesRegex(UserError, "signed document"):
            document.with_user(self.advisor).unlink()
        after = self._page(contract, message="signed")
        self.assertIn("o_advisory_signed", after.text)
        self.assertNotIn("o_advisory_contract_sign", after.text)
        again = self._sign(f"/my/contracts/{contract.id}/sign", name="Mallory")
        self.assertIn("signed", again["error"])
        contract.invalidate_recordset()
        self.assertEqual(contract.signer_name, "李伟 Li Wei")

    def test_signed_document_is_a_pdf_with_the_signer_and_the_date(self):
        """The signed document as production prints it: a PDF (wkhtmltopdf) whose
        text has the signer's name and the date, also in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.client_a.lang = "zh_CN"
        contract = self._contract()
        # the portal route's call, as the client (its access checked), printing
        # the PDF as outside a test run
        contract.with_user(self.portal_a).sudo().with_context(
            force_report_rendering=True
        )._portal_sign("李伟 Li Wei", SIGNATURE, "127.0.0.1")
        self.assertEqual(contract.state, "signed")
        document = contract.signed_document_id
        self.assertEqual(document.mimetype, "application/pdf")
        self.assertTrue(document.name.endswith(".pdf"))
        self.assertTrue(document.raw.startswith(b"%PDF"))
        text = pdf_text(document.raw)
        self.assertIn("李伟LiWei", text)
        today = fields.Date.context_today(contract.with_user(self.portal_a))
        self.assertIn(today.strftime("%Y年%m月%d日"), text)

    def test_refusals(self):
        contract = self._contract()
        contract.action_send_for_signature()
        other = self._contract(engagement=self._engagement(self.client_b))
        # P' of another client: not found, nothing signed
        self.authenticate("sign_portal_b", "sign_portal_b")
        self.assertEqual(self._page(contract).status_code, 404)
        self.assertEqual(self._page(contract, report_type="pdf").status_code, 404)
        self.assertIn("error", self._sign(f"/my/contracts/{contract.id}/sign"))
        for token in (other._portal_ensure_token(), contract.access_token[:-1] + "x"):
            self.assertEqual(self._page(contract, access_token=token).status_code, 404)
            self.assertIn(
                "error",
                self._sign(f"/my/contracts/{contract.id}/sign", access_token=token),
            )
        self._assert_unsigned(contract)
        # the client's own user: a draft contract is not hers to see
        self.authenticate("sign_portal_a", "sign_portal_a")
        draft = (
            self.env["advisory.contract"]
            .with_user(self.advisor)
            .create(
                {
                    "engagement_id": self.engagement.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "fee_type": "hourly",
                }
            )
        )
        self.assertEqual(self._page(draft).status_code, 404)
        self.assertIn("error", self._sign(f"/my/contracts/{draft.id}/sign"))
        # a contract being amended is not signed: the amendment will be
        amendment = contract.with_user(self.advisor)._do_amend()
        page = self._page(contract)
        self.assertIn("o_advisory_stale", page.text)
        self.assertNotIn("o_advisory_contract_sign", page.text)
        self.assertIn(
            "amended", self._sign(f"/my/contracts/{contract.id}/sign")["error"]
        )
        self._assert_unsigned(contract)
        # cancelled after it was sent: the old link says so
        amendment.action_cancel()
        contract.with_user(self.advisor).action_cancel()
        page = self._page(contract)
        self.assertEqual(page.status_code, 200)
        self.assertIn("cancelled", page.text)
        self.assertIn(
            "cancelled", self._sign(f"/my/contracts/{contract.id}/sign")["error"]
        )
        self.assertEqual(contract.state, "cancelled")

    def test_closed_engagement_refused(self):
        contract = self._contract()
        contract.engagement_id._as_system().write({"state": "done"})
        self.authenticate("sign_portal_a", "sign_portal_a")
        result = self._sign(f"/my/contracts/{contract.id}/sign")
        self.assertIn("closed", result["error"])
        contract.engagement_id._as_system().write({"state": "contracting"})
        self._assert_unsigned(contract)

    def test_portal_user_reads_no_staff_field_and_writes_nothing(self):
        contract = self._contract()
        self.authenticate("sign_portal_a", "sign_portal_a")
        model = "advisory.contract"
        self.assertEqual(self._portal_readable_fields(model), CONTRACT_PORTAL_FIELDS)
        [row] = self._call_kw(model, "read", contract.ids)
        self.assertEqual(row["state"], "approved")
        for name in (
            "partner_risk_level",
            "margin_ratio",
            "amount_company_currency",
            "review_ids",
            "portal_signed_ip",
            "payment_line_ids",
        ):
            self.assertNotIn(name, row)
            self._assert_rpc_refused(model, "read", contract.ids, [name])
        for values in ({"state": "signed"}, {"signer_name": "X"}, {"amount": 1}):
            self._assert_rpc_refused(model, "write", contract.ids, values)
        self._assert_rpc_refused(model, "action_sign", contract.ids)
        self._assert_rpc_refused(model, "_portal_sign", contract.ids, "A", "B", "C")
        self._assert_unsigned(contract)

    def test_advisor_cannot_write_the_signature_facts(self):
        contract = self._contract()
        for values in (
            {"portal_signed_by": "Forged"},
            {"portal_signed_on": "2026-01-01 10:00:00"},
            {"portal_signed_ip": "10.0.0.1"},
            {"portal_signature": SIGNATURE},
            {"portal_sent_on": "2026-01-01 10:00:00"},
        ):
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    self.advisor.id,
                    "sign_advisor",
                    "advisory.contract",
                    "write",
                    [contract.ids, values],
                )
            self.assertIn("cannot be edited directly", caught.exception.faultString)
        self._assert_unsigned(contract)

    def test_staff_paper_signature_still_works(self):
        contract = self._contract().with_user(self.advisor)
        scan = self.env["ir.attachment"].create(
            {
                "name": "signed-scan.pdf",
                "raw": b"%PDF-1.4 scan",
                "res_model": "advisory.contract",
                "res_id": contract.id,
            }
        )
        contract.write(
            {
                "signed_date": date(2026, 1, 5),
                "signer_name": "Li Wei",
                "signed_document_id": scan.id,
            }
        )
        contract.action_sign()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_document_id, scan)
        self.assertFalse(contract.portal_signed_on)
        self.assertTrue(contract.engagement_id.project_id)
        # the portal shows it signed, without a signature pad
        self.authenticate("sign_portal_a", "sign_portal_a")
        page = self._page(contract)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("o_advisory_contract_sign", page.text)
        self.assertIn("o_advisory_stale", page.text)


@tagged("post_install", "-at_install")
class TestContractPortalTour(PortalSignCase):
    def test_client_signs_in_the_browser(self):
        contract = self._contract()
        self.start_tour(
            "/my/contracts", "advisory_contract_portal_sign_tour", login="sign_portal_a"
        )
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signer_name, "Alice Alpha")
        self.assertTrue(contract.signed_document_id)
        self.assertTrue(contract.engagement_id.project_id)
