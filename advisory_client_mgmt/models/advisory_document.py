from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import split_every

from .advisory_engagement import ENGAGEMENT_STATES
from .advisory_protected_mixin import MANAGER_GROUP

DOCUMENT_STATES = [
    ("missing", "Missing"),
    ("received", "Received"),
    ("verified", "Verified"),
    ("expired", "Expired"),
    ("rejected", "Rejected"),
]
# documents that count for the client's file (a received one only when its type
# needs no verification)
VALID_STATES = ("received", "verified")
# documents that ask the client for a file (through the portal): an expired one gets
# a new version
PORTAL_REQUESTED_STATES = ("missing", "rejected", "expired")
EXPIRING_DAYS = 30
DOCUMENT_CRON_BATCH = 500


class AdvisoryDocumentType(models.Model):
    """A kind of due-diligence document and the rule saying which clients need it."""

    _name = "advisory.document.type"
    _description = "Client Document Type"
    _inherit = ("advisory.protected.mixin", "mail.thread")
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(translate=True)
    validity_months = fields.Integer(
        string="Validity (months)",
        tracking=True,
        help="How long a document of this type stays valid after its issue date; "
        "0: it does not expire.",
    )
    needs_verification = fields.Boolean(
        default=True,
        tracking=True,
        help="A received document counts for the client's file only once a "
        "manager verified it.",
    )
    requirement = fields.Selection(
        [
            ("optional", "Optional"),
            ("always", "Every client"),
            ("engagement", "Clients with an engagement"),
        ],
        default="optional",
        required=True,
        tracking=True,
        help="Every client: required of every advisory client. Clients with an "
        "engagement: required once the client has an engagement (of the service "
        "lines below, if any) that reached the state below.",
    )
    service_line_ids = fields.Many2many(
        "advisory.service.line",
        string="Service Lines",
        help="Required only for engagements of these service lines (empty: any).",
    )
    required_from_state = fields.Selection(
        [state for state in ENGAGEMENT_STATES if state[0] not in ("done", "cancelled")],
        string="Required From",
        default="proposal",
        tracking=True,
        help="The engagement state from which the document is required.",
    )

    _sql_constraints = (
        (
            "validity_months_positive",
            "CHECK(validity_months >= 0)",
            "The validity of a document type cannot be negative.",
        ),
    )

    def _applies_to(self, partner, engagements):
        """Whether this type is required of ``partner`` now (``engagements``: its
        open engagements, read once by the caller)."""
        self.ensure_one()
        if self.requirement == "always":
            return True
        if self.requirement != "engagement":
            return False
        order = [key for key, _label in ENGAGEMENT_STATES]
        threshold = order.index(self.required_from_state or "draft")
        return any(
            order.index(engagement.state) >= threshold
            and (
                not self.service_line_ids
                or engagement.service_line_ids & self.service_line_ids
            )
            for engagement in engagements
            if engagement.partner_id.commercial_partner_id == partner
        )

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        types._recompute_client_completeness()
        return types

    def write(self, vals):
        result = super().write(vals)
        if set(self._completeness_rule_fields()) & set(vals):
            self._recompute_client_completeness()
        return result

    def _completeness_rule_fields(self):
        """The fields of a type whose change changes what clients' files lack."""
        return [
            "active",
            "requirement",
            "service_line_ids",
            "required_from_state",
            "needs_verification",
        ]

    def _recompute_client_completeness(self):
        """A changed rule changes what every client's file lacks."""
        Partner = self.env["res.partner"]
        # sudo: the completeness of every client follows the rules, whoever the
        # admin changing them may read
        clients = Partner.sudo().search([("is_advisory_client", "=", True)])
        for name in ("document_completeness", "document_missing_type_ids"):
            self.env.add_to_compute(Partner._fields[name], clients)


