"""Demo engagements, driven through their real actions.

Demo only: :meth:`AdvisoryEngagement._demo_create_engagements` is called once, from
``demo/advisory_engagement_demo.xml``, when the addon is installed with demo data.
Nothing else calls it.

The statuses of engagements, proposals and contracts change through their actions
only (``advisory.state.mixin``) and the reviews are validated by their reviewers, so
the demo cannot write them in XML: this method creates the records and runs the
actions as the demo users (advisor, manager, legal reviewer, executive), with dates
relative to the day of the installation. Where an action stamps today's date (a
proposal presented, a contract terminated, a project closed) the stamp is moved
back to the day the story puts it on; statuses are never written.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

MODULE = "advisory_client_mgmt"


class AdvisoryEngagement(models.Model):
    _inherit = "advisory.engagement"

    @api.model
    def _demo_create_engagements(self):
        """Create the demo engagements of the demo clients, one or more in every
        status, with their proposals, contracts and projects; register xml ids for
        the key records (``advisory_client_mgmt.demo_engagement_execution``, ...).

        Demo only (see the module docstring). Runs once: does nothing when its
        records exist.
        """
        if self.env.ref(
            f"{MODULE}.demo_engagement_execution", raise_if_not_found=False
        ):
            return False
        demo = _DemoBuilder(self.env)
        xmlids = {}
        for step in (
            demo.engagement_draft,
            demo.engagement_needs_analysis,
            demo.engagement_proposal_to_review,
            demo.engagement_proposal_presented,
            demo.engagement_proposal_approved,
            demo.engagement_contracting_legal,
            demo.engagement_contracting_executive,
            demo.engagement_contracting_approved,
            demo.engagement_execution,
            demo.engagement_execution_renewal,
            demo.engagement_closing,
            demo.engagement_done,
            demo.engagement_cancelled,
        ):
            xmlids.update(step())
        self.env["ir.model.data"]._update_xmlids(
            [
                {"xml_id": f"{MODULE}.{name}", "record": record, "noupdate": True}
                for name, record in xmlids.items()
            ]
        )
        return True


class _DemoBuilder:
    """The demo stories, one method per engagement; each returns the records to
    register as ``{xml id name: record}``."""

    def __init__(self, env):
        self.env = env
        self.today = fields.Date.context_today(env["advisory.engagement"])
        self.manager = env.ref(f"{MODULE}.user_advisory_manager")
        self.legal = env.ref(f"{MODULE}.user_advisory_legal")
        self.executive = env.ref(f"{MODULE}.user_advisory_executive")
        self.advisor = env.ref("base.user_demo")
        self.admin = env.ref("base.user_admin")
        self.template = env.ref(f"{MODULE}.contract_template_standard")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def date(self, **delta):
        return self.today + relativedelta(**delta)

    def ref(self, name):
        return self.env.ref(name if "." in name else f"{MODULE}.{name}")

    def service_lines(self, *names):
        return [Command.set([self.ref(f"service_line_{name}").id for name in names])]

    def backdate(self, records, **values):
        """Move the dates an action stamped with today to the day of the story
        (dates only, never a status)."""
        # sudo: demo only; these dates are read-only for users (set by the actions)
        records.sudo().write(values)

    def new_engagement(self, client, user, date_start, service_lines, team=None):
        """An engagement of the demo client ``client`` (xml id), created by
        ``user``, with the client's relationship manager."""
        client = self.ref(client)
        return (
            self.env["advisory.engagement"]
            .with_user(user)
            .create(
                {
                    "partner_id": client.id,
                    "relationship_manager_id": client.relationship_manager_id.id,
                    "team_ids": [Command.set(team.ids if team else [])],
                    "service_line_ids": service_lines,
                    "date_start": date_start,
                }
            )
        )

    def engagement_from_lead(self, lead, date_start, team=None):
        """The engagement made from the opportunity by its salesperson (in needs
        analysis)."""
        lead = self.ref(lead)
        lead.with_user(lead.user_id).action_create_engagement()
        engagement = lead.engagement_ids.filtered(
            lambda engagement: engagement.state == "needs_analysis"
        ).with_user(lead.user_id)
        values = {"date_start": date_start}
        if team:
            values["team_ids"] = [Command.set(team.ids)]
        engagement.write(values)
        return engagement

    def proposal(self, engagement, author, fee, texts, approve=True):
        """A proposal written by ``author``, submitted, and approved by the advisory
        manager when ``approve``."""
        proposal = (
            self.env["advisory.proposal"]
            .with_user(author)
            .create(
                {
                    "engagement_id": engagement.id,
                    "fee_estimate": fee,
                    "summary": texts["summary"],
                    "recommendations": texts["recommendations"],
                    "expected_outcomes": texts["outcomes"],
                    "risk_disclosure": texts["risks"],
                }
            )
        )
        proposal.action_submit()
        if approve:
            proposal.with_user(self.manager).validate_tier()
        return proposal

    def present(self, proposal, presented, decided=None, accept=True):
        """Present the proposal to the client, then record the client's decision
        (accept or reject) when ``decided`` is given."""
        proposal.action_present()
        dates = {"presented_date": presented}
        if decided:
            (proposal.action_accept if accept else proposal.action_reject)()
            dates["decision_date"] = decided
        self.backdate(proposal, **dates)
        return proposal

    def contract(self, engagement, author, amount, fee_type, start, end, payments):
        """A contract of the standard template; ``payments``: ``[(date_due, amount,
        note)]``."""
        accepted = engagement.proposal_ids.filtered(
            lambda proposal: proposal.state == "accepted"
        )
        return (
            self.env["advisory.contract"]
            .with_user(author)
            .create(
                {
                    "engagement_id": engagement.id,
                    "template_id": self.template.id,
                    "fee_type": fee_type,
                    "amount": amount,
                    "scope": accepted.summary,
                    "date_start": start,
                    "date_end": end,
                    "payment_line_ids": [
                        Command.create(
                            {
                                "sequence": sequence,
                                "date_due": date_due,
                                "amount": line_amount,
                                "note": note,
                            }
                        )
                        for sequence, (date_due, line_amount, note) in enumerate(
                            payments, start=1
                        )
                    ],
                }
            )
        )

    def approve_contract(self, contract, reviewers):
        """Submit the contract (as its author) and have ``reviewers`` validate their
        tiers, in order."""
        contract.action_submit()
        for reviewer in reviewers:
            contract.with_user(reviewer).validate_tier()

    def sign(self, contract, signed_date, activate=True):
        """The relationship manager records the client's signature and signs; the
        project is created."""
        manager = contract.engagement_id.relationship_manager_id
        contract = contract.with_user(manager)
        contract.write(
            {
                "signed_date": signed_date,
                "signer_name": contract.partner_id.legal_representative,
            }
        )
        contract.action_sign()
        if activate:
            contract.action_activate()
        return contract.engagement_id.project_id

    def plan_project(self, project, user, objectives, kpis, risks, milestones):
        """Fill the Advisory page of the project as ``user``: ``kpis`` as ``(name,
        target, actual, unit)``, ``risks`` as ``(description, category, probability,
        impact, status, mitigation)``, ``milestones`` as ``(name, deadline, reached
        on or None)``."""
        project.with_user(user).write(
            {
                "advisory_objectives": objectives,
                "advisory_kpi_ids": [
                    Command.create(
                        {
                            "sequence": sequence,
                            "name": name,
                            "target": target,
                            "actual": actual,
                            "unit": unit,
                        }
                    )
                    for sequence, (name, target, actual, unit) in enumerate(
                        kpis, start=1
                    )
                ],
                "advisory_risk_ids": [
                    Command.create(
                        {
                            "description": description,
                            "category": category,
                            "probability": probability,
                            "impact": impact,
                            "status": status,
                            "mitigation": mitigation,
                            "owner_id": user.id,
                            "review_date": self.date(days=30)
                            if status == "open"
                            else False,
                        }
                    )
                    for (
                        description,
                        category,
                        probability,
                        impact,
                        status,
                        mitigation,
                    ) in risks
                ],
                "milestone_ids": [
                    Command.create(
                        {
                            "name": name,
                            "deadline": deadline,
                            "is_reached": bool(reached),
                        }
                    )
                    for name, deadline, reached in milestones
                ],
            }
        )
        for name, _deadline, reached in milestones:
            if reached:
                self.backdate(
                    project.milestone_ids.filtered(
                        lambda milestone, name=name: milestone.name == name
                    ),
                    reached_date=reached,
                )

    def publish_update(self, project, user, published_on, name, status, progress, text):
        """A progress update of the project written by ``user`` and published to
        the client on ``published_on``."""
        update = (
            self.env["project.update"]
            .with_user(user)
            .create(
                {
                    "project_id": project.id,
                    "name": name,
                    "status": status,
                    "progress": progress,
                    "description": text,
                    "date": published_on,
                }
            )
        )
        update.action_advisory_publish()
        self.backdate(update, advisory_published_date=published_on)
        return update

    def reach_milestones(self, project, user, reached_on):
        """Mark the open milestones of the project reached (those created with the
        project, one per service line)."""
        milestones = project.milestone_ids.filtered(
            lambda milestone: not milestone.is_reached
        )
        project.with_user(user).write(
            {
                "milestone_ids": [
                    Command.update(milestone.id, {"is_reached": True})
                    for milestone in milestones
                ]
            }
        )
        self.backdate(milestones, reached_date=reached_on)

    def close_project(self, project, user, score, summary, closed_on, reason=None):
        """The closing evaluation and the closing of the project, by ``user``."""
        project = project.with_user(user)
        values = {
            "advisory_evaluation_score": score,
            "advisory_evaluation_summary": summary,
        }
        if reason:
            values["advisory_milestone_justification"] = reason
        project.write(values)
        project.action_advisory_close()
        self.backdate(project, advisory_closed_date=closed_on)

    # ------------------------------------------------------------------
    # The stories, one per engagement
    # ------------------------------------------------------------------

    def engagement_draft(self):
        """Pacific Crest (prospect): a new engagement, not started yet."""
        engagement = self.new_engagement(
            "demo_client_pacific_crest",
            self.admin,
            self.date(days=-3),
            self.service_lines("financing", "investment_planning"),
        )
        return {"demo_engagement_draft": engagement}

    def engagement_needs_analysis(self):
        """Ruikang (prospect): the pre-IPO opportunity became an engagement; the
        needs analysis is under way."""
        engagement = self.engagement_from_lead(
            "demo_lead_ruikang_pre_ipo", self.date(days=-12)
        )
        return {"demo_engagement_needs_analysis": engagement}

    def engagement_proposal_to_review(self):
        """Yunlian: the Series C proposal waits for the manager's review."""
        engagement = self.engagement_from_lead(
            "demo_lead_yunlian_series_c", self.date(days=-35)
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            280_000,
            {
                "summary": "<p>Yunlian burns about 1 M USD a month and has 14 months "
                "of runway. We propose to prepare and run its Series C round and to "
                "cut the cash burn before the investor roadshow.</p>",
                "recommendations": "<ul><li>13-week cash-flow forecast and a cost "
                "programme of 20% on non-R&amp;D spend.</li><li>Equity story, data "
                "room and a long list of 40 growth investors.</li></ul>",
                "outcomes": "<p>A Series C of 60 M USD closed within 6 months; "
                "break-even within 24 months.</p>",
                "risks": "<p>Valuation and timing depend on the market for "
                "technology listings; the round may close smaller or later than "
                "planned. Cost cuts may slow the product roadmap.</p>",
            },
            approve=False,
        )
        return {
            "demo_engagement_proposal_to_review": engagement,
            "demo_proposal_to_review": proposal,
        }

    def engagement_proposal_presented(self):
        """Lanfeng: version 1 of the project-finance proposal was rejected by the
        client (fee and scope); version 2 was approved and presented, the client
        has not decided yet."""
        engagement = self.engagement_from_lead(
            "demo_lead_lanfeng_project_finance", self.date(days=-80)
        )
        rejected = self.proposal(
            engagement,
            self.advisor,
            1_050_000,
            {
                "summary": "<p>Non-recourse project finance for the 200 MW "
                "solar-plus-storage plant in Anhui, refinancing of the short-term "
                "bank loans and an interest-rate hedging programme.</p>",
                "recommendations": "<ul><li>Lender tender among 6 banks and 2 "
                "policy lenders.</li><li>Swap 70% of the facility to a fixed "
                "rate.</li><li>Refinance 120 M USD of short-term loans.</li></ul>",
                "outcomes": "<p>Financial close within 9 months at a margin below "
                "180 bp.</p>",
                "risks": "<p>Grid-connection delays and curtailment may reduce the "
                "debt the lenders accept; hedging costs rise with interest-rate "
                "volatility.</p>",
            },
        )
        self.present(rejected, self.date(days=-45), self.date(days=-30), accept=False)
        action = rejected.with_user(self.advisor).action_new_version()
        presented = self.env["advisory.proposal"].browse(action["res_id"])
        presented.with_user(self.advisor).write(
            {
                "fee_estimate": 880_000,
                "recommendations": "<ul><li>Lender tender among 6 banks and 2 "
                "policy lenders.</li><li>Hedging left to the client's treasury, "
                "with our review of the term sheet.</li><li>Refinancing of the "
                "short-term loans as a separate mandate.</li></ul>",
            }
        )
        presented.with_user(self.advisor).action_submit()
        presented.with_user(self.manager).validate_tier()
        self.present(presented, self.date(days=-6))
        return {
            "demo_engagement_proposal_presented": engagement,
            "demo_proposal_rejected": rejected,
            "demo_proposal_presented": presented,
        }

    def engagement_proposal_approved(self):
        """Kaida: a foreign-exchange risk proposal approved by the manager, to be
        presented to the client."""
        engagement = self.new_engagement(
            "demo_client_kaida",
            self.advisor,
            self.date(days=-21),
            self.service_lines("risk_management"),
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            150_000,
            {
                "summary": "<p>Kaida invoices 40% of its freight in USD and EUR "
                "with costs in CNY. We propose an FX risk policy and a hedging "
                "programme for its cross-border contracts.</p>",
                "recommendations": "<ul><li>Hedge 50 to 80% of the confirmed "
                "exposure 6 months ahead with forwards.</li><li>Monthly exposure "
                "report to the CFO.</li></ul>",
                "outcomes": "<p>Margin volatility from FX halved within a year.</p>",
                "risks": "<p>Hedging locks rates: favourable moves are given up; "
                "forwards need bank credit lines.</p>",
            },
        )
        return {
            "demo_engagement_proposal_approved": engagement,
            "demo_proposal_approved": proposal,
        }

    def engagement_contracting_legal(self):
        """Hengtai: phase II financing accepted; the contract waits for the legal
        review."""
        engagement = self.engagement_from_lead(
            "demo_lead_hengtai_expansion", self.date(days=-60), team=self.advisor
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            480_000,
            {
                "summary": "<p>Financing of phase II of the Suzhou smart factory "
                "(CNC and automated assembly lines, 120 M USD) with the debt ratio "
                "kept under 50%, and the use of the high-tech enterprise tax "
                "incentives.</p>",
                "recommendations": "<ul><li>Equipment leasing for 60% of the "
                "lines.</li><li>A 5-year green loan for the rest.</li><li>Claim the "
                "R&amp;D super-deduction on the automation software.</li></ul>",
                "outcomes": "<p>Financing in place before the equipment orders; "
                "debt ratio at 47% at the end of the year.</p>",
                "risks": "<p>Leasing rates and bank appetite may change before "
                "signing; tax incentives depend on keeping the high-tech "
                "status.</p>",
            },
        )
        self.present(proposal, self.date(days=-35), self.date(days=-25))
        contract = self.contract(
            engagement,
            self.advisor,
            480_000,
            "fixed",
            self.date(days=10),
            self.date(months=8),
            [
                (self.date(days=10), 144_000, "Upon signature (30%)"),
                (self.date(months=4), 192_000, "Financing term sheets (40%)"),
                (self.date(months=8), 144_000, "Financial close (30%)"),
            ],
        )
        contract.action_submit()
        return {
            "demo_engagement_contracting_legal": engagement,
            "demo_contract_to_approve_legal": contract,
        }

    def engagement_contracting_executive(self):
        """Jinqiao: a debt restructuring mandate above the executive threshold;
        legal reviewed it, the executive has not approved it yet."""
        engagement = self.new_engagement(
            "demo_client_jinqiao",
            self.manager,
            self.date(days=-50),
            self.service_lines("financing", "financial_optimization"),
            team=self.advisor,
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            1_600_000,
            {
                "summary": "<p>Jinqiao's short-term debt exceeds its current assets "
                "and receivables from public projects are slow. We propose to "
                "restructure its bank debt into a 5-year syndicated loan and to "
                "set up a receivables financing programme.</p>",
                "recommendations": "<ul><li>Syndicated loan of 300 M USD led by two "
                "state-owned banks.</li><li>Non-recourse factoring of receivables "
                "from provincial projects.</li></ul>",
                "outcomes": "<p>Current ratio above 1.2 and operating cash flow "
                "positive over 12 months.</p>",
                "risks": "<p>The banks may ask for guarantees from the shareholders; "
                "a downgrade of the group would raise the margin or stop the "
                "syndication.</p>",
            },
        )
        self.present(proposal, self.date(days=-32), self.date(days=-20))
        contract = self.contract(
            engagement,
            self.advisor,
            1_600_000,
            "success_fee",
            self.date(days=7),
            self.date(days=6, months=12),
            [
                (self.date(days=7), 200_000, "Mandate fee on signature"),
                (self.date(months=10), 1_400_000, "Success fee at financial close"),
            ],
        )
        self.approve_contract(contract, self.legal)
        return {
            "demo_engagement_contracting_executive": engagement,
            "demo_contract_to_approve_executive": contract,
        }

    def engagement_contracting_approved(self):
        """Meridian: the hedging and trade-finance retainer passed its review; the
        client has not signed yet."""
        engagement = self.new_engagement(
            "demo_client_meridian",
            self.admin,
            self.date(days=-40),
            self.service_lines("risk_management", "financing"),
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            360_000,
            {
                "summary": "<p>A commodity price-risk policy for Meridian's palm oil "
                "and soybean books, and a borrowing-base trade finance facility "
                "to fund the larger positions.</p>",
                "recommendations": "<ul><li>Hedge ratios and stop-loss limits per "
                "book, approved by the board.</li><li>Borrowing-base facility of "
                "150 M USD with three trade-finance banks.</li></ul>",
                "outcomes": "<p>Facility signed within 4 months; mark-to-market "
                "losses within the board's limits.</p>",
                "risks": "<p>Hedges can be imperfect (basis risk); margin calls "
                "need liquidity at short notice.</p>",
            },
        )
        self.present(proposal, self.date(days=-22), self.date(days=-12))
        start = self.date(days=14)
        contract = self.contract(
            engagement,
            self.advisor,
            360_000,
            "retainer",
            start,
            start + relativedelta(months=12, days=-1),
            [
                (start + relativedelta(months=quarter * 3), 90_000, f"Quarter {n}")
                for n, quarter in enumerate(range(4), start=1)
            ],
        )
        self.approve_contract(contract, self.legal)
        return {
            "demo_engagement_contracting_approved": engagement,
            "demo_contract_approved": contract,
        }

    def engagement_execution(self):
        """Huaxin: a holding restructuring above the executive threshold, signed
        five months ago and under way."""
        engagement = self.new_engagement(
            "demo_client_huaxin",
            self.admin,
            self.date(months=-7),
            # the restructuring is financed by a bond whose use of funds the client
            # reports in the portal (advisory_fund_usage_demo)
            self.service_lines("tax_planning", "financial_optimization", "financing"),
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            1_200_000,
            {
                "summary": "<p>Simplify Huaxin's 14 holding entities into a "
                "two-tier structure and plan the tax on the dividend flows from "
                "the mainland subsidiaries.</p>",
                "recommendations": "<ul><li>Merge the dormant BVI entities into "
                "the Hong Kong holding.</li><li>Apply for a tax-residency "
                "certificate and the treaty rate on dividends.</li><li>Upstream "
                "dividends twice a year, netted against intra-group "
                "loans.</li></ul>",
                "outcomes": "<p>Six entities fewer and a tax saving of about 18 M "
                "USD a year on dividends.</p>",
                "risks": "<p>The tax authorities may challenge the substance of "
                "the Hong Kong holding; bank consents are needed for the share "
                "transfers.</p>",
            },
        )
        self.present(proposal, self.date(months=-6, days=-10), self.date(months=-6))
        start = self.date(months=-5)
        end = start + relativedelta(months=12, days=-1)
        contract = self.contract(
            engagement,
            self.advisor,
            1_200_000,
            "fixed",
            start,
            end,
            [
                (start, 360_000, "Upon signature (30%)"),
                (start + relativedelta(months=6), 480_000, "Tax ruling filed (40%)"),
                (end, 360_000, "Restructuring completed (30%)"),
            ],
        )
        self.approve_contract(contract, self.legal | self.executive)
        project = self.sign(contract, start - relativedelta(days=4))
        self.plan_project(
            project,
            self.admin,
            "<p>Reduce the group to a two-tier holding structure and secure the "
            "treaty rate on dividends from the mainland subsidiaries.</p>",
            [
                ("Holding entities removed", 6, 4, "entities"),
                ("Annual tax saving secured", 18, 11.5, "M USD"),
                ("Board workshops held", 4, 3, "workshops"),
            ],
            [
                (
                    "Tax authority challenges the substance of the Hong Kong holding",
                    "regulatory",
                    4,
                    5,
                    "open",
                    "Local directors, office lease and board meetings in Hong Kong; "
                    "advance ruling requested.",
                ),
                (
                    "Bank consents for the share transfers are late",
                    "operational",
                    3,
                    4,
                    "open",
                    "Consent requests sent to the four lenders with the steps plan.",
                ),
                (
                    "FX loss on the repatriation of dividends",
                    "market",
                    3,
                    2,
                    "mitigated",
                    "CNH forwards for the two dividend dates.",
                ),
                (
                    "Client CFO leaves during the restructuring",
                    "operational",
                    1,
                    3,
                    "closed",
                    "Deputy CFO attends every steering meeting.",
                ),
            ],
            [
                (
                    "Group structure diagnostic delivered",
                    self.date(months=-4),
                    self.date(months=-4, days=-3),
                ),
                (
                    "Tax ruling application filed",
                    self.date(months=-1),
                    self.date(months=-1, days=2),
                ),
                ("Restructuring steps executed", self.date(months=4), None),
            ],
        )
        # the board workshops are the firm's own measure of the work
        project.advisory_kpi_ids.filtered(
            lambda kpi: kpi.name == "Board workshops held"
        ).internal = True
        self.publish_update(
            project,
            self.admin,
            self.date(months=-2),
            "Diagnostic delivered, tax ruling in preparation",
            "on_track",
            35,
            "<p>The group structure diagnostic was presented to the board: six "
            "entities can go. The application for the tax ruling is being drafted "
            "with your tax team.</p>",
        )
        self.publish_update(
            project,
            self.admin,
            self.date(days=-10),
            "Tax ruling filed; bank consents pending",
            "at_risk",
            55,
            "<p>The tax ruling application was filed. Two of the four lenders have "
            "not yet consented to the share transfers: we meet them next week. The "
            "restructuring steps may start a month later than planned.</p>",
        )
        return {
            "demo_engagement_execution": engagement,
            "demo_proposal_accepted": proposal,
            "demo_contract_active": contract,
            "demo_project_execution": project,
        }

    def engagement_execution_renewal(self):
        """Hengtai: the treasury retainer ends next month and is renewed; the
        renewal is signed, it starts when the current contract ends."""
        engagement = self.new_engagement(
            "demo_client_hengtai",
            self.manager,
            self.date(months=-12),
            self.service_lines("financial_optimization", "investment_planning"),
            team=self.advisor,
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            240_000,
            {
                "summary": "<p>A treasury retainer: cash pooling across Hengtai's "
                "three plants and the investment of its idle cash.</p>",
                "recommendations": "<ul><li>Zero-balance cash pool at the main "
                "bank.</li><li>Laddered deposits and money-market funds for the "
                "cash above 90 days of needs.</li></ul>",
                "outcomes": "<p>90 days of cash on hand and 40 M USD of idle cash "
                "invested.</p>",
                "risks": "<p>Deposit yields fall with interest rates; concentration "
                "on few banks adds counterparty risk.</p>",
            },
        )
        self.present(proposal, self.date(days=-345), self.date(days=-335))
        start = self.date(months=-11)
        end = self.date(months=1, days=-1)
        contract = self.contract(
            engagement,
            self.advisor,
            240_000,
            "retainer",
            start,
            end,
            [
                (start + relativedelta(months=quarter * 3), 60_000, f"Quarter {n}")
                for n, quarter in enumerate(range(4), start=1)
            ],
        )
        self.approve_contract(contract, self.legal)
        project = self.sign(contract, start - relativedelta(days=3))
        self.plan_project(
            project,
            self.advisor,
            "<p>Centralise the cash of the three plants and invest the surplus "
            "without touching the liquidity the phase II works need.</p>",
            [
                ("Days of cash on hand", 90, 84, "days"),
                ("Idle cash invested", 40, 46, "M USD"),
            ],
            [
                (
                    "Counterparty concentration on two banks",
                    "credit",
                    2,
                    4,
                    "open",
                    "Limit of 40% of the invested cash per bank; a third bank "
                    "added to the ladder.",
                ),
                (
                    "Falling deposit yields",
                    "market",
                    3,
                    2,
                    "mitigated",
                    "Part of the ladder fixed for 18 months.",
                ),
            ],
            [
                (
                    "Cash pool live at the three plants",
                    self.date(months=-8),
                    self.date(months=-8, days=-5),
                ),
                (
                    "Investment policy approved by the board",
                    self.date(months=-6),
                    self.date(months=-6, days=-2),
                ),
            ],
        )
        action = contract.with_user(self.manager).action_renew()
        renewal = self.env["advisory.contract"].browse(action["res_id"])
        self.approve_contract(renewal.with_user(self.advisor), self.legal)
        self.sign(renewal, self.date(days=-4), activate=False)
        return {
            "demo_engagement_execution_renewal": engagement,
            "demo_contract_renewed": contract,
            "demo_contract_signed": renewal,
            "demo_project_treasury": project,
        }

    def engagement_closing(self):
        """Kaida: the inventory financing mandate was terminated when the client's
        main bank offered its own programme; the project is closed, the engagement
        waits for its closing survey."""
        engagement = self.new_engagement(
            "demo_client_kaida",
            self.advisor,
            self.date(months=-9),
            self.service_lines("financing"),
        )
        proposal = self.proposal(
            engagement,
            self.advisor,
            300_000,
            {
                "summary": "<p>An inventory financing programme for Kaida's "
                "bonded warehouses in Shenzhen and Qianhai.</p>",
                "recommendations": "<ul><li>Audit of the inventory data and "
                "collateral management by a third party.</li><li>Tender among "
                "three banks for a 120 M USD revolving facility.</li></ul>",
                "outcomes": "<p>Working capital freed for the peak season.</p>",
                "risks": "<p>Collateral values move with freight and commodity "
                "prices; the banks may cap the advance rate.</p>",
            },
        )
        self.present(
            proposal, self.date(months=-9, days=10), self.date(months=-8, days=-10)
        )
        start = self.date(months=-8)
        end = start + relativedelta(months=12, days=-1)
        contract = self.contract(
            engagement,
            self.advisor,
            300_000,
            "fixed",
            start,
            end,
            [
                (start, 100_000, "Upon signature"),
                (start + relativedelta(months=4), 100_000, "Bank tender launched"),
                (end, 100_000, "Facility signed"),
            ],
        )
        self.approve_contract(contract, self.legal)
        project = self.sign(contract, start - relativedelta(days=5))
        self.plan_project(
            project,
            self.advisor,
            "<p>Fund the peak-season inventory with a revolving facility secured "
            "on the bonded stock.</p>",
            [
                ("Inventory financed", 120, 45, "M USD"),
                ("Banks in the tender", 3, 3, "banks"),
            ],
            [
                (
                    "Collateral value of the inventory falls",
                    "credit",
                    3,
                    4,
                    "closed",
                    "Weekly collateral report and a 70% advance rate.",
                ),
                (
                    "Client's main bank bypasses the mandate",
                    "other",
                    2,
                    3,
                    "closed",
                    "Occurred: mandate terminated by mutual agreement.",
                ),
            ],
            [
                (
                    "Inventory data audit",
                    self.date(months=-6),
                    self.date(months=-6, days=-4),
                ),
                ("Bank tender launched", self.date(months=-4), self.date(months=-4)),
            ],
        )
        contract = contract.with_user(self.advisor)
        contract.write(
            {
                "terminate_reason": "The client's main bank offered a direct "
                "supply-chain finance programme on better terms; the mandate ends "
                "by mutual agreement after the bank tender, fees due for the work "
                "done."
            }
        )
        contract.action_terminate()
        self.backdate(contract, terminated_date=self.date(days=-35))
        self.close_project(
            project,
            self.advisor,
            "3",
            "Data audit and tender delivered on time; the facility was not signed "
            "because the client took its bank's own programme. The client valued "
            "the audit, which the bank reused.",
            self.date(days=-21),
            reason="Facility milestone not reached: the mandate was terminated by "
            "mutual agreement before the facility was signed.",
        )
        return {
            "demo_engagement_closing": engagement,
            "demo_contract_terminated": contract,
            "demo_project_closing": project,
        }

    def engagement_done(self):
        """Nordwerk (churned): a one-year retainer that expired without renewal;
        the project was closed with an excellent evaluation and the engagement is
        done."""
        engagement = self.new_engagement(
            "demo_client_nordwerk",
            self.manager,
            self.date(months=-27),
            self.service_lines("financing", "risk_management"),
        )
        proposal = self.proposal(
            engagement,
            self.admin,
            180_000,
            {
                "summary": "<p>A one-year financing and treasury retainer: "
                "renegotiation of Nordwerk's bank lines and an interest-rate "
                "risk policy.</p>",
                "recommendations": "<ul><li>Renegotiate the four bilateral lines "
                "into a club deal.</li><li>Hedge half of the floating-rate "
                "debt.</li></ul>",
                "outcomes": "<p>Financing cost 50 bp lower and covenants aligned.</p>",
                "risks": "<p>Bank appetite for mid-sized industrials may change; "
                "swaps have a mark-to-market exposure.</p>",
            },
        )
        self.present(
            proposal, self.date(months=-27, days=10), self.date(months=-27, days=20)
        )
        start = self.date(months=-26)
        end = start + relativedelta(months=12, days=-1)
        contract = self.contract(
            engagement,
            self.admin,
            180_000,
            "retainer",
            start,
            end,
            [
                (start + relativedelta(months=quarter * 3), 45_000, f"Quarter {n}")
                for n, quarter in enumerate(range(4), start=1)
            ],
        )
        self.approve_contract(contract, self.legal)
        project = self.sign(contract, start - relativedelta(days=5))
        self.plan_project(
            project,
            self.manager,
            "<p>Lower Nordwerk's financing cost and fix the interest-rate risk of "
            "its floating-rate debt.</p>",
            [
                ("Bank lines renegotiated", 4, 4, "lines"),
                ("Financing cost reduction", 50, 62, "bp"),
            ],
            [
                (
                    "Club deal banks ask for new covenants",
                    "credit",
                    2,
                    3,
                    "closed",
                    "Covenant package agreed before the term sheet.",
                ),
            ],
            [
                (
                    "Club deal signed",
                    start + relativedelta(months=5),
                    start + relativedelta(months=5),
                ),
                (
                    "Hedging policy approved",
                    start + relativedelta(months=7),
                    start + relativedelta(months=7, days=-6),
                ),
            ],
        )
        self.reach_milestones(project, self.manager, end - relativedelta(days=20))
        # the contract ended: what the nightly _cron_expire_contracts does to it
        # (without the cron's commits: this runs in the install transaction)
        contract.filtered_domain(contract._get_contract_expiry_domain())._write_state(
            "expired"
        )
        self.close_project(
            project,
            self.manager,
            "5",
            "All targets met or beaten: four lines merged into a club deal, "
            "financing cost 62 bp lower. The client's new parent took the treasury "
            "in-house afterwards.",
            end + relativedelta(days=20),
        )
        engagement.action_done()
        engagement.write({"date_end": end + relativedelta(days=20)})
        return {
            "demo_engagement_done": engagement,
            "demo_contract_expired": contract,
            "demo_project_done": project,
        }

    def engagement_cancelled(self):
        """Xinghe (dormant): the client postponed its development after the
        proposal was presented; the engagement was cancelled."""
        engagement = self.new_engagement(
            "demo_client_xinghe",
            self.admin,
            self.date(months=-4),
            self.service_lines("financing", "financial_optimization"),
        )
        proposal = self.proposal(
            engagement,
            self.admin,
            650_000,
            {
                "summary": "<p>Refinancing of the Riverside development in Wuhan: "
                "extension of the construction loans and a pre-sale escrow "
                "structure.</p>",
                "recommendations": "<ul><li>Extend the construction loans by 24 "
                "months.</li><li>Escrow of pre-sale proceeds to secure the "
                "lenders.</li></ul>",
                "outcomes": "<p>No maturity before the completion of phase one.</p>",
                "risks": "<p>Pre-sales may stay weak; lenders may ask for more "
                "equity.</p>",
            },
        )
        self.present(proposal, self.date(months=-3))
        engagement = engagement.with_user(self.admin)
        engagement.message_post(
            body=self.env._(
                "The client postponed the Riverside development after the land-use "
                "review; the mandate is cancelled, to be revisited next year."
            )
        )
        engagement.action_cancel()
        return {"demo_engagement_cancelled": engagement}


