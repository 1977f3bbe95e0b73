"""The attacks of an ordinary role through XML-RPC, and their variants: each one is
refused with a readable message and changes nothing. Protected facts are written by
the documents' own actions only; reviews are decided by their reviewers, not by the
user who submitted; approved contracts are frozen; who serves a client is a
manager's decision."""

from odoo.tests import new_test_user, tagged

from .portal_common import portal_user
from .rpc_common import RpcCase, create_command

ADVISOR = "advisory_client_mgmt.group_advisory_user"
FORGED = {
    "skip_validation_check": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "made_up_key": 1,
}


@tagged("post_install", "-at_install")
class TestIntegrityRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        users = {
            "int_adv_a": ADVISOR,
            "int_adv_b": ADVISOR,
            "int_manager": "advisory_client_mgmt.group_advisory_manager",
            "int_manager_2": "advisory_client_mgmt.group_advisory_manager",
            "int_legal": "advisory_client_mgmt.group_advisory_legal",
            "int_exec": "advisory_client_mgmt.group_advisory_executive",
            "int_officer": "advisory_risk_rating.group_advisory_risk_officer",
            "int_employee": "base.group_user,base.group_partner_manager",
        }
        cls.users = {
            login: new_test_user(cls.env, login=login, groups=groups)
            for login, groups in users.items()
        }
        Partner = cls.env["res.partner"]
        cls.client_a = Partner.create(
            {
                "name": "Integrity Alpha",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.users["int_adv_a"].id,
            }
        )
        cls.client_b = Partner.create(
            {
                "name": "Integrity Beta",
                "is_company": True,
                "is_advisory_client": True,
                "relationship_manager_id": cls.users["int_adv_b"].id,
            }
        )
        cls.portal_a = portal_user(cls.client_a, "int_portal_a", "p@alpha.example.com")
        cls.statement_a = cls.env["advisory.financial.statement"].create(
            {
                "partner_id": cls.client_a.id,
                "period_type": "year",
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "total_assets": 1000.0,
                "total_liabilities": 400.0,
            }
        )
        cls.engagement_a = cls.env["advisory.engagement"].create(
            {
                "partner_id": cls.client_a.id,
                "relationship_manager_id": cls.users["int_adv_a"].id,
            }
        )

    def _contract(self, amount, login="int_adv_a", **context):
        return self._call(
            login,
            "advisory.contract",
            "create",
            {
                "engagement_id": self.engagement_a.id,
                "fee_type": "fixed",
                "amount": amount,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "payment_line_ids": [
                    create_command({"date_due": "2026-06-30", "amount": amount})
                ],
            },
            context=context,
        )

    def _sign(self, contract_id, signer="Ann Alpha"):
        """Record the client's signature on the approved contract and sign it."""
        self._call(
            "int_adv_a",
            "advisory.contract",
            "write",
            [contract_id],
            {"signed_date": "2026-01-02", "signer_name": signer},
        )
        self._call("int_adv_a", "advisory.contract", "action_sign", [contract_id])

    def _approved(self, amount=1000):
        """A contract of advisor A, submitted and approved by the legal review."""
        contract_id = self._contract(amount)
        self._call("int_adv_a", "advisory.contract", "action_submit", [contract_id])
        self._call("int_legal", "advisory.contract", "validate_tier", [contract_id])
        return contract_id

    def _read(self, model, record_id, fields):
        [values] = self.env[model].browse(record_id).sudo().read(fields)
        return values

    # ------------------------------------------------------------------
    # Who serves a client
    # ------------------------------------------------------------------

    def test_advisor_cannot_join_another_advisors_client(self):
        adv_b = self.users["int_adv_b"]
        for vals in (
            {"client_team_ids": [(4, adv_b.id)]},
            {"client_team_ids": [(6, 0, [adv_b.id])]},
            {"relationship_manager_id": adv_b.id},
        ):
            for login, expected in (
                ("int_adv_b", "You do not serve Integrity Alpha"),
                ("int_adv_a", "Only Advisory / Manager can change"),
            ):
                with self.subTest(login=login, vals=vals):
                    self._refused(
                        expected,
                        login,
                        "res.partner",
                        "write",
                        [self.client_a.id],
                        vals,
                    )
        self.assertEqual(self.client_a.relationship_manager_id, self.users["int_adv_a"])
        self.assertFalse(self.client_a.client_team_ids)
        # so B still reads none of A's statements
        self.assertFalse(
            self._call(
                "int_adv_b",
                "advisory.financial.statement",
                "search",
                [("partner_id", "=", self.client_a.id)],
            )
        )
        self._refused(
            "doesn't have 'read' access",
            "int_adv_b",
            "advisory.financial.statement",
            "read",
            [self.statement_a.id],
            ["net_profit"],
        )
        # a manager decides
        self._call(
            "int_manager",
            "res.partner",
            "write",
            [self.client_a.id],
            {"client_team_ids": [(4, adv_b.id)]},
        )
        self.assertEqual(
            self._call(
                "int_adv_b",
                "advisory.financial.statement",
                "search",
                [("partner_id", "=", self.client_a.id)],
            ),
            [self.statement_a.id],
        )

    def test_staff_serving_a_client_follows_the_team_and_is_not_written(self):
        """The record rules read one list of the staff serving a client (and an
        engagement): it follows the relationship manager and the teams, and no
        caller writes it directly."""
        adv_b = self.users["int_adv_b"]
        for model, record in (
            ("res.partner", self.client_a),
            ("advisory.engagement", self.engagement_a),
        ):
            for value in ([(4, adv_b.id)], False, [(5, 0, 0)]):
                with self.subTest(model=model, value=value):
                    self._refused(
                        "cannot be edited directly",
                        "int_adv_a",
                        model,
                        "write",
                        [record.id],
                        {"advisory_access_user_ids": value},
                    )
        self.assertEqual(
            self.engagement_a.advisory_access_user_ids, self.users["int_adv_a"]
        )
        proposal_id = self._call(
            "int_adv_a",
            "advisory.proposal",
            "create",
            {"engagement_id": self.engagement_a.id, "fee_estimate": 100.0},
        )

        def b_reads():
            return (
                self._call(
                    "int_adv_b",
                    "advisory.engagement",
                    "search",
                    [("partner_id", "=", self.client_a.id)],
                ),
                self._call(
                    "int_adv_b",
                    "advisory.proposal",
                    "search",
                    [("engagement_id", "=", self.engagement_a.id)],
                ),
            )

        def manager_writes_client(vals):
            self._call("int_manager", "res.partner", "write", [self.client_a.id], vals)

        self.assertEqual(b_reads(), ([], []))
        # B joins the client team: the client's engagements and their documents
        manager_writes_client({"client_team_ids": [(4, adv_b.id)]})
        self.assertEqual(b_reads(), ([self.engagement_a.id], [proposal_id]))
        # archived meanwhile (a leave), she keeps her place in the team
        adv_b.active = False
        manager_writes_client(
            {"client_team_ids": [(4, self.users["int_manager_2"].id)]}
        )
        adv_b.active = True
        self.assertEqual(b_reads(), ([self.engagement_a.id], [proposal_id]))
        manager_writes_client({"client_team_ids": [(3, adv_b.id)]})
        self.assertEqual(b_reads(), ([], []))
        self._refused(
            "doesn't have 'read' access",
            "int_adv_b",
            "advisory.proposal",
            "read",
            [proposal_id],
            ["fee_estimate"],
        )
        # the engagement's own team: that engagement only, not the client's others
        other_id = self._call(
            "int_adv_a",
            "advisory.engagement",
            "create",
            {"partner_id": self.client_a.id},
        )
        self._call(
            "int_adv_a",
            "advisory.engagement",
            "write",
            [self.engagement_a.id],
            {"team_ids": [(4, adv_b.id)]},
        )
        self.assertEqual(b_reads(), ([self.engagement_a.id], [proposal_id]))
        self.assertNotIn(
            other_id,
            self._call("int_adv_b", "advisory.engagement", "search", []),
        )
        # a new relationship manager takes the client over, with its engagements
        manager_writes_client({"relationship_manager_id": adv_b.id})
        self.assertIn(
            other_id,
            self._call("int_adv_b", "advisory.engagement", "search", []),
        )

    def test_records_cannot_be_put_on_a_client_one_does_not_serve(self):
        self._refused(
            "You do not serve Integrity Beta",
            "int_adv_a",
            "advisory.engagement",
            "create",
            {"partner_id": self.client_b.id},
        )
        self._refused(
            "You do not serve Integrity Beta",
            "int_adv_a",
            "advisory.financial.statement",
            "write",
            [self.statement_a.id],
            {"partner_id": self.client_b.id},
        )
        self._refused(
            "You do not serve Integrity Beta",
            "int_adv_a",
            "advisory.feedback",
            "create",
            {"partner_id": self.client_b.id, "subject": "x", "description": "x"},
        )
        self.assertEqual(self.statement_a.partner_id, self.client_a)
        self.assertFalse(
            self.env["advisory.engagement"].search(
                [("partner_id", "=", self.client_b.id)]
            )
        )

    def test_advisor_who_makes_a_contact_a_client_serves_it(self):
        partner_id = self._call(
            "int_adv_a",
            "res.partner",
            "create",
            {
                "name": "New Prospect Ltd",
                "is_company": True,
                "is_advisory_client": True,
            },
        )
        values = self._read(
            "res.partner",
            partner_id,
            ["relationship_manager_id", "lifecycle_state", "advisory_ref"],
        )
        self.assertEqual(
            values["relationship_manager_id"][0], self.users["int_adv_a"].id
        )
        self.assertEqual(values["lifecycle_state"], "prospect")
        self.assertTrue(values["advisory_ref"])

    # ------------------------------------------------------------------
    # Facts and decisions are never written by a user
    # ------------------------------------------------------------------

    def test_references_come_from_the_sequence(self):
        """A contract's or an engagement's reference is the firm's numbering: a
        caller neither chooses it at the creation nor changes it after."""
        contract_id = self._contract(1000)
        [contract] = self._call(
            "int_adv_a", "advisory.contract", "read", [contract_id], ["name"]
        )
        self.assertNotEqual(contract["name"], "New")
        for model, record_id in (
            ("advisory.contract", contract_id),
            ("advisory.engagement", self.engagement_a.id),
        ):
            with self.subTest(model=model):
                self._refused(
                    "cannot be edited directly",
                    "int_adv_a",
                    model,
                    "write",
                    [record_id],
                    {"name": "CTR-FORGED"},
                )
        self._refused(
            "cannot be edited directly",
            "int_adv_a",
            "advisory.engagement",
            "create",
            {"partner_id": self.client_a.id, "name": "ENG-FORGED"},
        )
        self.assertFalse(
            self.env["advisory.engagement"].search([("name", "like", "FORGED")])
        )

    def test_executive_tier_cannot_be_switched_off(self):
        contract_id = self._contract(5_000_000)
        for context in ({}, FORGED):
            self._refused(
                "cannot be edited directly",
                "int_adv_a",
                "advisory.contract",
                "write",
                [contract_id],
                {"executive_approval_required": False},
                context=context,
            )
        # through the engagement's one2many too
        self._refused(
            "cannot be edited directly",
            "int_adv_a",
            "advisory.engagement",
            "write",
            [self.engagement_a.id],
            {
                "contract_ids": [
                    (1, contract_id, {"executive_approval_required": False})
                ]
            },
        )
        # nor given at creation
        self._refused(
            "cannot be edited directly",
            "int_adv_a",
            "advisory.contract",
            "create",
            {
                "engagement_id": self.engagement_a.id,
                "amount": 5_000_000,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "executive_approval_required": False,
            },
        )
        self._call("int_adv_a", "advisory.contract", "action_submit", [contract_id])
        contract = self.env["advisory.contract"].browse(contract_id)
        self.assertEqual(
            set(contract.review_ids.mapped("definition_id.reviewer_group_id")),
            {
                self.env.ref("advisory_client_mgmt.group_advisory_legal"),
                self.env.ref("advisory_client_mgmt.group_advisory_executive"),
            },
        )

    def test_state_cannot_be_forged_at_creation(self):
        self._refused(
            "cannot be edited directly",
            "int_adv_a",
            "advisory.contract",
            "write",
            [self._contract(1000)],
            {"state": "approved"},
        )
        # a forged default is dropped: the contract starts as a draft
        contract_id = self._contract(1000, default_state="approved")
        self.assertEqual(
            self._read("advisory.contract", contract_id, ["state"])["state"], "draft"
        )

    def test_approved_contract_is_frozen(self):
        contract_id = self._approved()
        contract = self.env["advisory.contract"].browse(contract_id)
        self.assertEqual(contract.state, "approved")
        line_id = contract.payment_line_ids.id
        for context in ({}, FORGED):
            with self.subTest(context=context):
                self._refused(
                    "can no longer change",
                    "int_adv_a",
                    "advisory.contract",
                    "write",
                    [contract_id],
                    {"amount": 50_000_000},
                    context=context,
                )
                self._refused(
                    "can no longer change",
                    "int_adv_a",
                    "advisory.contract",
                    "write",
                    [contract_id],
                    {"payment_line_ids": [(1, line_id, {"amount": 50_000_000})]},
                    context=context,
                )
                self._refused(
                    "payment schedule can no longer change",
                    "int_adv_a",
                    "advisory.contract.payment",
                    "write",
                    [line_id],
                    {"amount": 50_000_000},
                    context=context,
                )
                self._refused(
                    "payment schedule can no longer change",
                    "int_adv_a",
                    "advisory.contract.payment",
                    "create",
                    {"contract_id": contract_id, "date_due": "2026-07-01", "amount": 1},
                    context=context,
                )
        contract.invalidate_recordset()
        self.assertEqual(contract.amount, 1000)
        self.assertEqual(contract.payment_line_ids.mapped("amount"), [1000])
        # the signature facts stay writable, then it is signed
        self._sign(contract_id)
        self._refused(
            "can no longer change",
            "int_adv_a",
            "advisory.contract",
            "write",
            [contract_id],
            {"date_end": "2030-12-31"},
        )

    def test_rating_fields_are_never_written_by_a_user(self):
        for field, value in (
            ("risk_level", "low"),
            ("risk_grade", "AAA"),
            ("risk_score", 99.0),
            ("value_tier", "A"),
        ):
            with self.subTest(field=field):
                self._refused(
                    "cannot be edited directly",
                    "int_adv_a",
                    "res.partner",
                    "write",
                    [self.client_a.id],
                    {field: value},
                )
                self._refused(
                    "cannot be edited directly",
                    "int_manager",
                    "res.partner",
                    "write",
                    [self.client_a.id],
                    {field: value},
                )
        self.assertFalse(self.client_a.risk_grade)

    def test_lifecycle_is_changed_by_its_actions_only(self):
        # neither the employee nor the advisor writes the facts
        for login, expected in (
            ("int_employee", "cannot be edited directly"),
            ("int_adv_a", "cannot be edited directly"),
        ):
            for vals in (
                {"lifecycle_state": "churned", "churn_reason": "x"},
                {"lifecycle_changed_on": "2020-01-01"},
            ):
                with self.subTest(login=login, vals=vals):
                    self._refused(
                        expected,
                        login,
                        "res.partner",
                        "write",
                        [self.client_a.id],
                        vals,
                    )
        self.assertEqual(self.client_a.lifecycle_state, "prospect")
        # the advisor's action does it, with the reason
        self._call(
            "int_adv_a",
            "res.partner",
            "write",
            [self.client_a.id],
            {"churn_reason": "Moved to a competitor"},
        )
        self._call(
            "int_adv_a", "res.partner", "action_lifecycle_churn", [self.client_a.id]
        )
        self.assertEqual(self.client_a.lifecycle_state, "churned")
        self._refused(
            "Only advisors",
            "int_employee",
            "res.partner",
            "action_lifecycle_reactivate",
            [self.client_a.id],
        )

    def test_portal_user_does_not_read_the_rating(self):
        for field in ("risk_grade", "risk_score", "lifecycle_state", "advisory_ref"):
            with self.subTest(field=field):
                self._refused(
                    field,
                    "int_portal_a",
                    "res.partner",
                    "read",
                    [self.client_a.id],
                    [field],
                )

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------

    def test_reviews_are_decided_by_their_reviewers_only(self):
        contract_id = self._contract(1000)
        self._call("int_adv_a", "advisory.contract", "action_submit", [contract_id])
        contract = self.env["advisory.contract"].browse(contract_id)
        review = contract.review_ids
        other = self._contract(1000)
        attacks = [
            ("write", [review.ids, {"status": "approved"}]),
            ("write", [review.ids, {"done_by": self.users["int_adv_a"].id}]),
            ("write", [review.ids, {"res_id": other}]),
            ("unlink", [review.ids]),
            (
                "create",
                [
                    {
                        "model": "advisory.contract",
                        "res_id": other,
                        "definition_id": review.definition_id.id,
                        "status": "approved",
                    }
                ],
            ),
        ]
        for login in ("int_adv_a", "int_legal", "int_manager"):
            for method, args in attacks:
                with self.subTest(login=login, method=method, args=args):
                    self._refused(
                        "Reviews of advisory documents",
                        login,
                        "tier.review",
                        method,
                        *args,
                    )
        self._refused(
            "under validation",
            "int_adv_a",
            "advisory.contract",
            "write",
            [contract_id],
            {"review_ids": [(1, review.id, {"status": "approved"})]},
            context=FORGED,
        )
        for method in ("request_validation", "restart_validation"):
            self._refused(
                "Submit" if method == "request_validation" else "cannot be reset",
                "int_adv_a",
                "advisory.contract",
                method,
                [contract_id],
            )
        self._refused(
            "not a reviewer",
            "int_adv_a",
            "advisory.contract",
            "validate_tier",
            [contract_id],
        )
        self._refused(
            "not a reviewer",
            "int_exec",
            "advisory.contract",
            "validate_tier",
            [contract_id],
        )
        review.invalidate_recordset()
        self.assertEqual(review.status, "pending")
        self.assertEqual(contract.state, "to_approve")
        # the reviewer decides: who and when are recorded
        self._call("int_legal", "advisory.contract", "validate_tier", [contract_id])
        review.invalidate_recordset()
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.done_by, self.users["int_legal"])
        self.assertTrue(review.reviewed_date)
        self._refused(
            "Reviews of advisory documents",
            "int_legal",
            "tier.review",
            "write",
            review.ids,
            {"comment": "changed my mind"},
        )

    def test_four_eyes_on_proposals(self):
        engagement_id = self._call(
            "int_manager",
            "advisory.engagement",
            "create",
            {"partner_id": self.client_a.id},
        )
        proposal_id = self._call(
            "int_manager",
            "advisory.proposal",
            "create",
            {"engagement_id": engagement_id, "risk_disclosure": "<p>Risks</p>"},
        )
        self._call("int_manager", "advisory.proposal", "action_submit", [proposal_id])
        self._refused(
            "four eyes",
            "int_manager",
            "advisory.proposal",
            "validate_tier",
            [proposal_id],
        )
        proposal = self.env["advisory.proposal"].browse(proposal_id)
        self.assertEqual(proposal.state, "to_review")
        self._call("int_manager_2", "advisory.proposal", "validate_tier", [proposal_id])
        proposal.invalidate_recordset()
        self.assertEqual(proposal.state, "approved")

    # ------------------------------------------------------------------
    # Audit trail
    # ------------------------------------------------------------------

    def test_target_and_contract_changes_are_tracked_with_their_author(self):
        target = self.env["advisory.kpi.target"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ) or self.env["advisory.kpi.target"].create(
            {"kpi_code": "churn_rate", "target": 0.05, "direction": "<="}
        )
        self._call(
            "int_manager",
            "advisory.kpi.target",
            "write",
            [target.id],
            {"target": 0.42},
            context={"tracking_disable": True, "mail_notrack": True},
        )
        contract_id = self._contract(1000)
        self._call(
            "int_adv_a",
            "advisory.contract",
            "write",
            [contract_id],
            {"amount": 2000, "payment_line_ids": [(5, 0, 0)]},
            context=FORGED,
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        for record, field, author in (
            (target, "target", "int_manager"),
            (self.env["advisory.contract"].browse(contract_id), "amount", "int_adv_a"),
        ):
            tracked = record.message_ids.filtered(
                lambda message, field=field: message.tracking_value_ids.filtered(
                    lambda value: value.field_id.name == field
                )
            )
            self.assertEqual(len(tracked), 1, f"{record} {field}")
            self.assertEqual(tracked.author_id, self.users[author].partner_id)

    # ------------------------------------------------------------------
    # The holes an attacker's review found
    # ------------------------------------------------------------------

    def test_managers_read_approval_tiers_but_do_not_change_them(self):
        tier = self.env.ref("advisory_client_mgmt.tier_definition_contract_legal")
        self.assertTrue(
            self._call("int_manager", "tier.definition", "read", tier.ids, ["name"])
        )
        for method, args in (
            ("write", [tier.ids, {"advisory_four_eyes": False}]),
            (
                "write",
                [
                    tier.ids,
                    {
                        "reviewer_group_id": self.env.ref(
                            "advisory_client_mgmt.group_advisory_manager"
                        ).id
                    },
                ],
            ),
            ("unlink", [tier.ids]),
        ):
            with self.subTest(method=method, args=args):
                self._refused(
                    "not allowed", "int_manager", "tier.definition", method, *args
                )
        self.assertTrue(tier.exists() and tier.advisory_four_eyes)

    def test_forged_defaults_do_not_reach_the_records_the_system_creates(self):
        contract_id = self._contract(1000)
        self._call(
            "int_adv_a",
            "advisory.contract",
            "action_submit",
            [contract_id],
            context={
                "default_status": "approved",
                "default_done_by": self.users["int_legal"].id,
                "default_reviewed_date": "2026-01-01 00:00:00",
            },
        )
        review = self.env["advisory.contract"].browse(contract_id).review_ids
        self.assertEqual(review.mapped("status"), ["pending"])
        self.assertFalse(review.done_by)

    def test_signature_is_a_fact_once_signed(self):
        contract_id = self._approved()
        self._sign(contract_id)
        self._refused(
            "can no longer change",
            "int_adv_a",
            "advisory.contract",
            "write",
            [contract_id],
            {"signed_date": "2020-01-01", "signer_name": "Someone Else"},
        )
        contract = self.env["advisory.contract"].browse(contract_id)
        self.assertEqual(contract.signer_name, "Ann Alpha")

    def test_advisor_does_not_change_a_client_she_does_not_serve(self):
        for vals in (
            {"strategic_partner": True},
            {"is_advisory_client": False},
            {"churn_reason": "Taken over"},
        ):
            with self.subTest(vals=vals):
                self._refused(
                    "You do not serve Integrity Alpha",
                    "int_adv_b",
                    "res.partner",
                    "write",
                    [self.client_a.id],
                    vals,
                )
        self._refused(
            "You do not serve Integrity Alpha",
            "int_adv_b",
            "res.partner",
            "action_lifecycle_churn",
            [self.client_a.id],
        )
        self.assertTrue(self.client_a.is_advisory_client)
        self.assertFalse(self.client_a.strategic_partner)

    def test_engagement_client_follows_its_documents(self):
        # advisor A also serves client C: the engagement cannot move there once
        # a contract of it is under review
        client_c = self.env["res.partner"].create(
            {
                "name": "Integrity Gamma",
                "is_advisory_client": True,
                "relationship_manager_id": self.users["int_adv_a"].id,
            }
        )
        contract_id = self._contract(1000)
        self._call("int_adv_a", "advisory.contract", "action_submit", [contract_id])
        self._refused(
            "can no longer change",
            "int_adv_a",
            "advisory.engagement",
            "write",
            [self.engagement_a.id],
            {"partner_id": client_c.id},
        )
        # a draft contract cannot be moved to another advisor's engagement
        other_engagement = self.env["advisory.engagement"].create(
            {"partner_id": self.client_b.id}
        )
        draft_id = self._contract(500)
        self._refused(
            "",
            "int_adv_a",
            "advisory.contract",
            "write",
            [draft_id],
            {"engagement_id": other_engagement.id},
        )
        contract = self.env["advisory.contract"].browse(draft_id)
        self.assertEqual(contract.engagement_id, self.engagement_a)
        self.assertEqual(self.engagement_a.partner_id, self.client_a)

    def test_client_tracking_cannot_be_switched_off(self):
        self._call(
            "int_manager",
            "res.partner",
            "write",
            [self.client_a.id],
            {"relationship_manager_id": self.users["int_adv_b"].id},
            context={"tracking_disable": True, "mail_notrack": True},
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.client_a.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "relationship_manager_id"
        )
        self.assertEqual(len(tracked), 1)

    def test_reviews_of_advisory_documents_stay_with_the_staff(self):
        contract_id = self._contract(1000)
        self._call("int_adv_a", "advisory.contract", "action_submit", [contract_id])
        domain = [("model", "=", "advisory.contract"), ("res_id", "=", contract_id)]
        for login in ("int_employee", "int_portal_a"):
            with self.subTest(login=login):
                self.assertEqual(
                    self._call(login, "tier.review", "search_count", domain), 0
                )
        self.assertEqual(
            self._call("int_adv_a", "tier.review", "search_count", domain), 1
        )

    def test_risk_officer_records_risk_data_of_any_client(self):
        record_id = self._call(
            "int_officer",
            "advisory.credit.record",
            "create",
            {
                "partner_id": self.client_b.id,
                "date": "2026-01-10",
                "record_type": self.env["advisory.credit.record"]
                ._fields["record_type"]
                ._description_selection(self.env)[0][0],
            },
        )
        self.assertTrue(record_id)

    def test_empty_or_zero_dates_are_readable_refusals(self):
        for value in ("", 0):
            with self.subTest(value=value):
                try:
                    self._call(
                        "int_adv_a",
                        "advisory.financial.statement",
                        "write",
                        [self.statement_a.id],
                        {"period_start": value},
                    )
                except Exception as error:  # the fault is the outcome
                    self.assertNotIn("Traceback", str(error))

    def test_client_given_as_a_default_is_checked_too(self):
        self._refused(
            "You do not serve Integrity Beta",
            "int_adv_a",
            "advisory.engagement",
            "create",
            {"relationship_manager_id": self.users["int_adv_a"].id},
            context={"default_partner_id": self.client_b.id},
        )