class AdvisoryClientDocument(models.Model):
    """One document of a client's due-diligence file, from its request to its
    verification and expiry. A verified document is never changed: a new version
    supersedes it and the history stays."""

    _name = "advisory.client.document"
    _description = "Client Document"
    _inherit = ("advisory.state.mixin", "mail.thread", "mail.activity.mixin")
    _advisory_client_field = "partner_id"
    _order = "partner_id, type_id, id desc"
    _check_company_auto = True
    _rec_names_search = ("type_id", "partner_id")

    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
        domain=[("is_advisory_client", "=", True)],
    )
    type_id = fields.Many2one(
        "advisory.document.type",
        string="Document Type",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Files",
        help="The scanned or signed document (PDF, image).",
    )
    issue_date = fields.Date(tracking=True)
    expiry_date = fields.Date(
        compute="_compute_expiry_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Computed from the issue date and the type's validity; may be entered "
        "when the document states its own.",
    )
    state = fields.Selection(
        DOCUMENT_STATES,
        string="Status",
        default="missing",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        protected=True,
        group_expand=True,  # kanban columns in the workflow's order
    )
    rejection_reason = fields.Text(
        tracking=True, copy=False, help="Shown to the client, who sends the file again."
    )
    # who checked or waived a document, and why, is the staff's (the portal shows
    # the client her documents without them)
    verified_by_id = fields.Many2one(
        "res.users", copy=False, readonly=True, protected=True, groups="base.group_user"
    )
    verified_on = fields.Datetime(
        copy=False, readonly=True, protected=True, groups="base.group_user"
    )
    waiver_reason = fields.Text(
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="Why the client's file may go on without this document (a manager "
        "records the waiver).",
    )
    waived_by_id = fields.Many2one(
        "res.users", copy=False, readonly=True, protected=True, groups="base.group_user"
    )
    waived_on = fields.Datetime(
        copy=False, readonly=True, protected=True, groups="base.group_user"
    )
    previous_id = fields.Many2one(
        "advisory.client.document",
        string="Supersedes",
        copy=False,
        readonly=True,
        index="btree_not_null",
        protected=True,
    )
    superseded_by_id = fields.Many2one(
        "advisory.client.document",
        copy=False,
        readonly=True,
        protected=True,
    )
    active = fields.Boolean(default=True, protected=True)
    is_expiring = fields.Boolean(
        compute="_compute_is_expiring",
        search="_search_is_expiring",
        string="Expiring in 30 Days",
    )
    needs_verification = fields.Boolean(related="type_id.needs_verification")
    relationship_manager_id = fields.Many2one(
        related="partner_id.relationship_manager_id", string="Relationship Manager"
    )

    @api.depends("issue_date", "type_id.validity_months")
    def _compute_expiry_date(self):
        for document in self:
            months = document.type_id.validity_months
            if document.issue_date and months:
                document.expiry_date = document.issue_date + relativedelta(
                    months=months, days=-1
                )
            elif not document.expiry_date:
                document.expiry_date = False

    def _expiring_limit(self):
        return fields.Date.context_today(self) + relativedelta(days=EXPIRING_DAYS)

    @api.depends("expiry_date", "state")
    def _compute_is_expiring(self):
        limit = self._expiring_limit()
        for document in self:
            document.is_expiring = bool(
                document.state in VALID_STATES
                and document.expiry_date
                and document.expiry_date <= limit
            )

    def _search_is_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the expiry."))
        domain = [
            ("state", "in", VALID_STATES),
            ("expiry_date", "!=", False),
            ("expiry_date", "<=", self._expiring_limit()),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("type_id", "partner_id", "state")
    def _compute_display_name(self):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for document in self:
            document.display_name = self.env._(
                "%(type)s – %(client)s (%(state)s)",
                type=document.type_id.name or "",
                client=document.partner_id.name or "",
                state=labels.get(document.state, ""),
            )

    # ------------------------------------------------------------------
    # CRUD: a document with its file arrives as received; a verified one is frozen
    # ------------------------------------------------------------------

    FROZEN_FIELDS = (
        "partner_id",
        "type_id",
        "company_id",
        "attachment_ids",
        "issue_date",
        "expiry_date",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("waiver_reason") for vals in vals_list):
            self._check_manager(self.env._("record a waiver"))
        documents = super().create(vals_list)
        received = documents.filtered(
            lambda document: document.attachment_ids and document.state == "missing"
        )
        if received:
            received._write_state("received")
        documents._link_attachments()
        return documents

    def write(self, vals):
        if not self.env.su and set(vals) & set(self.FROZEN_FIELDS):
            frozen = self.filtered(lambda d: d.state in ("verified", "expired"))
            if frozen:
                raise UserError(
                    self.env._(
                        "%(document)s is verified: its file and dates are a record "
                        "of what was checked. Upload a new version instead.",
                        document=frozen[0].display_name,
                    )
                )
        if not self.env.su and "waiver_reason" in vals:
            self._check_manager(self.env._("record a waiver"))
            if self.filtered("waived_by_id"):
                raise UserError(
                    self.env._(
                        "The waiver of %(document)s is recorded: it cannot be changed.",
                        document=self.filtered("waived_by_id")[0].display_name,
                    )
                )
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._link_attachments()
            arrived = self.filtered(
                lambda d: d.attachment_ids and d.state in ("missing", "rejected")
            )
            if arrived:
                arrived._write_state("received", rejection_reason=False)
        return result

    def _link_attachments(self):
        """The files uploaded for the document belong to it: readable by whoever
        reads it. Only the user's own fresh uploads move; a file of another record
        stays where it is."""
        for document in self:
            uploads = document.attachment_ids.filtered(
                lambda a, d=document: not a.res_id
                and a.res_model in (False, d._name)
                and (self.env.su or a.create_uid == self.env.user)
            )
            if uploads:
                # sudo: re-homing the user's own uploads writes res_model/res_id
                uploads.sudo().write(
                    {"res_model": document._name, "res_id": document.id}
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_verified(self):
        if self.env.su:
            return
        if self.filtered(lambda d: d.state in ("verified", "expired") or d.previous_id):
            raise UserError(
                self.env._(
                    "A verified document and the history of its versions stay in "
                    "the client's file: archive nothing, upload a new version."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _check_manager(self, action_label):
        if not (self.env.su or self.env.user.has_group(MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only an advisory manager can %(action)s on a client document.",
                    action=action_label,
                )
            )

    def action_verify(self):
        self._check_state_in(("received",), self.env._("be verified"))
        self._check_manager(self.env._("verify"))
        for document in self:
            if not document.attachment_ids:
                raise UserError(
                    self.env._(
                        "Attach the file of %(document)s before verifying it.",
                        document=document.display_name,
                    )
                )
            # the uploader is who attached or changed the files (a client's
            # upload to a manager's request is verified by that manager)
            files = document.attachment_ids
            if self.env.user in files.create_uid | files.write_uid:
                raise UserError(
                    self.env._(
                        "You uploaded %(document)s: another manager verifies it.",
                        document=document.display_name,
                    )
                )
        self._write_state(
            "verified", verified_by_id=self.env.uid, verified_on=fields.Datetime.now()
        )
        self._supersede_previous()
        return True

    def action_reject(self):
        self._check_state_in(("received",), self.env._("be rejected"))
        self._check_manager(self.env._("reject"))
        for document in self:
            if not (document.rejection_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter the rejection reason of %(document)s (the client is "
                        "told what to send instead).",
                        document=document.display_name,
                    )
                )
        self._write_state("rejected")
        return True

    def action_waive(self):
        self._check_state_in(
            ("missing", "rejected", "expired"), self.env._("be waived")
        )
        self._check_manager(self.env._("record a waiver"))
        for document in self:
            if not (document.waiver_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter why %(document)s may be waived before waiving it.",
                        document=document.display_name,
                    )
                )
        self._as_system().write(
            {"waived_by_id": self.env.uid, "waived_on": fields.Datetime.now()}
        )
        return True

    def action_new_version(self):
        """A new document of the same type for the client, superseding this one
        once it is verified."""
        self.ensure_one()
        self._check_state_in(
            ("verified", "expired", "rejected"), self.env._("get a new version")
        )
        if self.superseded_by_id:
            raise UserError(
                self.env._(
                    "%(document)s already has a newer version.",
                    document=self.display_name,
                )
            )
        version = self.create(
            {
                "partner_id": self.partner_id.id,
                "type_id": self.type_id.id,
                "company_id": self.company_id.id,
            }
        )
        self._as_system().write({"superseded_by_id": version.id})
        version._as_system().write({"previous_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": version.id,
            "view_mode": "form",
        }

    def _supersede_previous(self):
        """Once verified, a new version retires the one it replaces (kept archived
        in the history)."""
        previous = self.previous_id.filtered("active")
        if previous:
            previous._as_system().write({"active": False})

    # ------------------------------------------------------------------
    # Portal: the client sends the files asked of her
    # ------------------------------------------------------------------

    def _portal_is_requested(self):
        """Whether the client is asked for a file of this document: it is missing,
        rejected or expired, and no newer version replaces it."""
        self.ensure_one()
        return self.state in PORTAL_REQUESTED_STATES and not self.superseded_by_id

    def _portal_file_names(self):
        """The names of the document's files, for its page in the portal."""
        self.ensure_one()
        self.check_access("read")
        # sudo: portal users get no access to attachments in Odoo; the client sees
        # the names of her document's files (not their content)
        return self.sudo().attachment_ids.mapped("name")

    def _portal_receive_files(self, files):
        """Attach the ``files`` the client sent for this document (``[(name,
        content, mimetype)]``, checked by the portal) and tell the relationship
        manager. The document waits for verification (or is received when its type
        needs none); an expired one is a record of what was checked, so the files go
        to a new version of it. Returns the document that received them."""
        self.ensure_one()
        self.check_access("read")
        if not self._portal_is_requested():
            raise UserError(
                self.env._(
                    "%(document)s is not waiting for a file from you.",
                    document=self.type_id.name,
                )
            )
        # sudo: a portal user only reads her documents (ACL); her files come in
        # through this path only, for a document of hers that asks for them (the
        # acting user stays hers: tracking and the files' authors name her)
        document = self.sudo()
        if document.state == "expired":
            document = document.browse(document.action_new_version()["res_id"])
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "mimetype": mimetype,
                        "res_model": document._name,
                        "res_id": document.id,
                    }
                    for name, content, mimetype in files
                ]
            )
        )
        document.write({"attachment_ids": [Command.set(attachments.ids)]})
        document.message_post(
            body=self.env._(
                "The client sent %(files)s through the portal.",
                files=", ".join(attachments.mapped("name")),
            ),
            author_id=self.env.user.partner_id.id,
            partner_ids=document.partner_id.relationship_manager_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return document.sudo(False)

    # ------------------------------------------------------------------
    # Scheduled job
    # ------------------------------------------------------------------

    @api.model
    def _cron_expire_documents(self):
        """Expire the documents past their expiry date and give each relationship
        manager one to-do per client listing what to renew. Safe to run again: an
        expired document no longer matches, and a client with an open renewal
        to-do gets no second one."""
        today = fields.Date.context_today(self)
        documents = self.search(
            [("state", "in", VALID_STATES), ("expiry_date", "<", today)], order="id"
        )
        self._run_batches(
            [
                self.browse(ids)
                for ids in split_every(DOCUMENT_CRON_BATCH, documents.ids)
            ],
            lambda batch: batch._write_state("expired"),
        )
        # the clients whose documents expired in this run: one to-do each (a file
        # left expired afterwards is the early warning's matter)
        clients = documents.exists().filtered(lambda d: d.state == "expired").partner_id
        self._run_batches(
            [
                clients.browse(ids)
                for ids in split_every(DOCUMENT_CRON_BATCH, clients.ids)
            ],
            lambda batch: batch._schedule_document_renewal(),
        )