class AdvisoryClientDocument(models.Model):
    _inherit = "advisory.client.document"

    @api.model
    def _demo_create_documents(self):
        """Demo only: the files of three demo clients, one complete, one incomplete
        (a licence waiting for verification, the rest missing), one whose licence
        expires within 30 days. Uploaded by the client's relationship manager and
        verified by another manager, through the documents' actions."""
        if self.search_count([], limit=1):
            return False
        clients = self.env["res.partner"].search(
            [
                ("is_advisory_client", "=", True),
                ("relationship_manager_id", "!=", False),
            ],
            order="id",
            limit=3,
        )
        managers = self.env.ref(f"{MODULE}.user_advisory_manager") | self.env.ref(
            "base.user_admin"
        )
        today = fields.Date.context_today(self)
        pdf = b"%PDF-1.4\n% demo scan\n"
        for index, client in enumerate(clients):
            rm = client.relationship_manager_id
            verifier = (managers - rm)[:1]
            required = client.document_missing_type_ids
            if index == 1:
                required = required[:1]  # the incomplete file: one document only
            for doc_type in required:
                attachment = (
                    self.env["ir.attachment"]
                    .with_user(rm)
                    .create({"name": f"{doc_type.name}.pdf", "raw": pdf})
                )
                # the expiring file: issued so that it expires in 10 days
                issued = (
                    today - relativedelta(months=doc_type.validity_months, days=-10)
                    if index == 2
                    else today - relativedelta(months=1)
                )
                document = self.with_user(rm).create(
                    {
                        "partner_id": client.id,
                        "type_id": doc_type.id,
                        "company_id": (client.company_id or self.env.company).id,
                        "issue_date": issued,
                        "attachment_ids": [Command.set(attachment.ids)],
                    }
                )
                if index != 1:
                    document.with_user(verifier).action_verify()
        return True
