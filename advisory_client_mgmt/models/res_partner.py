from collections import defaultdict
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, groupby, split_every

from ..fields import NullableFloat
from .advisory_protected_mixin import ADVISOR_GROUP, MANAGER_GROUP

ACQUISITION_CHANNELS = [
    ("website", "Website"),
    ("phone", "Phone"),
    ("meeting", "Meeting"),
    ("event", "Event"),
    ("referral", "Referral"),
    ("other", "Other"),
]

LIFECYCLE_STATES = [
    ("prospect", "Prospect"),
    ("active", "Active"),
    ("dormant", "Dormant"),
    ("churned", "Churned"),
]

# (flag, date) pairs: ticking the flag without a date sets the date to today
ADVISORY_FLAG_DATES = (
    ("strategic_partner", "strategic_partner_since"),
    ("data_processing_consent", "data_processing_consent_date"),
    ("marketing_consent", "marketing_consent_date"),
)

LIFECYCLE_CRON_BATCH = 1000
# the fields deciding which advisors serve a client (advisory_access_user_ids)
ACCESS_FIELDS = frozenset({"relationship_manager_id", "client_team_ids"})


def assign_access_users(records, users_of):
    """Set ``advisory_access_user_ids`` of ``records`` to ``users_of(record)``, in
    a compute method: one assignment per distinct list, which the ORM writes in
    one batch, where an assignment per record costs two queries a record (a
    manager reassigning 5,000 clients recomputes 5,000 clients and their
    engagements)."""
    for users, group in groupby(records, users_of):
        records.browse([record.id for record in group]).advisory_access_user_ids = users


