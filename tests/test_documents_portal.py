"""The client's documents (KYC) in the portal over HTTP: isolation between clients,
the home counter, the upload of requested files (CSRF, limits, versioning) and the
refusal of writes through the JSON-RPC API."""

import io
import re
import struct
import zipfile
import zlib
from datetime import date

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools.safe_eval import safe_eval

from odoo.addons.advisory_client_mgmt.controllers.portal import (
    MAX_ATTACHMENT_SIZE,
    MAX_UPLOAD_FILES,
)

from .portal_common import portal_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
    b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _png_of_size(width, height):
    """A valid PNG header declaring ``width`` x ``height`` pixels."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@tagged("post_install", "-at_install")
class TestDocumentsPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.advisor = new_test_user(
            cls.env,
            login="doc_portal_advisor",
            groups="advisory_client_mgmt.group_advisory_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="doc_portal_manager",
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
                    "relationship_manager_id": cls.advisor.id,
                }
                for name in ("Docs Alpha Ltd", "Docs Beta Ltd")
            ]
        )
        cls.portal_a = portal_user(
            cls.client_a, "doc_portal_a", "a@docs-alpha.example.com"
        )
        cls.portal_b = portal_user(
            cls.client_b, "doc_portal_b", "b@docs-beta.example.com"
        )
        Type = cls.env["advisory.document.type"]
        cls.licence, cls.statements, cls.owners, cls.tax, cls.brochure = Type.create(
            [
                {
                    "name": "Portal licence",
                    "validity_months": 12,
                    "description": "The licence with the company seal.",
                },
                {"name": "Portal statements"},
                {"name": "Portal owners", "needs_verification": False},
                {"name": "Portal tax clearance", "validity_months": 12},
                {"name": "Portal brochure"},
            ]
        )
        Document = cls.env["advisory.client.document"]
        cls.requested_a = Document.create(
            {"partner_id": cls.client_a.id, "type_id": cls.licence.id}
        )
        cls.requested_b = Document.create(
            {"partner_id": cls.client_b.id, "type_id": cls.licence.id}
        )
        cls.verified_a = cls._received(cls.statements, "statements.pdf")
        cls.verified_a.with_user(cls.manager).action_verify()
        cls.rejected_a = cls._received(cls.owners, "owners.pdf")
        cls.rejected_a.with_user(cls.manager).write(
            {"rejection_reason": "The second page is cut off."}
        )
        cls.rejected_a.with_user(cls.manager).action_reject()
        cls.expired_a = cls._received(
            cls.tax,
            "tax.pdf",
            issue_date=date.today() - relativedelta(years=2),
        )
        cls.expired_a.with_user(cls.manager).action_verify()
        Document._cron_expire_documents()
        cls.waived_a = Document.create(
            {"partner_id": cls.client_a.id, "type_id": cls.brochure.id}
        )
        cls.waived_a.with_user(cls.manager).write(
            {"waiver_reason": "Secret waiver reason"}
        )
        cls.waived_a.with_user(cls.manager).action_waive()
        # what portal_a sees: her company's documents but the waived one
        cls.visible_a = (
            cls.requested_a | cls.verified_a | cls.rejected_a | cls.expired_a
        )

    @classmethod
    def _received(cls, doc_type, filename, **values):
        attachment = cls.env["ir.attachment"].create({"name": filename, "raw": PDF})
        return cls.env["advisory.client.document"].create(
            {
                "partner_id": cls.client_a.id,
                "type_id": doc_type.id,
                "attachment_ids": [Command.set(attachment.ids)],
                **values,
            }
        )

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _csrf(self, html):
        """The session's CSRF token, as every page of the portal gives it."""
        return re.search(r'csrf_token: "([^"]+)"', html).group(1)

    def _upload(self, document, *files, csrf=True):
        """POST ``files`` ([(name, content)]) to the document's page as the
        authenticated user, with the CSRF token of her session."""
        data = {}
        if csrf:
            # any page of the session gives the token (the form's page may be a 404)
            data["csrf_token"] = self._csrf(self.url_open("/my/documents").text)
        return self.url_open(
            f"/my/documents/{document.id}",
            data=data,
            files=[("files", (name, content)) for name, content in files],
        )

    def _attachments_of(self, document):
        return self.env["ir.attachment"].search(
            [("res_model", "=", document._name), ("res_id", "=", document.id)]
        )

    def _call_kw(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _assert_rpc_refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(model, method, *args, **kwargs)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    def _links(self, html):
        return {int(i) for i in re.findall(r'href="/my/documents/(\d+)"', html)}

    # ------------------------------------------------------------------
    # reading
    # ------------------------------------------------------------------

    def test_portal_user_sees_her_own_requests_only(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        listing = self.url_open("/my/documents")
        self.assertEqual(listing.status_code, 200)
        self.assertEqual(self._links(listing.text), set(self.visible_a.ids))
        self.assertIn("Requested", listing.text)
        self.assertIn("The second page is cut off.", listing.text)
        self.assertIn("Expired: please send a new one", listing.text)
        self.assertIn("Verified", listing.text)
        # nothing internal: who verified, the waiver
        self.assertNotIn("Verifying Manager", listing.text)
        self.assertNotIn("Secret waiver reason", listing.text)
        # the filters: what is asked of her, what she sent
        requested = self.url_open("/my/documents?filterby=requested&sortby=state")
        self.assertEqual(
            self._links(requested.text),
            set((self.requested_a | self.rejected_a | self.expired_a).ids),
        )
        sent = self.url_open("/my/documents?filterby=sent&sortby=expiry")
        self.assertEqual(self._links(sent.text), set(self.verified_a.ids))
        # one document's page, and its file
        page = self.url_open(f"/my/documents/{self.verified_a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Portal statements", page.text)
        self.assertNotIn("Verifying Manager", page.text)
        self.assertNotIn("o_client_document_upload", page.text)  # nothing to send
        self.assertIn("statements.pdf", page.text)
        file_a = self.verified_a.attachment_ids
        requested_page = self.url_open(f"/my/documents/{self.requested_a.id}")
        self.assertIn("o_client_document_upload", requested_page.text)
        self.assertIn("The licence with the company seal.", requested_page.text)
        self.assertIn("at most 10 MB per file", requested_page.text)
        # another client's document, a waived one and an unknown one: not found
        for document_id in (self.requested_b.id, self.waived_a.id, 999999):
            other = self.url_open(f"/my/documents/{document_id}")
            self.assertEqual(other.status_code, 404, document_id)

        # P' sees nothing of P's: neither in her list nor by address
        self.authenticate("doc_portal_b", "doc_portal_b")
        listing = self.url_open("/my/documents")
        self.assertEqual(self._links(listing.text), {self.requested_b.id})
        self.assertNotIn("The second page is cut off.", listing.text)
        for document in self.visible_a:
            self.assertEqual(
                self.url_open(f"/my/documents/{document.id}").status_code, 404
            )
        stolen = self.url_open(f"/web/content/{file_a.id}?download=true")
        self.assertNotEqual(stolen.status_code, 200)
        self.assertNotEqual(stolen.content, PDF)

    def test_pager(self):
        extra = self.env["advisory.client.document"].create(
            [
                {"partner_id": self.client_a.id, "type_id": self.brochure.id}
                for _index in range(20)
            ]
        )
        self.authenticate("doc_portal_a", "doc_portal_a")
        first = self._links(self.url_open("/my/documents?sortby=date").text)
        second = self._links(self.url_open("/my/documents/page/2?sortby=date").text)
        self.assertEqual(len(first), 20)
        self.assertEqual(first | second, set((self.visible_a | extra).ids))
        self.assertFalse(first & second)

    def test_home_counter(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/documents"', home.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["client_document_count"]}
        )
        self.assertEqual(counters["client_document_count"], len(self.visible_a))
        self.authenticate("doc_portal_b", "doc_portal_b")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["client_document_count"]}
        )
        self.assertEqual(counters["client_document_count"], 1)

    # ------------------------------------------------------------------
    # upload
    # ------------------------------------------------------------------

    def test_upload_moves_the_request_to_received(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        response = self._upload(
            self.requested_a, ("licence.pdf", PDF), ("licence-back.png", PNG)
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            response.url.endswith(f"/my/documents/{self.requested_a.id}?message=sent")
        )
        self.assertIn("o_client_document_sent", response.text)
        self.assertIn("Waiting for verification", response.text)
        document = self.requested_a
        self.assertEqual(document.state, "received")
        files = document.attachment_ids
        self.assertEqual(
            sorted(files.mapped("name")), ["licence-back.png", "licence.pdf"]
        )
        self.assertEqual(files, self._attachments_of(document))
        self.assertEqual(files.create_uid, self.portal_a)
        self.assertEqual(
            set(files.mapped("mimetype")), {"application/pdf", "image/png"}
        )
        # the staff see the files and the client's message in the chatter
        as_advisor = document.with_user(self.advisor)
        self.assertEqual(as_advisor.attachment_ids, files)
        self.assertEqual(
            as_advisor.attachment_ids.filtered(lambda a: a.name == "licence.pdf").raw,
            PDF,
        )
        message = document.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.author_id, self.portal_a.partner_id)
        self.assertEqual(len(message), 1)
        self.assertIn("licence.pdf, licence-back.png", message.body)
        self.assertIn(self.advisor.partner_id, message.partner_ids)
        # the staff find what clients sent (the "Sent by the Client" filter)
        view = self.env.ref("advisory_client_mgmt.advisory_client_document_view_search")
        [domain] = etree.fromstring(view.arch).xpath(
            "//filter[@name='from_client']/@domain"
        )
        sent = (
            self.env["advisory.client.document"]
            .with_user(self.manager)
            .search(safe_eval(domain))
        )
        self.assertIn(document, sent)
        self.assertNotIn(self.verified_a, sent)  # uploaded by the staff
        # and a manager verifies what the client sent
        document.with_user(self.manager).action_verify()
        self.assertEqual(document.state, "verified")

    def test_refused_uploads_write_nothing(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        document = self.requested_a
        attachments = self.env["ir.attachment"].search_count([])
        too_large = PDF + b"0" * (MAX_ATTACHMENT_SIZE + 1 - len(PDF))
        cases = [
            (("big.pdf", too_large),),
            (("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),),
            (("fake.pdf", b"this is a text file, not a PDF"),),
            (("scan.pdf", PDF), ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 64)),
            (("image.pdf", PNG),),  # a real PNG is no PDF
            (("empty.pdf", b""),),
            tuple((f"page{index}.pdf", PDF) for index in range(MAX_UPLOAD_FILES + 1)),
            (("contract.docx", _zip({"payload.exe": b"MZ", "run.js": b"x"})),),
            (("huge.png", _png_of_size(20000, 20000)),),
        ]
        expected = [
            "big.pdf is larger than 10 MB.",
            "setup.exe cannot be sent",
            "fake.pdf cannot be sent",
            "setup.exe cannot be sent",
            "image.pdf cannot be sent",
            "empty.pdf is empty.",
            f"Send at most {MAX_UPLOAD_FILES} files at once.",
            "contract.docx cannot be sent",  # a zip, not a Word file
            "huge.png cannot be sent",  # 400 megapixels in a few bytes
        ]
        for files, message in zip(cases, expected, strict=True):
            with self.subTest(message=message):
                response = self._upload(document, *files)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_client_document_error", response.text)
                self.assertIn(message, response.text)
                self.assertNotIn("Traceback", response.text)
                self.assertEqual(document.state, "missing")
                self.assertFalse(document.attachment_ids)
                self.assertEqual(
                    self.env["ir.attachment"].search_count([]), attachments
                )
        # no file at all, and no CSRF token
        response = self._upload(document)
        self.assertIn("Choose the files to send.", response.text)
        response = self._upload(document, ("scan.pdf", PDF), csrf=False)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(document.state, "missing")
        self.assertFalse(self._attachments_of(document))

    def test_upload_to_another_clients_document_is_not_found(self):
        self.authenticate("doc_portal_b", "doc_portal_b")
        for document in (self.requested_a, self.rejected_a, self.expired_a):
            response = self._upload(document, ("intruder.pdf", PDF))
            self.assertEqual(response.status_code, 404)
        self.assertEqual(self.requested_a.state, "missing")
        self.assertEqual(self.rejected_a.state, "rejected")
        self.assertFalse(self.expired_a.superseded_by_id)
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "intruder.pdf")])
        )

    def test_upload_to_verified_or_received_is_refused(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        received = self._received(self.licence, "licence.pdf")
        for document, state in ((self.verified_a, "verified"), (received, "received")):
            files = document.attachment_ids
            response = self._upload(document, ("replacement.pdf", PDF))
            self.assertEqual(response.status_code, 200)
            self.assertIn("is not waiting for a file from you", response.text)
            self.assertEqual(document.state, state)
            self.assertEqual(document.attachment_ids, files)
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "=", "replacement.pdf")])
        )

    def test_rejected_and_expired_documents_follow_the_versioning(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        # a rejected file is replaced on the same document (no verification needed
        # for this type: it counts as received)
        old_file = self.rejected_a.attachment_ids
        response = self._upload(self.rejected_a, ("owners-complete.pdf", PDF))
        self.assertIn("o_client_document_sent", response.text)
        self.assertEqual(self.rejected_a.state, "received")
        self.assertFalse(self.rejected_a.rejection_reason)
        self.assertEqual(
            self.rejected_a.attachment_ids.mapped("name"), ["owners-complete.pdf"]
        )
        self.assertTrue(old_file.exists(), "the rejected file stays in the history")
        self.assertNotIn("Waiting for verification", response.text)
        # an expired document is a record: the file goes to a new version of it
        expired_file = self.expired_a.attachment_ids
        response = self._upload(self.expired_a, ("tax-2.pdf", PDF))
        version = self.expired_a.superseded_by_id
        self.assertTrue(version)
        self.assertTrue(
            response.url.endswith(f"/my/documents/{version.id}?message=sent")
        )
        self.assertEqual(version.previous_id, self.expired_a)
        self.assertEqual(version.state, "received")
        self.assertEqual(version.attachment_ids.mapped("name"), ["tax-2.pdf"])
        self.assertEqual(self.expired_a.state, "expired")
        self.assertEqual(self.expired_a.attachment_ids, expired_file)
        # the list shows the new version in place of the expired one
        links = self._links(self.url_open("/my/documents").text)
        self.assertIn(version.id, links)
        self.assertNotIn(self.expired_a.id, links)
        # once verified the new version retires the expired one
        version.with_user(self.manager).action_verify()
        self.assertFalse(self.expired_a.active)

    # ------------------------------------------------------------------
    # the API
    # ------------------------------------------------------------------

    def test_rpc_reads_own_documents_and_writes_nothing(self):
        self.authenticate("doc_portal_a", "doc_portal_a")
        model = "advisory.client.document"
        rows = self._call_kw(model, "search_read", [], ["type_id", "state"])
        self.assertEqual({row["id"] for row in rows}, set(self.visible_a.ids))
        # the staff's fields are not readable
        [row] = self._call_kw(model, "read", self.verified_a.ids)
        self.assertEqual(row["state"], "verified")
        for name in ("verified_by_id", "verified_on", "waiver_reason", "waived_by_id"):
            self.assertNotIn(name, row)
        self._assert_rpc_refused(model, "read", self.verified_a.ids, ["verified_by_id"])
        self._assert_rpc_refused(model, "read", self.requested_b.ids, ["state"])
        # nothing is written
        self._assert_rpc_refused(
            model, "write", self.requested_a.ids, {"issue_date": "2026-01-01"}
        )
        self._assert_rpc_refused(
            model,
            "create",
            {"partner_id": self.client_a.id, "type_id": self.licence.id},
        )
        self._assert_rpc_refused(model, "unlink", self.requested_a.ids)
        self._assert_rpc_refused(model, "action_new_version", self.expired_a.ids)
        # the upload's own method is not callable from outside
        self._assert_rpc_refused(
            model, "_portal_receive_files", self.requested_a.ids, [["x.pdf", "", ""]]
        )
        self._assert_rpc_refused(
            "advisory.document.type", "write", self.licence.ids, {"name": "Changed"}
        )
        self.assertEqual(self.requested_a.state, "missing")
        self.assertFalse(self.expired_a.superseded_by_id)
        self.assertEqual(self.licence.name, "Portal licence")
        self.assertEqual(
            self.env["advisory.client.document"].search_count(
                [("partner_id", "=", self.client_a.id)]
            ),
            len(self.visible_a | self.waived_a),
        )
