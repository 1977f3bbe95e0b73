import re
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date, formatLang, split_every
from odoo.tools.mail import html_to_inner_content

from .advisory_contract_template import FEE_TYPES
from .advisory_portal_sign_mixin import STAFF

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("signed", "Signed"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("terminated", "Terminated"),
    ("cancelled", "Cancelled"),
]
# states of a contract the client signed
SIGNED_STATES = ("signed", "active", "expired", "terminated")
OPEN_STATES = ("draft", "to_approve", "approved")
CLOSED_STATES = ("expired", "terminated", "cancelled")
# days before the end of a contract at which its relationship manager is reminded
REMINDER_DAYS = (30, 7)
CONTRACT_CRON_BATCH = 500
PLACEHOLDER_RE = re.compile(r"\{(client|scope|fee|start|end)\}")


class AdvisoryContract(models.Model):
    _name = "advisory.contract"
    _advisory_stage_tracked = True  # advisory.stage.event
    _description = "Advisory Contract"
    _inherit = ("advisory.engagement.document.mixin", "advisory.reference.mixin")
    _order = "id desc"
    _check_company_auto = True
    _reference_sequence = "advisory.contract"

    # lists: tier.validation concatenates them with lists
    _state_from = ["to_approve"]  # noqa: RUF012
    _state_to = ["approved"]  # noqa: RUF012

    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency", groups=STAFF
    )
    template_id = fields.Many2one(
        "advisory.contract.template",
        check_company=True,
        tracking=True,
        groups=STAFF,
    )
    scope = fields.Html(string="Scope of Services")
    fee_type = fields.Selection(
        FEE_TYPES,
        required=True,
        tracking=True,
        compute="_compute_fee_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    amount = fields.Monetary(tracking=True)
    amount_company_currency = fields.Monetary(
        string="Amount in Company Currency",
        currency_field="company_currency_id",
        groups=STAFF,
        compute="_compute_amount_company_currency",
        store=True,
        help="The amount converted at the rate of the start date.",
        protected=True,
    )
    executive_approval_required = fields.Boolean(
        compute="_compute_executive_approval_required",
        store=True,
        help="The amount reaches the company's executive approval threshold.",
        protected=True,
        groups=STAFF,
    )
    payment_line_ids = fields.One2many(
        "advisory.contract.payment",
        "contract_id",
        string="Payment Schedule",
        copy=True,
        groups=STAFF,
    )
    payment_total = fields.Monetary(
        string="Scheduled Payments", compute="_compute_payment_total", groups=STAFF
    )
    obligations = fields.Html()
    breach_liability = fields.Html()
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    signed_date = fields.Date(copy=False, tracking=True)
    signer_name = fields.Char(
        copy=False, tracking=True, help="Who signed the contract for the client."
    )
    signed_document_id = fields.Many2one(
        "ir.attachment",
        copy=False,
        domain="[('res_model', '=', 'advisory.contract'), ('res_id', '=', id)]",
        help="The signed contract, attached to this contract (chatter).",
    )
    terminate_reason = fields.Text(
        string="Termination Reason", copy=False, groups=STAFF
    )
    terminated_date = fields.Date(readonly=True, copy=False, protected=True)
    renewed_from_id = fields.Many2one(
        "advisory.contract",
        string="Renewal Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        protected=True,
    )
    amended_contract_id = fields.Many2one(
        "advisory.contract",
        string="Amendment Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        protected=True,
        help="The approved or signed contract this draft changes: once reviewed and "
        "signed, it supersedes it.",
    )
    amendment_ids = fields.One2many(
        "advisory.contract", "amended_contract_id", string="Amendments", groups=STAFF
    )
    renewal_ids = fields.One2many("advisory.contract", "renewed_from_id", groups=STAFF)
    renewal_id = fields.Many2one(
        "advisory.contract",
        string="Renewed By",
        compute="_compute_renewal_id",
        store=True,
        index="btree_not_null",
        help="The latest renewal of this contract that is not cancelled.",
        protected=True,
        groups=STAFF,
    )
    reminder_30_sent = fields.Boolean(
        readonly=True, copy=False, protected=True, groups=STAFF
    )
    reminder_7_sent = fields.Boolean(
        readonly=True, copy=False, protected=True, groups=STAFF
    )
    state = fields.Selection(
        CONTRACT_STATES,
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="draft",
        group_expand=True,
        protected=True,
    )

    def _compute_access_url(self):
        super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"

    @api.depends("template_id")
    def _compute_fee_type(self):
        for contract in self:
            if contract.template_id.default_fee_type:
                contract.fee_type = contract.template_id.default_fee_type
            elif not contract.fee_type:
                contract.fee_type = "fixed"

    @api.depends("amount", "currency_id", "company_id", "date_start")
    def _compute_amount_company_currency(self):
        today = fields.Date.context_today(self)
        for contract in self:
            company = contract.company_id or self.env.company
            contract.amount_company_currency = (
                contract.currency_id._convert(
                    contract.amount,
                    company.currency_id,
                    company,
                    contract.date_start or today,
                )
                if contract.currency_id
                else contract.amount
            )

    @api.depends(
        "amount_company_currency",
        "company_id.currency_id",
        "company_id.advisory_executive_threshold",
    )
    def _compute_executive_approval_required(self):
        for contract in self:
            company = contract.company_id or self.env.company
            contract.executive_approval_required = (
                company.currency_id.compare_amounts(
                    contract.amount_company_currency,
                    company.advisory_executive_threshold,
                )
                >= 0
            )

    @api.depends("payment_line_ids.amount")
    def _compute_payment_total(self):
        for contract in self:
            contract.payment_total = sum(contract.payment_line_ids.mapped("amount"))

    @api.depends("renewal_ids.state")
    def _compute_renewal_id(self):
        for contract in self:
            contract.renewal_id = contract.renewal_ids.filtered(
                lambda renewal: renewal.state != "cancelled"
            ).sorted("id")[-1:]

    @api.constrains("amount")
    def _check_amount(self):
        for contract in self:
            if contract.amount < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of contract %(contract)s cannot be negative.",
                        contract=contract.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if (
                contract.date_start
                and contract.date_end
                and contract.date_end < contract.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "The end date of contract %(contract)s (%(end)s) cannot be "
                        "before its start date (%(start)s).",
                        contract=contract.name,
                        end=format_date(self.env, contract.date_end),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    @api.constrains(
        "fee_type",
        "amount",
        "currency_id",
        "date_start",
        "date_end",
        "payment_line_ids",
    )
    def _check_payment_schedule(self):
        """A fixed fee is paid by its schedule; every payment falls in the term."""
        for contract in self.filtered("payment_line_ids"):
            contract._check_payment_total()
            contract.payment_line_ids._check_date_due()

    def _check_payment_total(self):
        for contract in self:
            if contract.fee_type != "fixed":
                continue
            total = sum(contract.payment_line_ids.mapped("amount"))
            if contract.currency_id.compare_amounts(total, contract.amount):
                raise ValidationError(
                    self.env._(
                        "The payment schedule of contract %(contract)s adds up to "
                        "%(total)s: it must equal the fixed fee of %(amount)s.",
                        contract=contract.name,
                        total=formatLang(
                            self.env, total, currency_obj=contract.currency_id
                        ),
                        amount=formatLang(
                            self.env, contract.amount, currency_obj=contract.currency_id
                        ),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        default_engagement = self.env.context.get("default_engagement_id")
        engagements = self.env["advisory.engagement"].browse(
            {
                vals.get("engagement_id") or default_engagement
                for vals in vals_list
                if vals.get("engagement_id") or default_engagement
            }
        )
        engagements.filtered(
            lambda engagement: engagement.state == "cancelled"
        )._check_open(self.env._("create a contract"))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        for contract in self:
            if contract.state in SIGNED_STATES:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s was signed: it cannot be deleted "
                        "(terminate it instead).",
                        contract=contract.name,
                    )
                )

    @api.model
    def _frozen_states(self):
        return ("approved", "signed", "active", "expired", "terminated", "cancelled")

    def _tier_validation_check_write_allowed(self, vals):
        super()._tier_validation_check_write_allowed(vals)
        if self.env.su:
            return
        # the exceptions let the signature facts and the termination reason change
        # after the approval; once recorded, they are facts too
        for contract in self:
            closed = {"terminate_reason"} if contract.state in CLOSED_STATES else set()
            signed = (
                {"signed_date", "signer_name"}
                | ({"signed_document_id"} if contract.signed_document_id else set())
                if contract.state in SIGNED_STATES
                else set()
            )
            recorded = (closed | signed) & vals.keys()
            if recorded:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is %(state)s: %(fields)s can no longer "
                        "change.",
                        contract=contract.name,
                        state=contract._state_label(),
                        fields=", ".join(
                            sorted(
                                self._fields[name]._description_string(self.env)
                                for name in recorded
                            )
                        ),
                    )
                )

    def _check_payments_editable(self):
        """The payment schedule follows the contract's lock: it changes while the
        contract is a draft only (then the review approves it with the amount)."""
        if self.env.su:
            return
        for contract in self:
            if contract.state != "draft":
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is %(state)s: its payment schedule "
                        "can no longer change (amend the contract instead).",
                        contract=contract.name,
                        state=contract._state_label(),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_sign(self):
        self._check_can_sign()
        self._do_sign()
        return True

    def action_send_for_signature(self):
        """Mail the approved contract's link to the client's contacts: they sign it
        in the portal."""
        self._check_can_send_for_signature()
        self._portal_send("advisory_client_mgmt.mail_template_contract_to_sign")
        return True

    def action_activate(self):
        self._check_can_activate()
        self._do_activate()
        return True

    def action_terminate(self):
        self._check_can_terminate()
        self._do_terminate()
        return True

    def action_renew(self):
        self.ensure_one()
        self._check_can_renew()
        renewal = self._do_renew()
        return renewal._form_action()

    def action_amend(self):
        self.ensure_one()
        self._check_can_amend()
        amendment = self._do_amend()
        return amendment._form_action()

    def action_view_project(self):
        self.ensure_one()
        return self.engagement_id.action_view_project()

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _form_action(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "advisory_client_mgmt.advisory_contract_action"
        )
        action.update(res_id=self.id, views=[(False, "form")], view_mode="form")
        return action

    def _check_can_submit(self):
        super()._check_can_submit()
        self.partner_id._check_documents_complete(self.env._("submit a contract"))
        for contract in self:
            if not (contract.date_start and contract.date_end):
                raise UserError(
                    self.env._(
                        "Enter the start and end dates of contract %(contract)s "
                        "before submitting it.",
                        contract=contract.name,
                    )
                )
            if contract.fee_type == "fixed" and not contract.payment_line_ids:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s has a fixed fee: add its payment "
                        "schedule (adding up to %(amount)s) before submitting it.",
                        contract=contract.name,
                        amount=formatLang(
                            self.env, contract.amount, currency_obj=contract.currency_id
                        ),
                    )
                )
            contract._check_payment_total()
            contract.payment_line_ids._check_date_due()
            contract.payment_line_ids._check_amount()
        self.engagement_id._check_open(self.env._("submit a contract"))

    def _check_can_sign(self):
        self._check_state_in(("approved",), self.env._("be signed"))
        self.partner_id._check_documents_complete(self.env._("sign a contract"))
        for contract in self:
            pending = contract._pending_amendment()
            if pending:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is being amended by %(amendment)s: "
                        "sign the amendment once it is approved.",
                        contract=contract.name,
                        amendment=pending.name,
                    )
                )
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        # approved is reached through the reviews only (a protected state)
        for contract in self:
            missing = []
            if not contract.signed_date:
                missing.append(self.env._("the signed date"))
            if not (
                (contract.signer_name or "").strip()
                or contract.signed_document_id
                or counts.get(contract.id)
            ):
                missing.append(
                    self.env._("the signer name or the signed document (attachment)")
                )
            if missing:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot be signed without %(missing)s.",
                        contract=contract.name,
                        missing=self.env._(" and ").join(missing),
                    )
                )
        self.engagement_id._check_open(self.env._("sign a contract"))

    def _do_sign(self):
        self._write_state("signed")
        self._supersede_amended()
        self._create_project()
        self.engagement_id._advisory_event("contract_signed")
        # the first signed contract makes a prospect (or a dormant client) active
        self.partner_id.filtered(
            lambda partner: partner.lifecycle_state in ("prospect", "dormant")
        )._do_lifecycle_activate()

    def _check_can_send_for_signature(self):
        self._check_state_in(("approved",), self.env._("be sent for signature"))
        for contract in self:
            pending = contract._pending_amendment()
            if pending:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is being amended by %(amendment)s: "
                        "send the amendment once it is approved.",
                        contract=contract.name,
                        amendment=pending.name,
                    )
                )
        self.engagement_id._check_open(self.env._("send a contract for signature"))

    # ------------------------------------------------------------------
    # Signing online
    # ------------------------------------------------------------------

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Contract %(name)s", name=self.name)

    @api.model
    def _portal_visible_domain(self):
        """The contracts the client sees in the portal: approved (to sign) and
        signed ones, and those sent to her for signature (later cancelled)."""
        return [
            "|",
            ("state", "in", ("approved", *SIGNED_STATES)),
            ("portal_sent_on", "!=", False),
        ]

    def _portal_visible(self):
        self.ensure_one()
        return bool(self.filtered_domain(self._portal_visible_domain()))

    def _portal_stale_reason(self):
        """Why the client cannot sign the contract in the portal (a sentence for
        its page), or None when she can."""
        self.ensure_one()
        if self.state in SIGNED_STATES:
            return self.env._("This contract is signed.")
        if self.state == "cancelled":
            return self.env._(
                "This contract was cancelled: it can no longer be signed."
            )
        if self.state != "approved":
            return self.env._("This contract is not ready for your signature.")
        if self._pending_amendment():
            return self.env._(
                "This contract is being amended: you will receive the amended "
                "contract to sign."
            )
        if self.engagement_id.state in ("done", "cancelled"):
            return self.env._(
                "This engagement is closed: the contract can no longer be signed."
            )
        return None

    def _portal_sign(self, name, signature, ip_address):
        """The client signs the approved contract online with her name and drawn
        signature: the same checks and outcome as the Sign button (the project is
        created), the signed PDF stored as the signed document, and who, when
        and from where it was signed."""
        self.ensure_one()
        reason = self._portal_stale_reason()
        if reason:
            raise UserError(reason)
        self._portal_clean_signature(name, signature)
        # a refused signature (documents incomplete...) leaves nothing behind
        with self.env.cr.savepoint():
            signer = self._portal_record_signature(
                name,
                signature,
                ip_address,
                signed_date=fields.Date.context_today(self),
                signer_name=(name or "").strip(),
            )
            self._check_can_sign()
            self._do_sign()
            self._portal_store_signed_document()
        self._portal_post_decision(
            self.env._(
                "Contract %(contract)s signed online by %(signer)s.",
                contract=self.name,
                signer=signer,
            )
        )
        return True

    def _portal_store_signed_document(self):
        """Print the signed contract (with the signature) and keep the PDF as its
        signed document."""
        self.ensure_one()
        # sudo: the signed document is the system's record of the signature,
        # printed with every part of the contract whoever signs it
        report = self.env["ir.actions.report"].sudo().with_company(self.company_id)
        content, kind = report._render_qweb_pdf(
            "advisory_client_mgmt.advisory_contract_action_report", self.ids
        )
        # a PDF; Odoo prints HTML instead in a test run unless told otherwise
        # (force_report_rendering), as wkhtmltopdf cannot load the page's styles
        # from a test server busy with the request that prints
        extension, mimetype = (
            ("pdf", "application/pdf") if kind == "pdf" else ("html", "text/html")
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "%(name)s (signed).%(extension)s",
                        name=self._get_report_base_filename(),
                        extension=extension,
                    ),
                    "raw": content,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        self._as_system().write({"signed_document_id": attachment.id})
        return attachment

    def _check_can_activate(self):
        self._check_state_in(("signed",), self.env._("be activated"))

    def _do_activate(self):
        self._write_state("active")

    def _check_can_terminate(self):
        self._check_state_in(("signed", "active"), self.env._("be terminated"))
        for contract in self:
            if not (contract.terminate_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter the termination reason of contract %(contract)s "
                        "before terminating it.",
                        contract=contract.name,
                    )
                )

    def _do_terminate(self):
        self._write_state("terminated", terminated_date=fields.Date.context_today(self))

    def _check_can_cancel(self):
        self._check_state_in(OPEN_STATES, self.env._("be cancelled"))

    def _check_can_amend(self):
        self._check_state_in(("approved", "signed", "active"), self.env._("be amended"))
        for contract in self:
            pending = contract._pending_amendment()
            if pending:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is already being amended by "
                        "%(amendment)s.",
                        contract=contract.name,
                        amendment=pending.name,
                    )
                )
        self.engagement_id._check_open(self.env._("amend a contract"))

    def _pending_amendment(self):
        self.ensure_one()
        return self.amendment_ids.filtered(
            lambda amendment: amendment.state in OPEN_STATES
        )[:1]

    def _do_amend(self):
        """A draft copy of the contract (its terms and payment schedule) that goes
        through the reviews again; signing it supersedes this contract."""
        self.ensure_one()
        # _as_system: the link to the amended contract is this action's fact
        # (protected); the user may edit the contract (_check_state_in)
        amendment = self._as_system().copy({"amended_contract_id": self.id})
        self.message_post(
            body=self.env._(
                "Amendment %(amendment)s created: it goes through the reviews again.",
                amendment=amendment.name,
            )
        )
        return amendment.with_env(self.env)

    def _supersede_amended(self):
        """The contracts amended by the signed contracts of ``self`` are replaced:
        terminated when they were signed, cancelled when they were only approved."""
        today = fields.Date.context_today(self)
        for contract in self.filtered("amended_contract_id"):
            original = contract.amended_contract_id
            reason = self.env._(
                "Superseded by amendment %(amendment)s.", amendment=contract.name
            )
            if original.state in ("signed", "active"):
                original._write_state(
                    "terminated", terminated_date=today, terminate_reason=reason
                )
            elif original.state == "approved":
                original._write_state("cancelled")
            original.message_post(body=reason)

    def _check_can_renew(self):
        self._check_state_in(("active", "expired"), self.env._("be renewed"))
        for contract in self:
            if contract.renewal_id:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is already renewed by %(renewal)s.",
                        contract=contract.name,
                        renewal=contract.renewal_id.name,
                    )
                )
        self.engagement_id._check_open(self.env._("renew a contract"))

    def _do_renew(self):
        """A draft contract with the same terms for the next period: it starts the
        day after this one ends and lasts as long; the payments move with it."""
        self.ensure_one()
        date_start = self.date_end + timedelta(days=1)
        duration = relativedelta(date_start, self.date_start)
        date_end = date_start + duration - timedelta(days=1)
        # _as_system: the link to the renewed contract is this action's fact
        # (protected); the user may edit the contract (_check_state_in)
        renewal = self._as_system().copy(
            {
                "renewed_from_id": self.id,
                "date_start": date_start,
                "date_end": date_end,
                "payment_line_ids": [
                    Command.create(
                        {
                            "sequence": line.sequence,
                            "date_due": min(
                                max(line.date_due + duration, date_start), date_end
                            ),
                            "amount": line.amount,
                            "note": line.note,
                        }
                    )
                    for line in self.payment_line_ids
                ],
            }
        )
        return renewal.with_env(self.env)

    def _prepare_project_vals(self):
        self.ensure_one()
        engagement = self.engagement_id
        service_lines = self.template_id.service_line_ids or engagement.service_line_ids
        return {
            "name": f"{self.partner_id.name} – {engagement.name}",
            "partner_id": self.partner_id.id,
            "user_id": engagement.relationship_manager_id.id,
            "company_id": self.company_id.id,
            "engagement_id": engagement.id,
            "advisory_contract_id": self.id,
            "date_start": self.date_start,
            "date": self.date_end,
            "allow_milestones": True,
            "privacy_visibility": "followers",
            "milestone_ids": [
                Command.create({"name": service_line.name, "deadline": self.date_end})
                for service_line in service_lines
            ],
        }

    def _create_project(self):
        """The execution project of each signed contract's engagement: created with
        one milestone per service line, or the engagement's open project when it has
        one (a renewal)."""
        projects = self.env["project.project"]
        to_create = self.browse()
        for contract in self:
            project = contract.engagement_id.project_id
            if project and not project.advisory_closed:
                projects |= project
            elif contract.engagement_id not in to_create.engagement_id:
                to_create |= contract
        if to_create:
            # sudo: creating projects is a project manager's right; signing the
            # contract creates the engagement's project on the advisor's behalf.
            # Its followers are the firm's (below): not the signer, who may be
            # the client signing in the portal
            created = (
                self.env["project.project"]
                .sudo()
                .with_context(mail_create_nosubscribe=True)
                .create([contract._prepare_project_vals() for contract in to_create])
            )
            for contract, project in zip(to_create, created, strict=True):
                engagement = contract.engagement_id
                project.message_subscribe(
                    partner_ids=engagement.advisory_access_user_ids.partner_id.ids
                )
                engagement._as_system().project_id = project.id
            projects |= created.with_env(self.env)
        return projects

    def _render_clauses(self):
        """The clauses of the contract's template with their placeholders filled in.

        :return: ``[(title, body)]``, ``body`` as :class:`markupsafe.Markup`; the
            values put in the placeholders are escaped.
        """
        self.ensure_one()
        fee_type = dict(self._fields["fee_type"]._description_selection(self.env)).get(
            self.fee_type, ""
        )
        amount = formatLang(self.env, self.amount, currency_obj=self.currency_id)
        values = {
            "client": self.partner_id.display_name or "",
            "scope": html_to_inner_content(self.scope or ""),
            "fee": f"{amount} ({fee_type})",
            "start": format_date(self.env, self.date_start),
            "end": format_date(self.env, self.date_end),
        }
        escaped = {key: str(escape(value)) for key, value in values.items()}
        return [
            (
                clause.title,
                Markup(
                    PLACEHOLDER_RE.sub(
                        lambda match: escaped[match.group(1)], str(clause.body or "")
                    )
                ),
            )
            for clause in self.template_id.clause_ids
        ]

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------

    @api.model
    def _get_contract_reminder_domain(self):
        """Signed or active contracts ending within the first reminder period whose
        reminder of that period was not sent."""
        today = fields.Date.context_today(self)
        last_day = {days: today + timedelta(days=days) for days in REMINDER_DAYS}
        return [
            ("state", "in", ("signed", "active")),
            ("date_end", ">=", today),
            ("date_end", "<=", last_day[30]),
            "|",
            ("reminder_30_sent", "=", False),
            "&",
            ("date_end", "<=", last_day[7]),
            ("reminder_7_sent", "=", False),
        ]

    @api.model
    def _cron_contract_end_reminders(self):
        """Schedule one to-do for the relationship manager of each contract ending
        in 30 days, and one when it ends in 7 days, in batches. Safe to run again:
        each reminder is remembered on the contract."""
        contracts = self.search(self._get_contract_reminder_domain(), order="id")
        # the reminders sent are flagged: the next run skips them
        self._run_batches(
            [
                self.browse(ids)
                for ids in split_every(CONTRACT_CRON_BATCH, contracts.ids)
            ],
            lambda batch: batch._send_end_reminders(),
        )

    def _send_end_reminders(self):
        """One to-do per contract of ``self`` for the reminder it is due (the 7-day
        one also stands for a 30-day one that was not sent)."""
        today = fields.Date.context_today(self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        res_model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        flags = defaultdict(lambda: self.browse())
        for contract in self:
            days_left = (contract.date_end - today).days
            if days_left <= 7 and not contract.reminder_7_sent:
                days, done_flags = 7, ("reminder_7_sent", "reminder_30_sent")
            elif not contract.reminder_30_sent:
                days, done_flags = 30, ("reminder_30_sent",)
            else:
                continue
            flags[done_flags] |= contract
            user = (
                contract.engagement_id.relationship_manager_id
                or contract.partner_id.relationship_manager_id
                or contract.create_uid
            )
            activities.append(
                {
                    "res_model_id": res_model_id,
                    "res_id": contract.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._(
                        "Contract ends within %(days)s days (%(date)s): renew or "
                        "close it",
                        days=days,
                        date=format_date(self.env, contract.date_end),
                    ),
                }
            )
        # the relationship manager follows the client: no "assigned to you" email
        # per reminder, it shows in their activities
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activities
        )
        for done_flags, contracts in flags.items():
            contracts.write(dict.fromkeys(done_flags, True))

    @api.model
    def _get_contract_expiry_domain(self):
        """Active contracts whose end date is past."""
        return [
            ("state", "=", "active"),
            ("date_end", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _cron_expire_contracts(self):
        """Move the active contracts past their end date to expired, in batches.
        Safe to run again: an expired contract no longer matches."""
        contracts = self.search(self._get_contract_expiry_domain(), order="id")
        self._run_batches(
            [
                self.browse(ids)
                for ids in split_every(CONTRACT_CRON_BATCH, contracts.ids)
            ],
            lambda batch: batch._write_state("expired"),
        )


# the contract side of res.partner lives with the contracts (res_partner.py only
# declares the hook)
class ResPartner(models.Model):
    _inherit = "res.partner"

    def _advisory_contract_status(self):
        status = super()._advisory_contract_status()
        today = fields.Date.context_today(self)
        # sudo: the lifecycle follows every contract of the client, whoever reads it
        groups = (
            self.env["advisory.contract"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "in", SIGNED_STATES)],
                ["partner_id", "state", "renewal_id"],
                ["date_end:max"],
            )
        )
        for partner, state, renewal, date_end in groups:
            entry = status.setdefault(
                partner.id,
                {"has_signed": False, "has_active": False, "last_end": False},
            )
            entry["has_signed"] = True
            if state in ("signed", "active") and date_end and date_end >= today:
                entry["has_active"] = True
            if (
                not renewal
                and date_end
                and (not entry["last_end"] or date_end > entry["last_end"])
            ):
                entry["last_end"] = date_end
        return status