class ResPartner(models.Model):
    # _advisory_contract_status() is implemented in advisory_contract.py
    _name = "res.partner"  # pylint: disable=consider-merging-classes-inherited
    # the mixin first: it drops the caller's tracking_disable before mail.thread
    # reads it
    _inherit = ("advisory.protected.mixin", "res.partner")

    is_advisory_client = fields.Boolean(
        string="Advisory Client",
        index=True,
        tracking=True,
        help="The partner is a client (or prospect) of the advisory firm.",
        groups=ADVISOR_GROUP,
    )
    advisory_ref = fields.Char(
        string="Client Reference",
        readonly=True,
        copy=False,
        index=True,
        help="Given when the partner becomes an advisory client.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    lifecycle_state = fields.Selection(
        LIFECYCLE_STATES,
        string="Lifecycle",
        tracking=True,
        index=True,
        copy=False,
        protected=True,
        groups=ADVISOR_GROUP,
    )
    lifecycle_changed_on = fields.Date(
        readonly=True, copy=False, protected=True, groups=ADVISOR_GROUP
    )
    churn_reason = fields.Text(tracking=True, copy=False, groups=ADVISOR_GROUP)
    acquisition_channel = fields.Selection(ACQUISITION_CHANNELS, groups=ADVISOR_GROUP)
    relationship_manager_id = fields.Many2one(
        "res.users",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        copy=False,
        protected=MANAGER_GROUP,
        groups=ADVISOR_GROUP,
    )
    client_team_ids = fields.Many2many(
        "res.users",
        "advisory_partner_team_rel",
        "partner_id",
        "user_id",
        domain="[('share', '=', False)]",
        help="Advisors working for this client besides the relationship manager.",
        # an archived member keeps her place: reactivated, she serves again
        context={"active_test": False},
        copy=False,
        protected=MANAGER_GROUP,
        groups=ADVISOR_GROUP,
    )
    # the advisors' record rules read this one list: an indexed join, where the
    # two conditions on the client (manager, team) made every check scan all contacts
    advisory_access_user_ids = fields.Many2many(
        "res.users",
        "advisory_partner_access_rel",
        "partner_id",
        "user_id",
        string="Staff Serving the Client",
        compute="_compute_advisory_access_user_ids",
        store=True,
        context={"active_test": False},
        protected=True,
        groups=ADVISOR_GROUP,
        help="The relationship manager and the client team: the advisors who see "
        "this client's records.",
    )
    legal_representative = fields.Char(groups=ADVISOR_GROUP)
    registration_number = fields.Char(
        index=True,
        tracking=True,
        copy=False,
        help="Company registration number, unique among the advisory clients of a "
        "company.",
        groups=ADVISOR_GROUP,
    )
    advisory_currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        groups=ADVISOR_GROUP,
    )
    registered_capital = fields.Monetary(
        currency_field="advisory_currency_id", groups=ADVISOR_GROUP
    )
    founding_date = fields.Date(groups=ADVISOR_GROUP)
    strategic_partner = fields.Boolean(tracking=True, groups=ADVISOR_GROUP)
    strategic_partner_since = fields.Date(groups=ADVISOR_GROUP)
    preferred_contact_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("meeting", "Meeting"),
            ("video", "Video Call"),
            ("messaging", "Messaging"),
        ],
        groups=ADVISOR_GROUP,
    )
    contact_frequency = fields.Selection(
        [
            ("weekly", "Weekly"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("semiannual", "Semiannual"),
            ("annual", "Annual"),
        ],
        groups=ADVISOR_GROUP,
    )
    data_processing_consent = fields.Boolean(
        tracking=True,
        help="The client agrees that the firm processes its data beyond the "
        "contract: satisfaction surveys (its answers are scored and may open "
        "feedback tickets) are sent only with this consent. The contacts of a "
        "company follow the company's consent.",
        groups=ADVISOR_GROUP,
    )
    data_processing_consent_date = fields.Date(
        help="The day the data processing consent was given (today when it is "
        "ticked without a date).",
        groups=ADVISOR_GROUP,
    )
    marketing_consent = fields.Boolean(
        tracking=True,
        help="The client agrees to receive greetings, event invitations and "
        "newsletters: none is sent without this consent. The contacts of a company "
        "follow the company's consent.",
        groups=ADVISOR_GROUP,
    )
    marketing_consent_date = fields.Date(
        help="The day the marketing consent was given (today when it is ticked "
        "without a date).",
        groups=ADVISOR_GROUP,
    )
    financial_statement_ids = fields.One2many(
        "advisory.financial.statement",
        "partner_id",
        string="Financial Statements",
        groups=ADVISOR_GROUP,
    )
    latest_statement_id = fields.Many2one(
        "advisory.financial.statement",
        compute="_compute_latest_statement_id",
        store=True,
        groups=ADVISOR_GROUP,
        protected=True,
    )
    latest_debt_ratio = NullableFloat(
        related="latest_statement_id.debt_ratio",
        groups=ADVISOR_GROUP,
    )
    latest_net_margin = NullableFloat(
        related="latest_statement_id.net_margin",
        groups=ADVISOR_GROUP,
    )
    latest_current_ratio = NullableFloat(
        related="latest_statement_id.current_ratio",
        groups=ADVISOR_GROUP,
    )
    last_contact_date = fields.Datetime(
        readonly=True,
        copy=False,
        help="Last interaction with the client (message, email or done activity), "
        "refreshed daily.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    next_contact_date = fields.Date(
        compute="_compute_next_contact_date",
        store=True,
        help="Next date of the client's active communication plans.",
        protected=True,
        groups=ADVISOR_GROUP,
    )
    communication_plan_ids = fields.One2many(
        "advisory.communication.plan",
        "partner_id",
        string="Communication Plans",
        groups=ADVISOR_GROUP,
    )
    financial_statement_count = fields.Integer(
        compute="_compute_advisory_counts",
        groups=ADVISOR_GROUP,
    )
    communication_plan_count = fields.Integer(
        compute="_compute_advisory_counts",
        groups=ADVISOR_GROUP,
    )
    engagement_count = fields.Integer(
        compute="_compute_advisory_counts",
        groups=ADVISOR_GROUP,
    )
    lifecycle_event_ids = fields.One2many(
        "advisory.lifecycle.event",
        "partner_id",
        string="Lifecycle History",
        groups=ADVISOR_GROUP,
    )

    @api.depends("relationship_manager_id", "client_team_ids")
    def _compute_advisory_access_user_ids(self):
        # an archived team member keeps her place: reactivated, she serves again
        assign_access_users(
            self.with_context(active_test=False),
            lambda partner: partner.relationship_manager_id | partner.client_team_ids,
        )

    @api.depends("financial_statement_ids.period_end")
    def _compute_latest_statement_id(self):
        for partner in self:
            partner.latest_statement_id = max(
                partner.financial_statement_ids.filtered("period_end"),
                key=lambda statement: statement.period_end,
                default=False,
            )

    @api.depends("communication_plan_ids.next_date", "communication_plan_ids.active")
    def _compute_next_contact_date(self):
        for partner in self:
            partner.next_contact_date = min(
                (
                    plan.next_date
                    for plan in partner.communication_plan_ids
                    if plan.active and plan.next_date
                ),
                default=False,
            )

    @api.model
    def _advisory_counts(self):
        """``{count field: (model, domain)}`` of the client's smart buttons: the
        records of ``model`` of the client (``partner_id``) matching ``domain`` that
        the user may read. The addons add theirs; :meth:`_compute_advisory_counts`
        counts them all in one query."""
        return {
            "engagement_count": ("advisory.engagement", []),
            "financial_statement_count": ("advisory.financial.statement", []),
            "communication_plan_count": ("advisory.communication.plan", []),
        }

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_advisory_counts(self):
        # one UNION ALL of the grouped counts, each with the user's record rules
        # (Model._search): a count per query cost the client form a round trip
        # and a read_group each
        counts = self._advisory_counts()
        found = defaultdict(int)
        selects = []
        for name, (model, domain) in counts.items():
            Model = self.env[model]
            if not self.ids or not Model.has_access("read"):
                continue
            query = Model._search([("partner_id", "in", self.ids), *domain])
            partner = Model._field_to_sql(query.table, "partner_id", query)
            query.groupby = partner
            selects.append(
                SQL("(%s)", query.select(SQL("%s", name), partner, SQL("COUNT(*)")))
            )
        if selects:
            rows = self.env.execute_query(SQL(" UNION ALL ").join(selects))
            for name, partner_id, count in rows:
                found[name, partner_id] = count
        for partner in self:
            for name in counts:
                partner[name] = found[name, partner.id]

    @api.constrains("founding_date")
    def _check_founding_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.founding_date and partner.founding_date > today:
                raise ValidationError(
                    self.env._(
                        "The founding date of %(client)s cannot be in the future.",
                        client=partner.display_name,
                    )
                )

    @api.constrains("registered_capital")
    def _check_registered_capital(self):
        for partner in self:
            if partner.registered_capital < 0:
                raise ValidationError(
                    self.env._(
                        "The registered capital of %(client)s cannot be negative.",
                        client=partner.display_name,
                    )
                )

    @api.constrains("lifecycle_state", "churn_reason")
    def _check_churn_reason(self):
        for partner in self:
            if (
                partner.lifecycle_state == "churned"
                and not (partner.churn_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "%(client)s is churned: enter a churn reason.",
                        client=partner.display_name,
                    )
                )

    def init(self):
        super().init()
        # The guard of the registration numbers' uniqueness among the advisory
        # clients of a company (partners without a company share one "company",
        # 0); create and write check the new values before the database does
        # (_check_registration_number_entries), for a message naming the client.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s "
                "(COALESCE(company_id, 0), registration_number) "
                "WHERE is_advisory_client AND registration_number IS NOT NULL",
                SQL.identifier("res_partner_advisory_registration_number_uniq"),
                SQL.identifier(self._table),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        today = fields.Date.context_today(self)
        registrations = []
        for vals in vals_list:
            if vals.get(
                "is_advisory_client", context.get("default_is_advisory_client")
            ) and vals.get("registration_number"):
                registrations.append(
                    (
                        False,
                        vals.get("company_id", context.get("default_company_id")),
                        vals["registration_number"],
                        vals.get("name") or "",
                    )
                )
            for flag, date_field in ADVISORY_FLAG_DATES:
                if vals.get(flag, context.get(f"default_{flag}")) and not vals.get(
                    date_field, context.get(f"default_{date_field}")
                ):
                    vals[date_field] = today
        # a readable message before the unique index's bare SQL error (see init)
        self._check_registration_number_entries(registrations)
        partners = super().create(vals_list)
        if any(vals.get("lifecycle_state") for vals in vals_list):
            # only the system creates partners in a lifecycle state (protected)
            self.env["advisory.lifecycle.event"]._log_changes(
                partners.filtered("lifecycle_state"), {}
            )
        if context.get("default_is_advisory_client") or any(
            vals.get("is_advisory_client") for vals in vals_list
        ):
            # a new client is a prospect with a client reference (protected
            # fields: given by the system, after the creation the user made)
            partners._advisory_init_clients()
        # (a manager may give the relationship manager or team as defaults)
        self._flush_advisory_access()
        return partners

    def write(self, vals):
        today = fields.Date.context_today(self)
        # sudo: the client fields are read whoever writes the partner
        if not self.env.su and vals.keys() & self._checked_field_names():
            # an advisor changes the advisory data of the clients she serves only
            self._check_client_served(self.sudo().filtered("is_advisory_client").ids)
        becoming_clients = (
            self.sudo().filtered(lambda partner: not partner.is_advisory_client)
            if vals.get("is_advisory_client")
            else self.browse()
        )
        if {"registration_number", "company_id", "is_advisory_client"} & vals.keys():
            # as in create, a readable message before the unique index.
            # sudo: a user without an advisory role may move a client contact to
            # another company; the client fields are read to check it all the same
            self._check_registration_number_entries(
                [
                    (
                        partner.id,
                        vals.get("company_id", partner.company_id.id),
                        vals.get("registration_number", partner.registration_number),
                        partner.display_name,
                    )
                    for partner in self.sudo()
                    if vals.get("is_advisory_client", partner.is_advisory_client)
                    and vals.get("registration_number", partner.registration_number)
                ]
            )
        old_states = (
            {partner.id: partner.lifecycle_state for partner in self}
            if "lifecycle_state" in vals
            else None
        )
        if "lifecycle_state" in vals and "lifecycle_changed_on" not in vals:
            changed = self.filtered(
                lambda partner: partner.lifecycle_state != vals["lifecycle_state"]
            )
            unchanged = self - changed
            result = super(ResPartner, changed).write(
                dict(vals, lifecycle_changed_on=today)
            )
            if unchanged:
                result = result and super(ResPartner, unchanged).write(vals)
        else:
            result = super().write(vals)
        if becoming_clients:
            becoming_clients.with_env(self.env)._advisory_init_clients()
        for flag, date_field in ADVISORY_FLAG_DATES:
            if vals.get(flag) and not vals.get(date_field):
                undated = self.filtered(
                    lambda partner, flag=flag, date_field=date_field: partner[flag]
                    and not partner[date_field]
                )
                if undated:
                    super(ResPartner, undated).write({date_field: today})
        if old_states is not None:
            self.env["advisory.lifecycle.event"]._log_changes(self, old_states)
        if ACCESS_FIELDS & vals.keys():
            self._flush_advisory_access()
        return result

    @api.model
    def _served_clients_sql(self, user_ids):
        """The ids of the clients served by ``user_ids``, as an SQL subquery on
        the table of the staff lists, for the search method of a record rule's
        field: under an OR in a rule, PostgreSQL builds the whole list of the
        served clients, and through a search on the contacts it reads every
        contact's id to build it (12 ms for an advisor of 5,000 clients among
        100,000, 1.4 ms from the list's table alone)."""
        if not all(
            isinstance(user_id, int) and not isinstance(user_id, bool)
            for user_id in user_ids
        ):
            raise UserError(self.env._("Staff are given by their user ids."))
        field = self._fields["advisory_access_user_ids"]
        return SQL(
            "(SELECT %s FROM %s WHERE %s IN %s)",
            SQL.identifier(field.column1),
            SQL.identifier(field.relation),
            SQL.identifier(field.column2),
            tuple(user_ids) or (None,),
        )

    @api.model
    def _served_clients_domain(self, client_field, operator, value):
        """The domain of the search method of a "client served by" field of a
        record rule: the records whose client (``client_field``) is served by the
        users ``value`` (see :meth:`_served_clients_sql`)."""
        if operator not in ("in", "="):
            raise UserError(
                self.env._("Records are searched by the staff serving their client.")
            )
        user_ids = [value] if isinstance(value, int) else list(value)
        return [(client_field, "in", self._served_clients_sql(user_ids))]

    @api.model
    def _flush_advisory_access(self):
        """The record rules read the staff serving a client or an engagement in
        SQL, where Odoo does not compute a pending many2many first: after a change
        of a relationship manager or a team, compute the lists at once, so that the
        rest of the transaction sees the new access."""
        self.flush_model(["advisory_access_user_ids"])
        self.env["advisory.engagement"].flush_model(["advisory_access_user_ids"])

    def action_lifecycle_activate(self):
        self._check_can_lifecycle_activate()
        self._do_lifecycle_activate()
        return True

    def action_lifecycle_churn(self):
        self._check_can_lifecycle_churn()
        self._do_lifecycle_churn()
        return True

    def action_lifecycle_reactivate(self):
        self._check_can_lifecycle_reactivate()
        self._do_lifecycle_reactivate()
        return True

    def action_view_financial_statements(self):
        return self._advisory_action(
            "advisory_client_mgmt.advisory_financial_statement_action"
        )

    def action_view_communication_plans(self):
        return self._advisory_action(
            "advisory_client_mgmt.advisory_communication_plan_action"
        )

    def action_view_engagements(self):
        return self._advisory_action("advisory_client_mgmt.advisory_engagement_action")

    def action_view_lifecycle_events(self):
        return self._advisory_action(
            "advisory_client_mgmt.advisory_lifecycle_event_action"
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _next_advisory_ref(self):
        return self.env["ir.sequence"].next_by_code("advisory.client")

    def _advisory_init_clients(self):
        """Give the advisory clients of ``self`` that have none a lifecycle state
        (prospect), a client reference and, when an advisor made them clients, a
        relationship manager: that advisor, until a manager decides otherwise."""
        # sudo: the client fields are read whoever created the partner
        clients = self.sudo().filtered("is_advisory_client")
        user = self.env.user
        if not self.env.su and user.has_group(ADVISOR_GROUP):
            unmanaged = clients.filtered(
                lambda partner: not partner.relationship_manager_id
            )
            if unmanaged:
                unmanaged._as_system().write({"relationship_manager_id": user.id})
        prospects = clients.filtered(lambda partner: not partner.lifecycle_state)
        if prospects:
            prospects._as_system().write({"lifecycle_state": "prospect"})
        for partner in clients.filtered(lambda partner: not partner.advisory_ref):
            partner._as_system().write({"advisory_ref": self._next_advisory_ref()})

    def _check_registration_number_entries(self, entries):
        """Refuse registration numbers used by another advisory client of the same
        company (partners without a company count as one company).

        :param entries: ``(partner id or False, company id or False, number, name)``
            for each advisory client of the operation, with the values it will have;
            the records of ``self`` are compared with these values, not with the ones
            in the database.
        """
        if not entries:
            return
        # sudo: the number is unique among all the company's clients, including
        # those the current user cannot read (record rules of other companies).
        existing = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("is_advisory_client", "=", True),
                    ("registration_number", "in", list({e[2] for e in entries})),
                    ("id", "not in", self.ids + [e[0] for e in entries if e[0]]),
                ]
            )
        )
        used = {
            (partner.company_id.id or 0, partner.registration_number): partner
            for partner in existing
        }
        for _partner_id, company_id, number, name in entries:
            key = (company_id or 0, number)
            other = used.get(key)
            if isinstance(other, models.BaseModel):
                raise ValidationError(
                    self.env._(
                        "Registration number %(number)s is already used by advisory "
                        "client %(client)s (%(ref)s).",
                        number=number,
                        client=other.display_name,
                        ref=other.advisory_ref or "-",
                    )
                )
            if other is not None:
                raise ValidationError(
                    self.env._(
                        "Registration number %(number)s is given to two advisory "
                        "clients: %(client)s and %(other)s.",
                        number=number,
                        client=name,
                        other=other,
                    )
                )
            used[key] = name

    def _check_advisory_user(self):
        if not (
            self.env.su
            or self.env.user.has_group("advisory_client_mgmt.group_advisory_user")
        ):
            raise AccessError(
                self.env._(
                    "Only advisors can change the lifecycle of advisory clients."
                )
            )
        self.check_access("write")
        self._check_client_served(self.ids)

    def _lifecycle_label(self):
        self.ensure_one()
        if not self.lifecycle_state:
            return self.env._("not an advisory client")
        return dict(self._fields["lifecycle_state"]._description_selection(self.env))[
            self.lifecycle_state
        ]

    def _check_can_lifecycle_activate(self):
        self._check_advisory_user()
        for partner in self:
            if partner.lifecycle_state not in ("prospect", "dormant"):
                raise UserError(
                    self.env._(
                        "%(client)s cannot be activated: only prospects and dormant "
                        "clients can (it is %(state)s).",
                        client=partner.display_name,
                        state=partner._lifecycle_label(),
                    )
                )

    def _do_lifecycle_activate(self):
        self._as_system().write({"lifecycle_state": "active"})

    def _check_can_lifecycle_churn(self):
        self._check_advisory_user()
        for partner in self:
            if not partner.lifecycle_state or partner.lifecycle_state == "churned":
                raise UserError(
                    self.env._(
                        "%(client)s cannot be marked as churned: it is %(state)s.",
                        client=partner.display_name,
                        state=partner._lifecycle_label(),
                    )
                )
            if not (partner.churn_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter a churn reason for %(client)s before marking it as "
                        "churned.",
                        client=partner.display_name,
                    )
                )

    def _do_lifecycle_churn(self):
        self._as_system().write({"lifecycle_state": "churned"})

    def _check_can_lifecycle_reactivate(self):
        self._check_advisory_user()
        for partner in self:
            if partner.lifecycle_state != "churned":
                raise UserError(
                    self.env._(
                        "%(client)s cannot be reactivated: only churned clients can "
                        "(it is %(state)s).",
                        client=partner.display_name,
                        state=partner._lifecycle_label(),
                    )
                )

    def _do_lifecycle_reactivate(self):
        # the old reason stays in the chatter (tracked field)
        self._as_system().write({"lifecycle_state": "prospect", "churn_reason": False})

    def _advisory_schedule_todo(self, activity_type, summary, notes):
        """An activity of ``activity_type`` (a reminder of a scheduled job) for the
        relationship manager of each client of ``self`` that has none open of that
        type (``notes``: {partner: note}). The open ones of the whole batch are
        read at once."""
        open_todos = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )
        todo_keys = {(todo.res_id, todo.user_id.id) for todo in open_todos}
        for partner in self:
            user = partner.relationship_manager_id
            if not user or (partner.id, user.id) in todo_keys:
                continue
            partner.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=summary,
                note=notes.get(partner),
            )

    # ------------------------------------------------------------------
    # Consents: what the system may send to a client
    # ------------------------------------------------------------------

    @api.model
    def _advisory_consent_purposes(self):
        """What the system sends to clients and the consent each kind needs:
        ``{purpose: (consent field, what is sent)}``.

        Surveys need the data processing consent (the answers are processed:
        service follow-up, not marketing); greetings, invitations and newsletters
        the marketing consent. A user's sending calls
        :meth:`_advisory_check_consent`; a scheduled one skips
        :meth:`_advisory_consent_missing` and notes it with
        :meth:`_advisory_note_consent_missing`. An addon sending something new
        extends this method.
        """
        return {
            "survey": (
                "data_processing_consent",
                self.env._("satisfaction surveys"),
            ),
            "marketing": (
                "marketing_consent",
                self.env._("greetings, event invitations and newsletters"),
            ),
        }

    def _advisory_consent_missing(self, purpose):
        """The partners of ``self`` to which nothing of ``purpose`` is sent: their
        client (the commercial partner; a company's contacts follow its consent)
        has not given the consent ``purpose`` needs.

        :param purpose: a key of :meth:`_advisory_consent_purposes`
        :return: the partners of ``self`` without the consent
        """
        field = self._advisory_consent_purposes()[purpose][0]
        # sudo: the consent decides what the system sends, whoever makes it send
        # (a scheduled job, a project manager closing a project); the consent
        # fields themselves are the advisors'
        missing = self.sudo().filtered(
            lambda partner: not partner.commercial_partner_id[field]
        )
        return self.browse(missing.ids)

    def _advisory_with_consent(self, purpose):
        """The partners of ``self`` whose client gave the consent ``purpose``
        needs."""
        return self - self._advisory_consent_missing(purpose)

    def _advisory_consent_refusal(self, purpose):
        """The sentence saying why nothing of ``purpose`` is sent to the partner of
        ``self``: its client and the consent it has not given."""
        self.ensure_one()
        field, what = self._advisory_consent_purposes()[purpose]
        # sudo: the client's name, whoever may read the contact's company
        return self.env._(
            "%(client)s has not given the %(consent)s that %(what)s need.",
            client=self.sudo().commercial_partner_id.display_name,
            consent=self._fields[field]._description_string(self.env),
            what=what,
        )

    def _advisory_check_consent(self, purpose):
        """Refuse a user's sending of ``purpose`` to the partners of ``self`` when
        one of them lacks the consent it needs (``UserError`` naming the client
        and the consent): call it before anything is sent or written."""
        missing = self._advisory_consent_missing(purpose)
        if missing:
            raise UserError(
                self.env._(
                    "%(reason)s Nothing was sent: record the consent on the "
                    "client's Advisory tab first.",
                    reason=missing[0]._advisory_consent_refusal(purpose),
                )
            )

    def _advisory_note_consent_missing(self, purpose, what_not_sent):
        """Note in the chatter of the clients of the partners of ``self`` (one
        internal note each) that something was not sent to them for lack of the
        consent ``purpose`` needs. The caller decides how often (e.g. once per
        survey round): a scheduled job must not note the same refusal every day.

        :param what_not_sent: the sentence saying what was not sent, or
            ``{client id: sentence}``
        """
        # sudo: the note is the system's, whoever made it send (a scheduled job,
        # a project manager); the reason reads the client's consent
        clients = self.sudo().commercial_partner_id
        if not clients:
            return self.env["mail.message"]
        bodies = {}
        for client in clients:
            sentence = (
                what_not_sent.get(client.id, "")
                if isinstance(what_not_sent, dict)
                else what_not_sent
            )
            bodies[client.id] = (
                f"{sentence} {client._advisory_consent_refusal(purpose)}".strip()
            )
        # one internal note per client (mail.mt_note), created in one batch and
        # notifying nobody; a note is not a contact with the client (the lifecycle
        # counts comments and emails only)
        return clients._message_log_batch(bodies)

    def _advisory_action(self, xml_id):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Lifecycle cron
    # ------------------------------------------------------------------

    @api.model
    def _get_lifecycle_cron_domain(self):
        """Advisory clients whose lifecycle the cron maintains (churned clients
        only come back by hand)."""
        return [
            ("is_advisory_client", "=", True),
            ("lifecycle_state", "in", ("prospect", "active", "dormant")),
        ]

    @api.model
    def _cron_update_lifecycle(self):
        """Refresh the last contact date of advisory clients and move them through
        the lifecycle (prospect → active → dormant → active, → churned), per company,
        in batches. Safe to run again: a client only moves when its data says so."""
        partners = self.search(self._get_lifecycle_cron_domain(), order="id")
        # the batches are per company (its dormant and churn days)
        self._run_batches(
            [
                self.browse(ids)
                for company_partners in partners.grouped("company_id").values()
                for ids in split_every(LIFECYCLE_CRON_BATCH, company_partners.ids)
            ],
            lambda batch: batch._advisory_update_lifecycle(
                batch[:1].company_id or self.env.company
            ),
        )

    def _advisory_contract_status(self):
        """Contract knowledge for the lifecycle cron, overridden by the contract
        feature.

        :return: ``{partner_id: {"has_signed": bool, "has_active": bool,
            "last_end": date or False}}`` for the partners of ``self``; a partner
            missing from the result has no contract.
        """
        return {}

    def _advisory_refresh_last_contact(self):
        """Set ``last_contact_date`` to the date of the last interaction logged on
        the partners of ``self``: a message or email, or a done activity. The date
        only moves forward (it may have been set from another source)."""
        # sudo: the cron counts every interaction, whoever may read the messages
        last_dates = dict(
            self.env["mail.message"]
            .sudo()
            ._read_group(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    "|",
                    ("message_type", "in", ("comment", "email")),
                    ("mail_activity_type_id", "!=", False),
                ],
                ["res_id"],
                ["date:max"],
            )
        )
        to_write = defaultdict(lambda: self.browse())
        for partner in self:
            last_date = last_dates.get(partner.id)
            if last_date and (
                not partner.last_contact_date or last_date > partner.last_contact_date
            ):
                to_write[last_date] |= partner
        for last_date, partners in to_write.items():
            partners.write({"last_contact_date": last_date})

    def _advisory_update_lifecycle(self, company):
        """Lifecycle transitions of the partners of ``self`` (one batch of one
        company), with one write per target state."""
        self._advisory_refresh_last_contact()
        today = fields.Date.context_today(self)
        dormant_limit = today - timedelta(days=company.advisory_dormant_days)
        churn_limit = today - timedelta(days=company.advisory_churn_days)
        contracts = self._advisory_contract_status()
        to_active = self.browse()
        to_dormant = self.browse()
        to_churn = defaultdict(lambda: self.browse())
        for partner in self:
            status = contracts.get(partner.id) or {}
            has_active = status.get("has_active")
            last_end = status.get("last_end")
            last_contact = (
                partner.last_contact_date and partner.last_contact_date.date()
            )
            if partner.lifecycle_state == "prospect":
                if status.get("has_signed"):
                    to_active |= partner
            elif partner.lifecycle_state in ("active", "dormant"):
                if not has_active and last_end and last_end <= churn_limit:
                    to_churn[last_end] |= partner
                elif partner.lifecycle_state == "active":
                    # quiet since the later of the last contact and the day it
                    # became active (a client activated by hand is not dormant at once)
                    since = max(
                        last_contact or date.min,
                        partner.lifecycle_changed_on or partner.create_date.date(),
                    )
                    if not has_active and since < dormant_limit:
                        to_dormant |= partner
                elif has_active or (last_contact and last_contact >= dormant_limit):
                    to_active |= partner
        if to_active:
            to_active.write({"lifecycle_state": "active"})
        if to_dormant:
            to_dormant.write({"lifecycle_state": "dormant"})
        for last_end, partners in to_churn.items():
            partners.write(
                {
                    "lifecycle_state": "churned",
                    "churn_reason": self.env._(
                        "Last contract ended on %(date)s without renewal.",
                        date=format_date(self.env, last_end),
                    ),
                }
            )
