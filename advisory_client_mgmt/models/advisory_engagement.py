from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from .res_partner import assign_access_users

ENGAGEMENT_STATES = [
    ("draft", "Draft"),
    ("needs_analysis", "Needs Analysis"),
    ("proposal", "Proposal"),
    ("contracting", "Contracting"),
    ("execution", "Execution"),
    ("closing", "Closing"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# The engagement's life, all of it here:
#
#   draft ─► needs_analysis ─► proposal ─► contracting ─► execution ─► closing ─► done
#
# Any open state (not done) ─► cancelled; a contract signed later (an amendment,
# a renewal) brings a closing or done engagement back to execution. The buttons
# (action_*) refuse a move from a state the table does not list; the events that
# the proposals, contracts, project and surveys report (_advisory_event) move the
# engagements they apply to and leave the others as they are.
ENGAGEMENT_TRANSITIONS = {
    # event: (the state it leads to, the states it applies from)
    "needs_analysis_started": ("needs_analysis", ("draft",)),
    "proposal_created": ("proposal", ("draft", "needs_analysis")),
    "proposal_accepted": ("contracting", ("draft", "needs_analysis", "proposal")),
    "contract_signed": (
        "execution",
        ("draft", "needs_analysis", "proposal", "contracting", "closing", "done"),
    ),
    "project_closed": ("closing", ("execution",)),
    "survey_answered": ("done", ("closing",)),
    "marked_done": ("done", ("execution", "closing")),
    "cancelled": (
        "cancelled",
        ("draft", "needs_analysis", "proposal", "contracting", "execution", "closing"),
    ),
}

# contract states that count in the value of an engagement
VALUE_CONTRACT_STATES = ("signed", "active", "expired")


class AdvisoryEngagement(models.Model):
    _name = "advisory.engagement"
    _advisory_stage_tracked = True  # advisory.stage.event
    _description = "Advisory Engagement"
    _advisory_client_field = "partner_id"
    _inherit = (
        "advisory.state.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "advisory.reference.mixin",
    )
    _order = "id desc"
    _check_company_auto = True
    _reference_sequence = "advisory.engagement"

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        check_company=True,
        groups="base.group_user",
    )
    relationship_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    team_ids = fields.Many2many(
        "res.users",
        "advisory_engagement_team_rel",
        "engagement_id",
        "user_id",
        domain="[('share', '=', False)]",
        help="Advisors working on this engagement besides the relationship manager.",
        context={"active_test": False},
        groups="base.group_user",
    )
    advisory_access_user_ids = fields.Many2many(
        "res.users",
        "advisory_engagement_access_rel",
        "engagement_id",
        "user_id",
        string="Staff Serving the Engagement",
        compute="_compute_advisory_access_user_ids",
        store=True,
        context={"active_test": False},
        protected=True,
        groups="base.group_user",
        help="The engagement's relationship manager and team, and the client's: "
        "the advisors who see the engagement and its documents (record rules).",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    service_line_ids = fields.Many2many(
        "advisory.service.line",
        string="Service Lines",
    )
    date_start = fields.Date(
        string="Start Date", default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="End Date", tracking=True)
    value = fields.Monetary(
        compute="_compute_value",
        store=True,
        help="Signed contracts (signed, active or expired), in the company currency; "
        "before the first signature, the fee estimate of the accepted proposal.",
        protected=True,
        groups="base.group_user",
    )
    proposal_ids = fields.One2many(
        "advisory.proposal", "engagement_id", string="Proposals"
    )
    contract_ids = fields.One2many(
        "advisory.contract", "engagement_id", string="Contracts"
    )
    project_id = fields.Many2one(
        "project.project",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The project created when the engagement's contract was signed.",
        protected=True,
    )
    proposal_count = fields.Integer(
        compute="_compute_proposal_count", groups="base.group_user"
    )
    contract_count = fields.Integer(
        compute="_compute_contract_count", groups="base.group_user"
    )
    state = fields.Selection(
        ENGAGEMENT_STATES,
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="draft",
        group_expand=True,
        protected=True,
    )

    @api.depends(
        "company_id",
        "contract_ids.state",
        "contract_ids.amount_company_currency",
        "proposal_ids.state",
        "proposal_ids.version",
        "proposal_ids.fee_estimate",
        "proposal_ids.currency_id",
    )
    def _compute_value(self):
        today = fields.Date.context_today(self)
        for engagement in self:
            contracts = engagement.contract_ids.filtered(
                lambda contract: contract.state in VALUE_CONTRACT_STATES
            )
            if contracts:
                engagement.value = sum(contracts.mapped("amount_company_currency"))
                continue
            accepted = engagement.proposal_ids.filtered(
                lambda proposal: proposal.state == "accepted"
            ).sorted("version")[-1:]
            engagement.value = (
                accepted.currency_id._convert(
                    accepted._advisory_agreed_fee(),
                    engagement.currency_id,
                    engagement.company_id,
                    accepted.decision_date or today,
                )
                if accepted
                else 0.0
            )

    def _compute_access_url(self):
        super()._compute_access_url()
        for engagement in self:
            engagement.access_url = f"/my/engagements/{engagement.id}"

    @api.depends(
        "relationship_manager_id", "team_ids", "partner_id.advisory_access_user_ids"
    )
    def _compute_advisory_access_user_ids(self):
        assign_access_users(
            self.with_context(active_test=False),
            lambda engagement: engagement.relationship_manager_id
            | engagement.team_ids
            | engagement.partner_id.advisory_access_user_ids,
        )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_proposal_count(self):
        counts = dict(
            self.env["advisory.proposal"]._read_group(
                [("engagement_id", "in", self.ids)], ["engagement_id"], ["__count"]
            )
        )
        for engagement in self:
            engagement.proposal_count = counts.get(engagement, 0)

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_contract_count(self):
        counts = dict(
            self.env["advisory.contract"]._read_group(
                [("engagement_id", "in", self.ids)], ["engagement_id"], ["__count"]
            )
        )
        for engagement in self:
            engagement.contract_count = counts.get(engagement, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for engagement in self:
            if (
                engagement.date_start
                and engagement.date_end
                and engagement.date_end < engagement.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The end date of engagement %(engagement)s (%(end)s) cannot be "
                        "before its start date (%(start)s).",
                        engagement=engagement.name,
                        end=format_date(self.env, engagement.date_end),
                        start=format_date(self.env, engagement.date_start),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        engagements = super().create(vals_list)
        self.env["res.partner"]._flush_advisory_access()
        return engagements

    def write(self, vals):
        if not self.env.su and {"partner_id", "company_id"} & vals.keys():
            self._check_client_changeable()
        result = super().write(vals)
        if {"partner_id", "relationship_manager_id", "team_ids"} & vals.keys():
            self.env["res.partner"]._flush_advisory_access()
        return result

    def _check_client_changeable(self):
        """The client (and company) of an engagement follow its documents: they
        change only while its proposals and contracts are drafts (or cancelled)."""
        for engagement in self:
            # a cancelled document the client was shown stays hers (her portal)
            documents = engagement.proposal_ids.filtered(
                lambda proposal: proposal.state not in ("draft", "cancelled")
                or proposal.presented_date
            ) or engagement.contract_ids.filtered(
                lambda contract: contract.state not in ("draft", "cancelled")
                or contract.portal_sent_on
            )
            if documents:
                raise UserError(
                    self.env._(
                        "Engagement %(engagement)s has documents under review or "
                        "decided (%(documents)s): its client and company can no "
                        "longer change.",
                        engagement=engagement.name,
                        documents=", ".join(documents.mapped("display_name")),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start_needs_analysis(self):
        self._check_can_start_needs_analysis()
        self._do_start_needs_analysis()
        return True

    def action_done(self):
        self._check_can_done()
        self._do_done()
        return True

    def action_cancel(self):
        self._check_can_cancel()
        self._do_cancel()
        return True

    def action_new_proposal(self):
        """A new proposal of the engagement, in a form."""
        self.ensure_one()
        self._check_open(self.env._("create a proposal"))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.advisory_proposal_action"
        )
        action.update(
            views=[(False, "form")],
            view_mode="form",
            context={"default_engagement_id": self.id},
        )
        return action

    def action_new_contract(self):
        """A new contract of the engagement, in a form, with the terms of the
        accepted proposal."""
        self.ensure_one()
        self._check_open(self.env._("create a contract"))
        accepted = self.proposal_ids.filtered(
            lambda proposal: proposal.state == "accepted"
        ).sorted("version")[-1:]
        context = {"default_engagement_id": self.id}
        if accepted:
            context.update(
                default_amount=accepted._advisory_agreed_fee(),
                default_currency_id=accepted.currency_id.id,
                default_scope=accepted.summary,
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.advisory_contract_action"
        )
        action.update(views=[(False, "form")], view_mode="form", context=context)
        return action

    def action_portal_preview(self):
        """The engagement's portal page, as the client's contacts see it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    def action_view_proposals(self):
        return self._child_action(
            "advisory_client_mgmt.advisory_proposal_action", self.proposal_ids
        )

    def action_view_contracts(self):
        return self._child_action(
            "advisory_client_mgmt.advisory_contract_action", self.contract_ids
        )

    def action_view_project(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.project",
            "res_id": self.project_id.id,
            "views": [(False, "form")],
            "view_mode": "form",
            "name": self.project_id.display_name,
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _lock_for_new_version(self):
        """Serialize the numbering of the engagements' new proposals.

        Two proposals created at once for one engagement would both read the same
        last version. The row update makes the second transaction wait for the
        first and then fail with a serialization error, which Odoo retries (RPC and
        web client requests, crons on their next run) with a fresh view of the
        versions; a bare ``FOR UPDATE`` lock would let it go on with its stale view.
        """
        if not self:
            return
        self.env.cr.execute(
            SQL(
                """UPDATE advisory_engagement SET write_date = %(now)s,
                                                write_uid = %(uid)s
                    WHERE id IN (SELECT id FROM advisory_engagement
                                  WHERE id IN %(ids)s
                               ORDER BY id FOR NO KEY UPDATE)""",
                now=self.env.cr.now(),
                uid=self.env.uid,
                ids=tuple(self.ids),
            ),
            # the serialization error is expected and retried: not a bad query
            log_exceptions=False,
        )
        self.invalidate_recordset(["write_date", "write_uid"])

    def _check_open(self, action_label):
        for engagement in self:
            if engagement.state in ("done", "cancelled"):
                raise UserError(
                    self.env._(
                        "Engagement %(engagement)s is %(state)s: you cannot "
                        "%(action)s on it.",
                        engagement=engagement.name,
                        state=engagement._state_label(),
                        action=action_label,
                    )
                )

    def _check_can_start_needs_analysis(self):
        self._check_event_applies(
            "needs_analysis_started", self.env._("start the needs analysis")
        )

    def _do_start_needs_analysis(self):
        self._advisory_event("needs_analysis_started")

    def _check_can_done(self):
        self._check_event_applies("marked_done", self.env._("be marked as done"))

    def _do_done(self):
        self._advisory_event("marked_done")

    def _check_can_cancel(self):
        self._check_event_applies("cancelled", self.env._("be cancelled"))

    def _do_cancel(self):
        """Cancel the engagements and their open proposals and contracts; decided
        proposals and signed contracts stay as they are (history)."""
        self.proposal_ids.filtered(
            lambda proposal: proposal.state not in ("accepted", "rejected", "cancelled")
        )._do_cancel()
        self.contract_ids.filtered(
            lambda contract: contract.state in ("draft", "to_approve", "approved")
        )._do_cancel()
        self._advisory_event("cancelled")

    def _check_event_applies(self, event, action_label):
        """Refuse ``action_label`` unless ``event`` applies to every engagement of
        ``self`` (see ENGAGEMENT_TRANSITIONS)."""
        self._check_state_in(ENGAGEMENT_TRANSITIONS[event][1], action_label)

    def _advisory_event(self, event):
        """Move the engagements of ``self`` to the state that follows ``event`` (a
        key of ENGAGEMENT_TRANSITIONS), those in a state it applies from; the
        others stay as they are. Returns the engagements moved."""
        state, from_states = ENGAGEMENT_TRANSITIONS[event]
        engagements = self.filtered(lambda engagement: engagement.state in from_states)
        if engagements:
            engagements._write_state(state)
        return engagements

    # ------------------------------------------------------------------
    # The client's portal
    # ------------------------------------------------------------------

    def _portal_client_partners(self):
        """The contacts of the engagement's client who have portal access."""
        self.ensure_one()
        # sudo: the users of the client's contacts, whoever notifies them
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", True),
                    (
                        "partner_id.commercial_partner_id",
                        "=",
                        self.partner_id.commercial_partner_id.id,
                    ),
                ]
            )
        )
        return users.partner_id.with_env(self.env)

    def _notify_progress_update(self, update):
        """Tell the client's portal contacts that ``update`` (a published update of
        the engagement's project) is on the engagement's page; they follow the
        engagement, so that their replies reach its team."""
        self.ensure_one()
        partners = self._portal_client_partners()
        self.message_subscribe(partner_ids=partners.ids)
        self.message_post(
            body=self.env._(
                "A progress update of %(project)s is published: %(update)s "
                "(status: %(status)s, progress: %(progress)s %%).",
                project=update.project_id.name,
                update=update.name,
                status=update._fields["status"].convert_to_export(
                    update.status, update
                ),
                progress=update.progress,
            ),
            subject=self.env._("Progress update: %(update)s", update=update.name),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partners.ids,
        )

    def _portal_project_values(self):
        """What the client reads of the engagement's project on her portal page:
        milestones, the KPIs that are not internal, the published updates and
        their files."""
        self.ensure_one()
        # sudo: an engagement's project stays private to the firm's staff (its
        # tasks are their work); the client reads these parts of it on her
        # engagement's page, whose access the portal controller checked
        project = self.sudo().project_id
        if not project:
            return {}
        updates = project.update_ids.filtered("advisory_published").sorted(
            lambda update: (update.advisory_published_date, update.id), reverse=True
        )
        return {
            # not "project": Odoo's project portal would take the page for its own
            "engagement_project": project,
            "milestones": project.milestone_ids.sorted(
                lambda milestone: (
                    not milestone.deadline,
                    milestone.deadline,
                    milestone.id,
                )
            ),
            "kpis": project.advisory_kpi_ids.filtered(lambda kpi: not kpi.internal),
            "updates": updates,
            "update_files": self._portal_files(updates),
        }

    def _portal_documents(self):
        """The client-facing documents of the engagement: the proposals presented
        to the client, the contracts from their approval on and their use-of-funds
        reports."""
        self.ensure_one()
        # sudo: read within the engagement the portal controller checked; only the
        # states the client has been shown
        engagement = self.sudo()
        # what the record rules let the client's portal users read
        proposals = engagement.proposal_ids.filtered("presented_date").sorted(
            "version", reverse=True
        )
        contracts = engagement.contract_ids.filtered(
            lambda contract: contract.portal_sent_on
            or contract.state
            in ("approved", "signed", "active", "expired", "terminated")
        ).sorted("id")
        reports = engagement.env["advisory.fund.usage.report"].search(
            [("contract_id", "in", engagement.contract_ids.ids)],
            order="date_from desc, id desc",
        )
        # their links carry their tokens: the page may be open by its own token
        for documents in (proposals, contracts, reports):
            for document in documents:
                document._portal_ensure_token()
        return {
            "proposals": proposals,
            "contracts": contracts,
            "fund_usage_reports": reports,
        }

    def _portal_files(self, records):
        """``{record: attachments}``: the files attached to ``records`` (sudo
        records the portal shows), each with an access token for its link."""
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", records._name), ("res_id", "in", records.ids)],
                order="id",
            )
        )
        attachments.generate_access_token()
        return {
            record: attachments.filtered(
                lambda attachment, record=record: attachment.res_id == record.id
            )
            for record in records
        }

    def _child_action(self, xml_id, records):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [("engagement_id", "=", self.id)]
        action["context"] = {"default_engagement_id": self.id}
        if len(records) == 1:
            action.update(res_id=records.id, views=[(False, "form")], view_mode="form")
        return action
