from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, plaintext2html

NEXT_ACTION_STATES = [
    ("open", "Open"),
    ("done", "Done"),
    ("ignored", "Ignored"),
    ("outcome", "Outcome"),
]


class AdvisoryNextAction(models.Model):
    """A next-best action suggested to the client's relationship manager by a
    rule: the reason, the activity scheduled on the client, and what became of it
    (done, ignored with a reason, or followed by an outcome such as a signed
    renewal or a closed ticket)."""

    _name = "advisory.next.action"
    _description = "Next-Best Action"
    _inherit = ("advisory.client.signal.mixin", "mail.thread")
    _order = "state_sequence, date_open desc, id desc"
    _check_company_auto = True
    _rec_name = "rule_id"

    rule_id = fields.Many2one(
        "advisory.next.action.rule",
        required=True,
        index=True,
        ondelete="restrict",
        protected=True,
    )
    kind = fields.Selection(related="rule_id.kind", store=True, protected=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        protected=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        readonly=True,
        protected=True,
        help="The user asked to act: the client's relationship manager when the "
        "suggestion was made.",
    )
    reason = fields.Text(required=True, readonly=True, protected=True)
    source_model = fields.Selection(
        selection="_selection_source_model",
        string="About Model",
        readonly=True,
        protected=True,
        help="Technical: the model of the record the suggestion is about.",
    )
    source_id = fields.Integer(
        string="About Record",
        readonly=True,
        protected=True,
        help="Technical: the record the suggestion is about (contract, document, "
        "project, opportunity, survey answer).",
    )
    source_name = fields.Char(string="About", readonly=True, protected=True)
    suggested_activity_ids = fields.One2many(
        "mail.activity",
        "advisory_next_action_id",
        string="Activity",
        readonly=True,
        protected=True,
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Suggested Activity",
        readonly=True,
        protected=True,
    )
    date_deadline = fields.Date(string="Due", readonly=True, protected=True)
    state = fields.Selection(
        NEXT_ACTION_STATES,
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="open",
        group_expand=True,
        protected=True,
    )
    state_sequence = fields.Integer(
        compute="_compute_state_sequence", store=True, protected=True
    )
    date_open = fields.Datetime(
        string="Suggested On",
        default=fields.Datetime.now,
        readonly=True,
        protected=True,
    )
    date_closed = fields.Datetime(
        string="Closed On",
        readonly=True,
        copy=False,
        protected=True,
        help="When the suggestion was done, ignored, or followed by its outcome.",
    )
    closed_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, protected=True
    )
    ignore_reason = fields.Text(
        tracking=True,
        copy=False,
        help="Why the suggestion is not followed (required to ignore it).",
    )
    outcome = fields.Char(
        readonly=True,
        copy=False,
        tracking=True,
        protected=True,
        help="What the suggestion led to (a signed renewal, a closed ticket...).",
    )
    date_outcome = fields.Datetime(
        string="Outcome On", readonly=True, copy=False, protected=True
    )

    def init(self):
        # one open suggestion per rule, client and source (the evaluation checks it
        # too; this index also holds against concurrent runs)
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS advisory_next_action_open_uniq "
                "ON advisory_next_action (rule_id, partner_id, "
                "COALESCE(source_model, ''), COALESCE(source_id, 0)) "
                "WHERE state = 'open'"
            )
        )

    @api.model
    def _selection_source_model(self):
        return [
            (name, self.env[name]._description)
            for name in self._nba_source_models()
            if name in self.env
        ]

    @api.model
    def _nba_source_models(self):
        """The models a suggestion may be about (modules add theirs)."""
        return [
            "res.partner",
            "advisory.contract",
            "advisory.client.document",
            "project.project",
            "crm.lead",
        ]

    @api.depends("state")
    def _compute_state_sequence(self):
        rank = {key: index for index, (key, _label) in enumerate(NEXT_ACTION_STATES)}
        for action in self:
            action.state_sequence = rank.get(action.state, 0)

    def write(self, vals):
        if "ignore_reason" in vals and not self.env.su:
            closed = self.filtered(lambda action: action.state != "open")
            if closed:
                raise UserError(
                    self.env._(
                        "Suggestion %(action)s is closed: its reason for being "
                        "ignored cannot change.",
                        action=closed[0].display_name,
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        self._check_can_done()
        self._do_done()
        return True

    def action_ignore(self, reason=None):
        """Ignore the suggestion, saying why (``reason`` or the Ignore Reason
        entered on the form)."""
        self._check_can_ignore(reason)
        self._do_ignore(reason)
        return True

    def action_open_source(self):
        """Open the record the suggestion is about, if the user may read it."""
        self.ensure_one()
        source = (
            self.env[self.source_model].browse(self.source_id)
            if self.source_model in self.env and self.source_id
            else None
        )
        if not source or not source.sudo().exists():
            raise UserError(
                self.env._(
                    "Suggestion %(action)s is about no record that still exists.",
                    action=self.display_name,
                )
            )
        source.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": source._name,
            "res_id": source.id,
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_done(self):
        self._check_state_in(("open",), self.env._("be done"))

    def _do_done(self):
        self._close("done")
        activities = self.suggested_activity_ids
        if activities:
            # sudo: the suggestion's activity closes with it, whoever of the
            # client's team marks the suggestion done (in 18 sudo keeps the user,
            # who is the message's author)
            activities.sudo().action_feedback(
                feedback=self.env._(
                    "Suggestion done by %(user)s", user=self.env.user.name
                )
            )

    def _check_can_ignore(self, reason=None):
        self._check_state_in(("open",), self.env._("be ignored"))
        if reason is not None and not isinstance(reason, str):
            raise UserError(self.env._("The reason to ignore a suggestion is a text."))
        for action in self:
            if not (reason or action.ignore_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Say why suggestion %(action)s is ignored (Ignore Reason) "
                        "before ignoring it.",
                        action=action.display_name,
                    )
                )

    def _do_ignore(self, reason=None):
        for action in self:
            action._close(
                "ignored", ignore_reason=(reason or action.ignore_reason).strip()
            )
        # the activity is no longer suggested (its unlink leaves the suggestion,
        # already ignored, as it is)
        # sudo: whoever of the client's team ignores it removes the activity
        self.suggested_activity_ids.sudo().unlink()

    def _close(self, state, **values):
        """Write the closing ``state`` as the system (after the action's checks)."""
        # one write for the batch; a suggestion closed before (done, then its
        # outcome) keeps when and by whom it was closed
        first = self.filtered(lambda action: not action.date_closed)
        first._write_state(
            state,
            date_closed=fields.Datetime.now(),
            closed_by_id=self.env.uid,
            **values,
        )
        (self - first)._write_state(state, **values)

    def _nba_done_by_activity(self, feedback=False):
        """The suggested activity was marked done: the suggestion is done (called
        in superuser mode by ``mail.activity._action_done``)."""
        actions = self.filtered(lambda action: action.state == "open")
        if not actions:
            return
        actions._close("done")
        for action in actions:
            action.message_post(
                body=self.env._(
                    "The suggested activity was marked done by %(user)s.",
                    user=self.env.user.name,
                )
                + (f" {feedback}" if feedback and isinstance(feedback, str) else ""),
                subtype_xmlid="mail.mt_note",
            )

    def _nba_activity_cancelled(self):
        """The suggested activity was deleted without being done: the suggestion
        is ignored (called in superuser mode by ``mail.activity.unlink``)."""
        actions = self.filtered(lambda action: action.state == "open")
        if actions:
            actions._close(
                "ignored",
                ignore_reason=self.env._(
                    "The suggested activity was cancelled by %(user)s.",
                    user=self.env.user.name,
                ),
            )

    @api.model
    def _nba_record_outcome(self, partners, kinds, outcome, since=None):
        """The suggestions of ``kinds`` for ``partners`` that are open or done
        (made before ``since``, default now) led to ``outcome`` (a sentence)."""
        if not partners or not kinds:
            return self.browse()
        # sudo: the outcome is the system's record of what happened to the client,
        # whoever signs the contract or closes the ticket
        actions = self.sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("kind", "in", kinds),
                ("state", "in", ("open", "done")),
                ("date_open", "<=", since or fields.Datetime.now()),
            ]
        )
        if not actions:
            return actions
        now = fields.Datetime.now()
        open_activities = actions.filtered(
            lambda a: a.state == "open"
        ).suggested_activity_ids
        actions._close("outcome", outcome=outcome, date_outcome=now)
        # the activity is no longer needed: the outcome happened
        open_activities.unlink()
        return actions

    def _nba_schedule_activities(self):
        """One activity on the client per suggestion of ``self`` (created by the
        evaluation in superuser mode), for its responsible."""
        if not self:
            return self.env["mail.activity"]
        res_model_id = self.env["ir.model"]._get_id("res.partner")
        # the activities are named after their client: the names of the batch in
        # one query (each activity would read its client alone)
        self.partner_id.mapped("display_name")
        note = self.env._(
            "Suggested by a next-best action rule: its reason is on the suggestion "
            "(the client's Suggestions button)."
        )
        vals_list = [
            {
                "res_model_id": res_model_id,
                "res_id": action.partner_id.id,
                "activity_type_id": action.activity_type_id.id,
                "user_id": action.user_id.id or False,
                "date_deadline": action.date_deadline,
                "summary": action.rule_id.summary or action.rule_id.name,
                # the activity is seen by whoever reads the client (plain
                # employees too): the reason, with the advisors' facts behind it
                # (satisfaction, NPS, documents, project KPIs), stays on the
                # suggestion, readable by the client's team only
                "note": plaintext2html(note),
                "advisory_next_action_id": action.id,
            }
            for action in self
        ]
        # sudo: the activities go to the client's team, whoever runs the
        # evaluation; no "assigned to you" email per suggestion
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
