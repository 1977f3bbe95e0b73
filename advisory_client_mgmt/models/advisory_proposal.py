from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from .advisory_portal_sign_mixin import STAFF

PROPOSAL_STATES = [
    ("draft", "Draft"),
    ("to_review", "Under Review"),
    ("approved", "Approved"),
    ("presented", "Presented"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]


class AdvisoryProposal(models.Model):
    _name = "advisory.proposal"
    _advisory_stage_tracked = True  # advisory.stage.event
    _description = "Advisory Proposal"
    _inherit = "advisory.engagement.document.mixin"
    _order = "id desc"
    _check_company_auto = True

    # lists: tier.validation concatenates them with lists
    _state_from = ["to_review"]  # noqa: RUF012
    _state_to = ["approved"]  # noqa: RUF012

    name = fields.Char(
        compute="_compute_name", store=True, index="trigram", protected=True
    )
    # the proposals go with their engagement (a contract keeps it: restrict)
    engagement_id = fields.Many2one(ondelete="cascade")
    version = fields.Integer(
        readonly=True,
        copy=False,
        default=1,
        help="1, 2, ... per engagement; given when the proposal is created.",
    )
    previous_version_id = fields.Many2one(
        "advisory.proposal",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    service_line_ids = fields.Many2many(
        "advisory.service.line",
        "advisory_proposal_service_line_rel",
        "proposal_id",
        "service_line_id",
        string="Service Lines",
        groups=STAFF,
        compute="_compute_service_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    summary = fields.Html(help="The client's situation and what the firm proposes.")
    recommendations = fields.Html()
    expected_outcomes = fields.Html()
    risk_disclosure = fields.Html(
        help="Risks of the recommendations for the client; required before review."
    )
    fee_estimate = fields.Monetary(tracking=True)
    presented_date = fields.Date(
        readonly=True, copy=False, tracking=True, protected=True
    )
    decision_date = fields.Date(
        readonly=True, copy=False, tracking=True, protected=True
    )
    state = fields.Selection(
        PROPOSAL_STATES,
        string="Status",
        group_expand=True,  # kanban columns in the workflow's order, empty ones too
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="draft",
        protected=True,
    )
    decline_reason = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        protected=True,
        help="Why the client declined the proposal in the portal.",
    )

    _sql_constraints = (
        (
            "engagement_version_uniq",
            "unique(engagement_id, version)",
            "An engagement has one proposal per version.",
        ),
    )

    @api.depends("engagement_id.name", "version")
    def _compute_name(self):
        for proposal in self:
            proposal.name = (
                f"{proposal.engagement_id.name} v{proposal.version}"
                if proposal.engagement_id
                else False
            )

    @api.depends("engagement_id")
    def _compute_service_line_ids(self):
        for proposal in self:
            if not proposal.service_line_ids:
                proposal.service_line_ids = proposal.engagement_id.service_line_ids

    def _compute_access_url(self):
        super()._compute_access_url()
        for proposal in self:
            proposal.access_url = f"/my/proposals/{proposal.id}"

    @api.constrains("fee_estimate")
    def _check_fee_estimate(self):
        for proposal in self:
            if proposal.fee_estimate < 0:
                raise ValidationError(
                    self.env._(
                        "The fee estimate of proposal %(proposal)s cannot be negative.",
                        proposal=proposal.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        default_engagement = self.env.context.get("default_engagement_id")
        engagement_ids = [
            vals.get("engagement_id") or default_engagement for vals in vals_list
        ]
        engagements = self.env["advisory.engagement"].browse(
            {eid for eid in engagement_ids if eid}
        )
        engagements._check_open(self.env._("create a proposal"))
        engagements._lock_for_new_version()
        # sudo: versions count every proposal of the engagement, also those of
        # another company the user does not see
        last_versions = defaultdict(
            int,
            {
                engagement.id: version
                for engagement, version in self.sudo()._read_group(
                    [("engagement_id", "in", engagements.ids)],
                    ["engagement_id"],
                    ["version:max"],
                )
            },
        )
        for vals, engagement_id in zip(vals_list, engagement_ids, strict=True):
            if engagement_id:
                last_versions[engagement_id] += 1
                vals["version"] = last_versions[engagement_id]
        proposals = super().create(vals_list)
        proposals.engagement_id._advisory_event("proposal_created")
        return proposals

    def _advisory_agreed_fee(self):
        """The fee the client agrees to when accepting the proposal (the value of
        the engagement, the contract's proposed amount)."""
        self.ensure_one()
        return self.fee_estimate

    @api.model
    def _frozen_states(self):
        # a change after the approval is a new version (action_new_version)
        return ("approved", "presented", "accepted", "rejected", "cancelled")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        for proposal in self:
            if proposal.state in ("presented", "accepted"):
                raise UserError(
                    self.env._(
                        "Proposal %(proposal)s was presented to the client: it cannot "
                        "be deleted.",
                        proposal=proposal.name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_present(self):
        self._check_can_present()
        self._do_present()
        return True

    def action_send_to_client(self):
        """Mail the presented proposal's link to the client's contacts again."""
        self._check_state_in(("presented",), self.env._("be sent to the client"))
        self._portal_send("advisory_client_mgmt.mail_template_proposal_presented")
        return True

    def action_accept(self):
        self._check_can_accept()
        self._do_accept()
        return True

    def action_reject(self):
        self._check_can_reject()
        self._do_reject()
        return True

    def action_new_version(self):
        self.ensure_one()
        self._check_can_new_version()
        proposal = self._do_new_version()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.advisory_proposal_action"
        )
        action.update(res_id=proposal.id, views=[(False, "form")], view_mode="form")
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_submit(self):
        super()._check_can_submit()
        self.partner_id._check_documents_complete(self.env._("submit a proposal"))
        for proposal in self:
            if is_html_empty(proposal.risk_disclosure):
                raise UserError(
                    self.env._(
                        "Fill in the risk disclosure of %(proposal)s before "
                        "submitting it.",
                        proposal=proposal.name,
                    )
                )

    def _check_can_present(self):
        self._check_state_in(("approved",), self.env._("be presented"))

    def _do_present(self):
        self._write_state("presented", presented_date=fields.Date.context_today(self))
        # the client decides in the portal, from the link of this mail
        self._portal_send("advisory_client_mgmt.mail_template_proposal_presented")

    def _check_can_accept(self):
        self._check_state_in(("presented",), self.env._("be accepted"))
        # sudo: one proposal is accepted per engagement, also one the user does
        # not see
        accepted = self.sudo().search(
            [
                ("engagement_id", "in", self.engagement_id.ids),
                ("state", "=", "accepted"),
            ]
        )
        for proposal in self:
            other = accepted.filtered(
                lambda other, proposal=proposal: other.engagement_id
                == proposal.engagement_id
            )[:1]
            if other:
                raise UserError(
                    self.env._(
                        "Proposal %(other)s of engagement %(engagement)s is already "
                        "accepted: %(proposal)s cannot be accepted too.",
                        other=other.name,
                        engagement=proposal.engagement_id.name,
                        proposal=proposal.name,
                    )
                )
        engagements = self.engagement_id
        if len(engagements) != len(self):
            raise UserError(
                self.env._(
                    "Accept one proposal per engagement: %(proposals)s belong to the "
                    "same engagement.",
                    proposals=", ".join(self.mapped("name")),
                )
            )
        engagements._check_open(self.env._("accept a proposal"))

    def _do_accept(self):
        self._write_state("accepted", decision_date=fields.Date.context_today(self))
        self.engagement_id._advisory_event("proposal_accepted")

    def _check_can_reject(self):
        self._check_state_in(("presented",), self.env._("be rejected"))

    def _do_reject(self):
        self._write_state("rejected", decision_date=fields.Date.context_today(self))

    def _check_can_cancel(self):
        self._check_state_in(
            ("draft", "to_review", "approved", "presented"), self.env._("be cancelled")
        )

    def _check_can_new_version(self):
        self._check_state_in(
            ("draft", "approved", "presented", "rejected"),
            self.env._("get a new version"),
        )
        self.engagement_id._check_open(self.env._("create a proposal"))

    def _do_new_version(self):
        """Copy of the proposal as a new draft version (the next version number of
        its engagement)."""
        self.ensure_one()
        return self.copy(
            {
                "previous_version_id": self.id,
                "service_line_ids": [Command.set(self.service_line_ids.ids)],
            }
        )

    # ------------------------------------------------------------------
    # The client's decision in the portal
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Proposal %(name)s", name=self.name)

    @api.model
    def _portal_visible_domain(self):
        """The proposals the client sees in the portal: those presented to her."""
        return [("presented_date", "!=", False)]

    def _portal_visible(self):
        self.ensure_one()
        return bool(self.presented_date)

    def _portal_newer_version(self):
        """The latest version of the proposal's engagement after this one that is
        not cancelled (the client decides on the latest version only)."""
        self.ensure_one()
        # sudo: the client reads the presented proposals only; a newer draft
        # makes this one stale all the same
        return (
            self.sudo()
            .search(
                [
                    ("engagement_id", "=", self.engagement_id.id),
                    ("version", ">", self.version),
                    ("state", "!=", "cancelled"),
                ],
                order="version desc",
                limit=1,
            )
            .with_env(self.env)
        )

    def _portal_stale_reason(self):
        """Why the client can no longer decide on the proposal in the portal (a
        sentence for its page), or None when she can."""
        self.ensure_one()
        newer = self._portal_newer_version()
        if newer:
            return self.env._(
                "This version of the proposal is replaced by version %(version)s: "
                "only the latest version can be accepted.",
                version=newer.version,
            )
        if self.state == "accepted":
            return self.env._("This proposal is accepted.")
        if self.state == "rejected":
            return self.env._("This proposal was declined.")
        if self.state == "cancelled":
            return self.env._(
                "This proposal was withdrawn: it can no longer be accepted."
            )
        if self.state != "presented":
            return self.env._("This proposal is not open for your decision.")
        if self.engagement_id.state in ("done", "cancelled"):
            return self.env._(
                "This engagement is closed: the proposal can no longer be accepted."
            )
        return None

    def _check_portal_decision(self):
        self.ensure_one()
        reason = self._portal_stale_reason()
        if reason:
            raise UserError(reason)

    def _portal_accept(self, name, signature, ip_address):
        """The client accepts the proposal online with her name and signature: the
        same checks and outcome as the Accept button, and who, when and from where
        it was signed."""
        self.ensure_one()
        self._check_portal_decision()
        self._check_can_accept()
        signer = self._portal_record_signature(name, signature, ip_address)
        self._do_accept()
        self._portal_post_decision(
            self.env._(
                "Proposal %(proposal)s accepted online by %(signer)s.",
                proposal=self.name,
                signer=signer,
            )
        )
        return True

    def _portal_decline(self, reason):
        """The client declines the proposal online, with her reason: the same
        checks and outcome as the Reject button."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Tell us why you decline the proposal."))
        self._check_portal_decision()
        self._check_can_reject()
        self._as_system().write({"decline_reason": reason})
        self._do_reject()
        self._portal_post_decision(
            self.env._(
                "Proposal %(proposal)s declined online by %(author)s: %(reason)s",
                proposal=self.name,
                author=self._portal_author().name,
                reason=reason,
            )
        )
        return True
