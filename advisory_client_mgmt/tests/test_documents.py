from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .test_engagement_flow import EngagementCase


class DocumentCase(EngagementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Type = cls.env["advisory.document.type"]
        # the shipped set is the firm's to edit: these tests use their own rules
        Type.search([]).write({"active": False})
        cls.licence = Type.create(
            {"name": "Licence", "requirement": "always", "validity_months": 12}
        )
        cls.statements = Type.create(
            {
                "name": "Audited statements",
                "requirement": "engagement",
                "required_from_state": "proposal",
            }
        )
        cls.board = Type.create(
            {
                "name": "Board resolution",
                "requirement": "engagement",
                "required_from_state": "draft",
                "service_line_ids": [Command.set(cls.financing.ids)],
                "needs_verification": False,
            }
        )
        cls.optional = Type.create({"name": "Brochure"})
        cls.env.company.advisory_document_gate = True

    def _attachment(self, name="scan.pdf", user=None):
        """A file uploaded by ``user`` (the advisor by default)."""
        return (
            self.env["ir.attachment"]
            .with_user(user or self.advisor_a)
            .create(
                {"name": name, "raw": b"%PDF-1.4 scan", "mimetype": "application/pdf"}
            )
        )

    def _document(self, doc_type, partner=None, user=None, **values):
        vals = {
            "partner_id": (partner or self.client_a).id,
            "type_id": doc_type.id,
            "issue_date": date(2026, 1, 10),
            "attachment_ids": [Command.set(self._attachment(user=user).ids)],
        }
        vals.update(values)
        return (
            self.env["advisory.client.document"]
            .with_user(user or self.advisor_a)
            .create(vals)
        )

    def _verified(self, doc_type, partner=None):
        document = self._document(doc_type, partner)
        document.with_user(self.manager).action_verify()
        return document


class TestDocumentRules(DocumentCase):
    def test_rules_per_service_line_and_engagement_state(self):
        client = self.client_a
        # draft financing engagement: the licence (always) and the board resolution
        # (financing, from draft); the statements only from the proposal stage
        self.assertEqual(client.document_missing_type_ids, self.licence | self.board)
        self.assertEqual(client.document_completeness, 0.0)
        # a client whose engagement is tax planning only needs no board resolution
        tax_only = self.env["advisory.engagement"].create(
            {
                "partner_id": self.client_b.id,
                "service_line_ids": [Command.set(self.tax.ids)],
            }
        )
        self.assertEqual(self.client_b.document_missing_type_ids, self.licence)
        # reaching the proposal stage adds the statements
        self.engagement.sudo().state = "proposal"
        self.assertEqual(
            client.document_missing_type_ids,
            self.licence | self.board | self.statements,
        )
        # a done engagement requires nothing more
        tax_only.sudo().state = "done"
        self.assertEqual(self.client_b.document_missing_type_ids, self.licence)
        # a contact that is not a client has no file
        contact = self.env["res.partner"].create({"name": "Not a client"})
        self.assertIs(contact.document_completeness, False)

    def test_completeness_follows_documents_and_rules(self):
        client = self.client_a
        licence = self._document(self.licence)
        self.assertEqual(licence.state, "received")  # the file arrived with it
        self.assertEqual(licence.expiry_date, date(2027, 1, 9))
        # a received licence needs verification; a board resolution does not
        self.assertEqual(client.document_missing_type_ids, self.licence | self.board)
        self._document(self.board)
        self.assertEqual(client.document_missing_type_ids, self.licence)
        self.assertEqual(client.document_completeness, 0.5)
        licence.with_user(self.manager).action_verify()
        self.assertEqual(client.document_completeness, 1.0)
        self.assertFalse(client.document_missing_type_ids)
        # a new rule: every client now needs the optional type
        self.optional.requirement = "always"
        self.env.flush_all()
        self.assertAlmostEqual(client.document_completeness, 2 / 3)
        self.assertIn(self.optional, client.document_missing_type_ids)
        # the incomplete-file filter finds it
        incomplete = self.env["res.partner"].search(
            [("is_advisory_client", "=", True), ("document_completeness", "<", 1)]
        )
        self.assertIn(client, incomplete)

    def test_request_missing_documents(self):
        self.client_a.with_user(self.advisor_a).action_request_missing_documents()
        requested = self.client_a.advisory_document_ids
        self.assertEqual(requested.type_id, self.licence | self.board)
        self.assertEqual(set(requested.mapped("state")), {"missing"})
        # asking again opens no second request
        self.client_a.with_user(self.advisor_a).action_request_missing_documents()
        self.assertEqual(len(self.client_a.advisory_document_ids), 2)
        # attaching the file to a request makes it received
        request = requested.filtered(lambda d: d.type_id == self.board)
        request.with_user(self.advisor_a).attachment_ids = [
            Command.set(self._attachment().ids)
        ]
        self.assertEqual(request.state, "received")


class TestDocumentGates(DocumentCase):
    def test_submit_and_sign_refused_with_the_missing_list(self):
        proposal = self._proposal()  # the engagement reaches the proposal stage
        with self.assertRaisesRegex(
            UserError, "lacks Licence, Audited statements, Board resolution"
        ):
            proposal.action_submit()
        self.assertEqual(proposal.state, "draft")
        self._verified(self.licence)
        self._document(self.board)
        with self.assertRaisesRegex(UserError, "lacks Audited statements:"):
            proposal.action_submit()
        self._verified(self.statements)
        proposal.action_submit()
        self.assertEqual(proposal.state, "to_review")

    def test_manager_waiver_lets_work_go_on_and_is_recorded(self):
        self._verified(self.licence)
        request = self.env["advisory.client.document"].create(
            {"partner_id": self.client_a.id, "type_id": self.board.id}
        )
        with self.assertRaises(AccessError):
            request.with_user(self.advisor_a).write({"waiver_reason": "Not needed"})
        with self.assertRaises(AccessError):
            request.with_user(self.advisor_a).action_waive()
        with self.assertRaisesRegex(UserError, "why"):
            request.with_user(self.manager).action_waive()
        request.with_user(self.manager).write(
            {"waiver_reason": "The group's resolution covers it"}
        )
        request.with_user(self.manager).action_waive()
        self.assertEqual(request.waived_by_id, self.manager)
        self.assertFalse(self.client_a.document_missing_type_ids)
        contract = self._contract()
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")
        # the waiver is a decision: it stays as recorded
        with self.assertRaises(UserError):
            request.with_user(self.manager).write({"waiver_reason": "Other"})

    def test_gate_off_by_default(self):
        """A new company (and an upgraded database) does not stop work until the
        firm asks for complete files."""
        company = self.env["res.company"].create({"name": "New Advisory Firm"})
        self.assertFalse(company.advisory_document_gate)
        self.env.company.advisory_document_gate = company.advisory_document_gate
        proposal = self._proposal()
        proposal.action_submit()
        self.assertEqual(proposal.state, "to_review")


class TestDocumentLifecycle(DocumentCase):
    def test_verification_by_another_manager_only(self):
        document = self._document(self.licence)
        with self.assertRaises(AccessError):
            document.with_user(self.advisor_a).action_verify()
        own = self._document(self.statements, user=self.manager)
        with self.assertRaisesRegex(UserError, "another manager"):
            own.with_user(self.manager).action_verify()
        # the state and the verifier are not written by hand
        with self.assertRaises(UserError):
            document.with_user(self.advisor_a).write({"state": "verified"})
        with self.assertRaises(UserError):
            document.with_user(self.manager).write({"verified_by_id": self.manager.id})
        document.with_user(self.manager).action_verify()
        self.assertEqual(document.verified_by_id, self.manager)

    def test_the_files_of_a_verified_document_are_frozen(self):
        document = self._document(self.licence)
        file = document.attachment_ids
        # before the verification, the file may still be corrected; whoever
        # changed it does not verify it
        file.with_user(self.manager).write({"raw": b"%PDF-1.4 corrected"})
        with self.assertRaisesRegex(UserError, "another manager"):
            document.with_user(self.manager).action_verify()
        file.with_user(self.advisor_a).write({"raw": b"%PDF-1.4 scan v2"})
        document.with_user(self.manager).action_verify()
        for user in (self.advisor_a, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                file.with_user(user).write({"raw": b"%PDF-1.4 FORGED"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                file.with_user(user).write({"res_id": self.client_b.id})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                file.with_user(user).unlink()
        self.assertEqual(file.raw, b"%PDF-1.4 scan v2")
        # the file's name is no record of the check: it may still be renamed
        file.with_user(self.advisor_a).name = "licence-2026.pdf"

    def test_the_uploader_is_who_attached_the_file(self):
        Document = self.env["advisory.client.document"]
        # the manager's request, answered by the advisor: the manager verifies
        request = Document.with_user(self.manager).create(
            {"partner_id": self.client_a.id, "type_id": self.licence.id}
        )
        self.assertEqual(request.state, "missing")
        request.with_user(self.advisor_a).attachment_ids = [
            Command.set(self._attachment().ids)
        ]
        self.assertEqual(request.state, "received")
        request.with_user(self.manager).action_verify()
        self.assertEqual(request.state, "verified")
        # the advisor's request, answered by the manager: another manager verifies
        request = Document.with_user(self.advisor_a).create(
            {"partner_id": self.client_a.id, "type_id": self.statements.id}
        )
        request.with_user(self.manager).attachment_ids = [
            Command.set(self._attachment(user=self.manager).ids)
        ]
        with self.assertRaisesRegex(UserError, "another manager"):
            request.with_user(self.manager).action_verify()

    def test_rejection_needs_a_reason(self):
        document = self._document(self.licence)
        with self.assertRaisesRegex(UserError, "rejection reason"):
            document.with_user(self.manager).action_reject()
        document.with_user(self.manager).write({"rejection_reason": "Illegible"})
        document.with_user(self.manager).action_reject()
        self.assertEqual(document.state, "rejected")
        # a new file makes it received again
        document.with_user(self.advisor_a).attachment_ids = [
            Command.set(self._attachment("new.pdf").ids)
        ]
        self.assertEqual(document.state, "received")

    def test_verified_document_is_replaced_by_a_new_version(self):
        document = self._verified(self.licence)
        with self.assertRaisesRegex(UserError, "new version"):
            document.with_user(self.advisor_a).write({"issue_date": date(2026, 2, 1)})
        with self.assertRaises(UserError):
            document.with_user(self.manager).attachment_ids = [
                Command.set(self._attachment("other.pdf").ids)
            ]
        with self.assertRaises(UserError):
            document.with_user(self.manager).unlink()
        action = document.with_user(self.advisor_a).action_new_version()
        version = self.env["advisory.client.document"].browse(action["res_id"])
        self.assertEqual(version.previous_id, document)
        self.assertEqual(document.superseded_by_id, version)
        self.assertEqual(version.state, "missing")
        # the old one stays valid until the new one is verified, then is archived
        self.assertTrue(document.active)
        version.with_user(self.advisor_a).write(
            {
                "issue_date": date(2026, 6, 1),
                "attachment_ids": [Command.set(self._attachment().ids)],
            }
        )
        version.with_user(self.manager).action_verify()
        self.assertFalse(document.active)
        self.assertEqual(
            self.env["advisory.client.document"]
            .with_context(active_test=False)
            .search([("partner_id", "=", self.client_a.id)]),
            document | version,
        )

    def test_expiry_job_twice_one_todo_per_client(self):
        licence = self._verified(self.licence)
        statements = self._verified(self.statements, partner=self.client_a)
        statements.sudo().expiry_date = date(2026, 6, 30)
        Document = self.env["advisory.client.document"]
        with freeze_time("2026-12-15"):
            self.assertTrue(
                Document.search_count(
                    [("is_expiring", "=", True), ("id", "=", licence.id)]
                )
            )
        with freeze_time("2027-02-01"):
            Document._cron_expire_documents()
            Document._cron_expire_documents()
        self.assertEqual((licence | statements).mapped("state"), ["expired", "expired"])
        renewal = self.env.ref(
            "advisory_client_mgmt.mail_activity_type_advisory_document_renewal"
        )
        todos = self.client_a.activity_ids.filtered(
            lambda a: a.activity_type_id == renewal
        )
        self.assertEqual(len(todos), 1)
        self.assertEqual(todos.user_id, self.advisor_a)
        self.assertIn("Licence", todos.note)
        self.assertIn("Audited statements", todos.note)
        self.assertIn(self.licence, self.client_a.document_missing_type_ids)


class TestDocumentAccess(DocumentCase):
    def test_who_sees_and_changes_a_file(self):
        document = self._document(self.licence)
        Document = self.env["advisory.client.document"]
        # another advisor sees nothing of the client's file
        self.assertFalse(
            Document.with_user(self.advisor_b).search([("id", "=", document.id)])
        )
        with self.assertRaises(AccessError):
            self._document(self.licence, user=self.advisor_b)
        # reviewers read every file and change none
        for reviewer in (self.legal, self.executive):
            self.assertEqual(
                Document.with_user(reviewer).search([("id", "=", document.id)]),
                document,
            )
            with self.assertRaises(AccessError):
                document.with_user(reviewer).write({"issue_date": date(2026, 3, 1)})
        # a plain employee reads neither documents nor the file's completeness
        with self.assertRaises(AccessError):
            Document.with_user(self.employee).search([])
        self.client_a.with_user(self.employee).read(["name"])
        # types are configured by managers
        with self.assertRaises(AccessError):
            self.licence.with_user(self.advisor_a).write({"requirement": "optional"})
        self.licence.with_user(self.manager).write({"validity_months": 24})


class TestDocumentQueries(DocumentCase):
    def _clients_with_engagement(self, name, count):
        """``count`` clients of advisor A, each with a financing engagement."""
        clients = self.env["res.partner"].create(
            [
                {
                    "name": f"{name}-{index}",
                    "is_company": True,
                    "is_advisory_client": True,
                    "relationship_manager_id": self.advisor_a.id,
                }
                for index in range(count)
            ]
        )
        self.env["advisory.engagement"].create(
            [
                {
                    "partner_id": client.id,
                    "service_line_ids": [Command.set(self.financing.ids)],
                }
                for client in clients
            ]
        )
        return clients

    def test_completeness_queries_do_not_grow_with_the_clients(self):
        """Computing the files of many clients costs the same number of queries as
        for a few: documents, engagements and rules are read per batch."""

        def make(count):
            clients = self._clients_with_engagement(f"Client {count}", count)
            for client in clients:
                self._document(self.licence, partner=client)
            self.env.flush_all()
            self.env.invalidate_all()
            return clients

        def compute(clients):
            self.env.invalidate_all()
            status = self.env["res.partner"].browse(clients.ids)._document_file_status()
            self.assertEqual(len(status), len(clients))

        few = make(3)
        start = self.env.cr.sql_log_count
        compute(few)
        budget = self.env.cr.sql_log_count - start
        many = make(30)
        with self.assertQueryCount(budget):
            compute(many)

    def test_completeness_recompute_queries_do_not_grow_with_the_clients(self):
        """The stored completeness recomputed for a batch of clients with
        engagements (a re-rating that changes their risk level) costs the same
        number of queries for 2 clients as for 10, also when the caller already
        read some of the clients' fields (nothing else of them is prefetched)."""
        Partner = self.env["res.partner"]

        def make(count):
            clients = self._clients_with_engagement(f"Recompute {count}", count)
            self.env.flush_all()
            return clients

        def recompute(clients):
            self.env.invalidate_all()
            clients = Partner.browse(clients.ids)
            # a caller (the re-rating) read only these fields of the clients
            clients.fetch(["is_advisory_client", "company_id"])
            start = self.env.cr.sql_log_count
            self.env.add_to_compute(Partner._fields["document_completeness"], clients)
            clients._recompute_recordset(["document_completeness"])
            self.assertEqual(set(clients.mapped("document_completeness")), {0.0})
            return self.env.cr.sql_log_count - start

        recompute(make(2))  # warm-up (caches of the registry)
        self.assertEqual(recompute(make(2)), recompute(make(10)))


class TestDocumentAttacks(DocumentCase):
    def test_files_of_other_records_are_not_taken(self):
        """Linking a file of another record the advisor can read does not move it
        to the document (only her own uploads move)."""
        contract = self._contract()
        other_file = self.env["ir.attachment"].create(
            {
                "name": "contract.pdf",
                "raw": b"%PDF-1.4 contract",
                "res_model": "advisory.contract",
                "res_id": contract.id,
            }
        )
        document = self._document(
            self.licence, attachment_ids=[Command.set(other_file.ids)]
        )
        self.assertEqual(
            (other_file.res_model, other_file.res_id),
            ("advisory.contract", contract.id),
        )
        upload = self._attachment("mine.pdf")
        document.with_user(self.advisor_a).attachment_ids = [Command.set(upload.ids)]
        self.assertEqual(
            (upload.res_model, upload.res_id), (document._name, document.id)
        )

    def test_waiver_reason_is_the_managers(self):
        with self.assertRaises(AccessError):
            self.env["advisory.client.document"].with_user(self.advisor_a).create(
                {
                    "partner_id": self.client_a.id,
                    "type_id": self.board.id,
                    "waiver_reason": "Not needed",
                }
            )
