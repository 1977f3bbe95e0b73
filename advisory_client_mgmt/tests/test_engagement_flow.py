from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import AdvisoryCase


class EngagementCase(AdvisoryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.legal = new_test_user(
            cls.env,
            login="adv_legal",
            groups="advisory_client_mgmt.group_advisory_legal",
        )
        cls.executive = new_test_user(
            cls.env,
            login="adv_executive",
            groups="advisory_client_mgmt.group_advisory_executive",
        )
        cls.template = cls.env["advisory.contract.template"].search(
            [("name", "=", "Standard advisory agreement")], limit=1
        )
        cls.tax = cls.env.ref("advisory_client_mgmt.service_line_tax_planning")
        cls.financing = cls.env.ref("advisory_client_mgmt.service_line_financing")
        cls.engagement = (
            cls.env["advisory.engagement"]
            .with_user(cls.advisor_a)
            .create(
                {
                    "partner_id": cls.client_a.id,
                    "relationship_manager_id": cls.advisor_a.id,
                    "service_line_ids": [Command.set((cls.tax | cls.financing).ids)],
                }
            )
        )

    def _proposal(self, engagement=None, user=None, **values):
        vals = {
            "engagement_id": (engagement or self.engagement).id,
            "summary": "<p>Refinance the bank loans and restructure the group.</p>",
            "risk_disclosure": "<p>Rates may rise; savings are not guaranteed.</p>",
            "fee_estimate": 480000,
        }
        vals.update(values)
        return (
            self.env["advisory.proposal"].with_user(user or self.advisor_a).create(vals)
        )

    def _approved_proposal(self, engagement=None):
        proposal = self._proposal(engagement)
        proposal.action_submit()
        proposal.with_user(self.manager).validate_tier()
        self.assertEqual(proposal.state, "approved")
        return proposal

    def _contract(self, engagement=None, amount=500000, user=None, **values):
        vals = {
            "engagement_id": (engagement or self.engagement).id,
            "template_id": self.template.id,
            "fee_type": "fixed",
            "amount": amount,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
            "scope": "<p>Debt restructuring and tax review</p>",
            "payment_line_ids": [
                Command.create({"date_due": date(2026, 1, 15), "amount": amount * 0.4}),
                Command.create({"date_due": date(2026, 6, 30), "amount": amount * 0.6}),
            ],
        }
        vals.update(values)
        return (
            self.env["advisory.contract"].with_user(user or self.advisor_a).create(vals)
        )

    def _signed_contract(self):
        """An active contract of the advisor: submitted, legally reviewed, signed."""
        contract = self._contract()
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei"})
        contract.action_sign()
        contract.action_activate()
        return contract

    def _closed_project(self):
        """The engagement's project closed by its advisor (evaluated, the open
        milestones justified): its proposal accepted, its contract signed."""
        proposal = self._approved_proposal()
        proposal.action_present()
        proposal.action_accept()
        contract = self._contract()
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei"})
        contract.action_sign()
        project = self.engagement.project_id.with_user(self.advisor_a)
        project.write(
            {
                "advisory_evaluation_score": self._score(project, 4),
                "advisory_evaluation_summary": "Delivered.",
                "advisory_milestone_justification": "Scope reduced by the client.",
            }
        )
        project.action_advisory_close()
        return project

    @staticmethod
    def _score(project, value):
        field = project._fields["advisory_evaluation_score"]
        return str(value) if field.type == "selection" else value

    def _reviewer_groups(self, record):
        return {
            r.definition_id.review_type == "group" and r.definition_id.reviewer_group_id
            for r in record.review_ids
        }


class TestEngagementFlow(EngagementCase):
    def test_happy_path(self):
        engagement = self.engagement.with_user(self.advisor_a)
        proposal = self._proposal()
        self.assertEqual(proposal.version, 1)
        self.assertEqual(engagement.state, "proposal")

        proposal.action_submit()
        self.assertEqual(proposal.state, "to_review")
        self.assertTrue(proposal.review_ids)
        # the advisor cannot approve their own proposal
        with self.assertRaisesRegex(AccessError, "not a reviewer"):
            proposal.validate_tier()
        self.assertEqual(proposal.state, "to_review")
        proposal.with_user(self.manager).validate_tier()
        self.assertEqual(proposal.state, "approved")
        proposal.action_present()
        self.assertEqual(proposal.state, "presented")
        proposal.action_accept()
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(engagement.state, "contracting")

        contract = self._contract()
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")
        self.assertEqual(
            self._reviewer_groups(contract),
            {self.env.ref("advisory_client_mgmt.group_advisory_legal")},
            "below the threshold only legal reviews",
        )
        with self.assertRaisesRegex(AccessError, "not a reviewer"):
            contract.validate_tier()  # not the advisor's tier
        self.assertEqual(contract.state, "to_approve")
        contract.with_user(self.legal).validate_tier()
        self.assertEqual(contract.state, "approved")

        with self.assertRaises(UserError):
            contract.action_sign()  # no signed date nor signer
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei, CEO"})
        contract.action_sign()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(engagement.state, "execution")
        self.assertEqual(self.client_a.lifecycle_state, "active")
        project = engagement.project_id
        self.assertTrue(project)
        self.assertEqual(project.engagement_id, engagement)
        self.assertEqual(project.partner_id, self.client_a)
        self.assertEqual(project.user_id, self.advisor_a)
        self.assertTrue(project.milestone_ids)
        contract.action_activate()
        self.assertEqual(contract.state, "active")

        project = project.with_user(self.advisor_a)
        with self.assertRaises(UserError):
            project.action_advisory_close()  # no evaluation, milestones open
        project.write(
            {
                "advisory_evaluation_score": self._score(project, 4),
                "advisory_evaluation_summary": "Savings delivered ahead of plan.",
            }
        )
        with self.assertRaises(UserError):
            project.action_advisory_close()  # milestones not reached, no justification
        project.milestone_ids.write({"is_reached": True})
        project.action_advisory_close()
        self.assertTrue(project.advisory_closed)
        self.assertEqual(engagement.state, "closing")
        engagement.action_done()
        self.assertEqual(engagement.state, "done")

    def test_milestone_justification_allows_closing(self):
        engagement = self.engagement
        self._approved_proposal().action_present()
        engagement.proposal_ids.action_accept()
        contract = self._contract()
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei"})
        contract.action_sign()
        project = engagement.project_id
        project.write(
            {
                "advisory_evaluation_score": self._score(project, 3),
                "advisory_evaluation_summary": "Partly delivered",
                "advisory_milestone_justification": "Client postponed the M&A part.",
            }
        )
        project.action_advisory_close()
        self.assertEqual(engagement.state, "closing")

    def test_executive_tier_only_above_threshold(self):
        self.assertEqual(self.env.company.advisory_executive_threshold, 1_000_000)
        self._approved_proposal().action_present()
        self.engagement.proposal_ids.action_accept()
        big = self._contract(amount=1_500_000)
        big.action_submit()
        self.assertEqual(
            self._reviewer_groups(big),
            {
                self.env.ref("advisory_client_mgmt.group_advisory_legal"),
                self.env.ref("advisory_client_mgmt.group_advisory_executive"),
            },
        )
        big.with_user(self.legal).validate_tier()
        self.assertEqual(big.state, "to_approve")
        big.with_user(self.executive).validate_tier()
        self.assertEqual(big.state, "approved")
        # the threshold is a company setting
        self.env.company.advisory_executive_threshold = 2_000_000
        other = self._contract(amount=1_500_000)
        other.action_submit()
        self.assertEqual(
            self._reviewer_groups(other),
            {self.env.ref("advisory_client_mgmt.group_advisory_legal")},
        )

    def test_rejected_proposal_back_to_draft_and_new_version(self):
        proposal = self._proposal()
        proposal.action_submit()
        proposal.with_user(self.manager).reject_tier()
        self.assertEqual(proposal.state, "draft")
        proposal.action_submit()
        proposal.with_user(self.manager).validate_tier()
        self.assertEqual(proposal.state, "approved")
        with self.assertRaises(UserError):
            proposal.write({"fee_estimate": 1.0})
        self.assertEqual(proposal.fee_estimate, 480000)
        action = proposal.action_new_version()
        v2 = self.env["advisory.proposal"].browse(action["res_id"])
        self.assertEqual(v2.state, "draft")
        self.assertEqual(v2.version, 2)
        self.assertEqual(v2.previous_version_id, proposal)
        v2.fee_estimate = 450000  # a draft is editable
        self.assertEqual(proposal.state, "approved")

    def test_refusals(self):
        proposal = self._proposal(risk_disclosure=False)
        with self.assertRaises(UserError):
            proposal.action_submit()
        self.assertEqual(proposal.state, "draft")
        with self.assertRaises(UserError) as caught:
            proposal.action_present()
        self.assertIn("Approved", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self.engagement.action_done()
        self.assertIn(self.engagement.name, str(caught.exception))
        self.assertIn("Closing", str(caught.exception))
        with self.assertRaises(UserError):
            proposal.action_accept()
        # state only through the actions
        with self.assertRaises(UserError):
            proposal.write({"state": "approved"})
        self.assertEqual(proposal.state, "draft")
        contract = self._contract()
        with self.assertRaises(UserError):
            contract.action_sign()
        with self.assertRaises(UserError):
            contract.write({"state": "signed"})
        self.assertEqual(contract.state, "draft")
        with self.assertRaises(ValidationError):
            self._contract(amount=-5)
        with self.assertRaises(ValidationError):
            self._contract(
                date_start=date(2026, 12, 31),
                date_end=date(2026, 1, 1),
                payment_line_ids=[],
            )
        with self.assertRaises(ValidationError):
            self._contract(
                payment_line_ids=[
                    Command.create({"date_due": date(2026, 2, 1), "amount": 100})
                ]
            )
        with self.assertRaises(ValidationError):
            self._contract(
                payment_line_ids=[
                    Command.create({"date_due": date(2027, 2, 1), "amount": 500000})
                ]
            )
        no_schedule = self._contract(payment_line_ids=[])
        with self.assertRaises(UserError):  # ValidationError is a UserError
            no_schedule.action_submit()
        self.assertEqual(no_schedule.state, "draft")
        self.assertEqual(
            self.env["advisory.contract"].search_count(
                [("engagement_id", "=", self.engagement.id)]
            ),
            2,
        )

    def test_signed_contract_cannot_be_deleted_and_terminate_needs_reason(self):
        contract = self._contract()
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei"})
        contract.action_sign()
        with self.assertRaises(UserError):
            contract.sudo().unlink()
        self.assertTrue(contract.exists())
        with self.assertRaises(UserError):
            contract.action_terminate()
        contract.terminate_reason = "Client sold the business"
        contract.action_terminate()
        self.assertEqual(contract.state, "terminated")

    def test_renewal_and_reminders(self):
        contract = self._contract()
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei"})
        contract.action_sign()
        contract.action_activate()
        Contract = self.env["advisory.contract"]

        def reminders():
            return self.env["mail.activity"].search(
                [("res_model", "=", "advisory.contract"), ("res_id", "=", contract.id)]
            )

        with freeze_time("2026-11-20"):
            Contract._cron_contract_end_reminders()
        self.assertFalse(reminders())
        with freeze_time("2026-12-01"):  # 30 days before the end
            Contract._cron_contract_end_reminders()
            Contract._cron_contract_end_reminders()
        self.assertEqual(len(reminders()), 1)
        self.assertEqual(reminders().user_id, self.advisor_a)
        with freeze_time("2026-12-24"):  # 7 days before
            Contract._cron_contract_end_reminders()
            Contract._cron_contract_end_reminders()
        self.assertEqual(len(reminders()), 2)

        action = contract.action_renew()
        renewal = Contract.browse(action["res_id"])
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(renewal.renewed_from_id, contract)
        self.assertEqual(renewal.date_start, date(2027, 1, 1))
        self.assertEqual(renewal.amount, contract.amount)

    def test_amendment_is_reviewed_again_and_supersedes(self):
        contract = self._contract(amount=500000)
        contract.action_submit()
        contract.with_user(self.legal).validate_tier()
        contract.write({"signed_date": date(2026, 1, 5), "signer_name": "Li Wei"})
        contract.action_sign()
        with self.assertRaisesRegex(ValidationError, "can no longer change"):
            contract.write({"amount": 900000})
        # the change goes through an amendment: a draft copy with the same terms
        action = contract.action_amend()
        amendment = self.env["advisory.contract"].with_user(self.advisor_a)
        amendment = amendment.browse(action["res_id"])
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(amendment.amended_contract_id, contract)
        self.assertEqual(amendment.amount, 500000)
        self.assertEqual(amendment.payment_line_ids.mapped("amount"), [200000, 300000])
        with self.assertRaisesRegex(UserError, "already being amended"):
            contract.action_amend()
        amendment.write(
            {
                "amount": 900000,
                "payment_line_ids": [
                    Command.update(amendment.payment_line_ids[1].id, {"amount": 700000})
                ],
            }
        )
        amendment.action_submit()
        self.assertEqual(amendment.state, "to_approve")
        self.assertEqual(contract.state, "signed", "the signed terms hold meanwhile")
        amendment.with_user(self.legal).validate_tier()
        amendment.write({"signed_date": date(2026, 2, 1), "signer_name": "Li Wei"})
        amendment.action_sign()
        self.assertEqual(amendment.state, "signed")
        self.assertEqual(contract.state, "terminated")
        self.assertIn(amendment.name, contract.terminate_reason)
        self.assertEqual(
            contract.engagement_id.project_id, amendment.engagement_id.project_id
        )
        # the link is the amendment action's fact
        with self.assertRaisesRegex(UserError, "cannot be edited directly"):
            self._contract().write({"amended_contract_id": contract.id})

    def test_template_clauses_are_frozen_once_a_contract_is_submitted(self):
        template = (
            self.env["advisory.contract.template"]
            .with_user(self.manager)
            .create(
                {
                    "name": "Retainer agreement",
                    "clause_ids": [
                        Command.create({"title": "Fees", "body": "<p>{fee}</p>"})
                    ],
                }
            )
        )
        clause = template.clause_ids
        clause.write({"title": "Fees and expenses"})  # no contract uses it yet
        contract = self._contract(template_id=template.id)
        contract.action_submit()
        for change in (
            lambda: clause.write({"body": "<p>Other terms</p>"}),
            lambda: clause.update_field_translations("title", {"zh_CN": "改"}),
            lambda: clause.unlink(),
            lambda: clause.create({"template_id": template.id, "title": "New"}),
        ):
            with self.assertRaisesRegex(UserError, "clauses can no longer change"):
                change()
        # a new text is a new template
        copy = template.copy()
        copy.clause_ids[:1].write({"title": "New terms"})
        self.assertEqual(copy.clause_ids[:1].title, "New terms")

    def test_cancel_engagement_cancels_open_children(self):
        proposal = self._proposal()
        contract = self._contract()
        self.engagement.action_cancel()
        self.assertEqual(self.engagement.state, "cancelled")
        self.assertEqual(proposal.state, "cancelled")
        self.assertEqual(contract.state, "cancelled")
        self.assertTrue(proposal.exists() and contract.exists())
        with self.assertRaises(UserError):
            self.engagement.action_cancel()

    def test_event_that_does_not_apply_leaves_the_state(self):
        engagement = self.engagement
        self._approved_proposal().action_present()
        engagement.proposal_ids.action_accept()
        self.assertEqual(engagement.state, "contracting")
        Event = self.env["advisory.stage.event"]
        own_events = [
            ("res_model", "=", engagement._name),
            ("res_id", "=", engagement.id),
        ]
        events = Event.search_count(own_events)
        # a new proposal version, a survey answer or a closed project come too early
        # (or too late) for a contracting engagement: it stays where it is
        self._proposal()
        for event in ("proposal_created", "survey_answered", "project_closed"):
            self.assertFalse(engagement._advisory_event(event), event)
        self.assertEqual(engagement.state, "contracting")
        self.assertEqual(Event.search_count(own_events), events)
        # the buttons refuse the moves the table does not list
        with self.assertRaisesRegex(UserError, "cannot be marked as done"):
            engagement.action_done()
        with self.assertRaisesRegex(UserError, "cannot start the needs analysis"):
            engagement.action_start_needs_analysis()
        self.assertEqual(engagement.state, "contracting")


class TestEngagementAccess(EngagementCase):
    def test_other_advisor_cannot_read(self):
        proposal = self._proposal()
        contract = self._contract()
        for record in (self.engagement, proposal, contract):
            with self.subTest(model=record._name), self.assertRaises(AccessError):
                record.with_user(self.advisor_b).read(["state"])
        self.assertFalse(
            self.env["advisory.contract"]
            .with_user(self.advisor_b)
            .search([("id", "=", contract.id)])
        )
        # reviewers and managers read every contract of their company
        for user in (self.legal, self.executive, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.env["advisory.contract"]
                    .with_user(user)
                    .search([("id", "=", contract.id)]),
                    contract,
                )

    def test_advisor_writes_the_project_of_her_engagement(self):
        """An advisor writes the project of her engagement as any addon would (an
        ordinary field), not its settings; nor the projects of other clients'
        engagements or the projects without engagement."""
        project = self._signed_contract().engagement_id.project_id
        project.with_user(self.advisor_a).write(
            {"description": "<p>Kick-off with the CFO on Monday</p>"}
        )
        self.assertIn("Kick-off with the CFO", project.description)
        with self.assertRaisesRegex(AccessError, "Project Manager"):
            project.with_user(self.advisor_a).write({"user_id": self.advisor_b.id})
        # engagement projects are for invited users: not opened to the portal
        with self.assertRaisesRegex(AccessError, "Visibility"):
            project.with_user(self.manager).write({"privacy_visibility": "portal"})
        self.assertEqual(project.user_id, self.advisor_a)
        with self.assertRaises(AccessError):
            project.with_user(self.advisor_b).write({"description": "<p>Mine</p>"})
        office = self.env["project.project"].create(
            {"name": "Office move", "alias_name": "office-move"}
        )
        with self.assertRaises(AccessError):
            office.with_user(self.advisor_a).write({"description": "<p>Boxes</p>"})
        self.assertFalse(office.description)
        # nor its mail alias (Odoo writes those fields with sudo): the mails sent
        # to it do not become tasks of her project
        with self.assertRaises(AccessError):
            office.with_user(self.advisor_a).write(
                {"alias_defaults": f"{{'project_id': {project.id}}}"}
            )
        with self.assertRaisesRegex(AccessError, "Default Values"):
            project.with_user(self.advisor_a).write(
                {"alias_defaults": f"{{'project_id': {office.id}}}"}
            )
        self.assertNotIn(str(project.id), office.alias_defaults or "")
        # project managers change the settings, and give them as defaults
        project_manager = new_test_user(
            self.env,
            login="adv_project_manager",
            groups="base.group_user,project.group_project_manager",
        )
        project.with_user(project_manager).write({"user_id": self.advisor_b.id})
        self.assertEqual(project.user_id, self.advisor_b)
        audit = (
            self.env["project.project"]
            .with_user(project_manager)
            .with_context(default_partner_id=self.client_a.id)
            .create({"name": "Audit"})
        )
        self.assertEqual(audit.partner_id, self.client_a)

    def test_kanban_query_count_does_not_grow(self):
        Engagement = self.env["advisory.engagement"]
        fields_spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "relationship_manager_id": {"fields": {"display_name": {}}},
            "state": {},
            "value": {},
            "proposal_count": {},
            "contract_count": {},
            "activity_ids": {"fields": {}},
        }

        def make(count):
            partners = self.env["res.partner"].create(
                [
                    {
                        "name": f"K{count}-{i}",
                        "is_advisory_client": True,
                        "relationship_manager_id": self.advisor_a.id,
                    }
                    for i in range(count)
                ]
            )
            return Engagement.create(
                [
                    {"partner_id": p.id, "relationship_manager_id": self.advisor_a.id}
                    for p in partners
                ]
            )

        def count_queries(records):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            Engagement.with_user(self.manager).web_search_read(
                [("id", "in", records.ids)], fields_spec, limit=80
            )
            return self.cr.sql_log_count - start

        count_queries(make(3))  # warm-up
        q10 = count_queries(make(10))
        q50 = count_queries(make(50))
        self.assertEqual(q10, q50)
        # and within a fixed budget (6 measured when written)
        records = make(50)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            Engagement.with_user(self.manager).web_search_read(
                [("id", "in", records.ids)], fields_spec, limit=80
            )


class TestContractLifecycle(EngagementCase):
    def test_client_churns_after_last_contract_without_renewal(self):
        contract = self._signed_contract()
        Partner = self.env["res.partner"]
        self.assertEqual(self.client_a.lifecycle_state, "active")
        with freeze_time("2027-01-05"):
            self.env["advisory.contract"]._cron_expire_contracts()
            Partner._cron_update_lifecycle()
        self.assertEqual(contract.state, "expired")
        self.assertNotEqual(self.client_a.lifecycle_state, "churned")
        with freeze_time("2028-01-05"):  # 370 days after the end (setting: 365)
            Partner._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "churned")
        self.assertIn("without renewal", self.client_a.churn_reason)

    def test_renewed_client_does_not_churn(self):
        contract = self._signed_contract()
        with freeze_time("2026-12-20"):
            renewal = self.env["advisory.contract"].browse(
                contract.action_renew()["res_id"]
            )
        renewal.action_submit()
        renewal.with_user(self.legal).validate_tier()
        renewal.write({"signed_date": date(2026, 12, 28), "signer_name": "Li Wei"})
        renewal.action_sign()
        renewal.action_activate()
        with freeze_time("2027-12-20"):
            self.env["advisory.contract"]._cron_expire_contracts()
            self.env["res.partner"]._cron_update_lifecycle()
        self.assertEqual(contract.state, "expired")
        self.assertEqual(self.client_a.lifecycle_state, "active")

    def test_prospect_with_signed_contract_becomes_active_by_cron(self):
        self._signed_contract()
        # a client set back to prospect by hand with a signed contract: the cron
        # makes it active again
        self.client_a.write({"churn_reason": "test"})
        self.client_a.action_lifecycle_churn()
        self.client_a.action_lifecycle_reactivate()
        self.assertEqual(self.client_a.lifecycle_state, "prospect")
        with freeze_time("2026-03-01"):
            self.env["res.partner"]._cron_update_lifecycle()
        self.assertEqual(self.client_a.lifecycle_state, "active")
