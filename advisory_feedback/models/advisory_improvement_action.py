from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

CRON_BATCH = 200


class AdvisoryImprovementAction(models.Model):
    _name = "advisory.improvement.action"
    _description = "Service Improvement Action"
    _inherit = ("advisory.state.mixin", "mail.thread", "mail.activity.mixin")
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(string="Action", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    feedback_id = fields.Many2one(
        "advisory.feedback",
        string="Feedback Ticket",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    review_id = fields.Many2one(
        "advisory.process.review",
        string="Process Review",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="The client concerned, when the action comes from a ticket.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    date_deadline = fields.Date(string="Deadline", required=True, tracking=True)
    description = fields.Text(help="What will change, and how.")
    state = fields.Selection(
        [
            ("draft", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        group_expand=True,  # kanban columns in the workflow's order, empty ones too
        required=True,
        index=True,
        tracking=True,
        copy=False,
        protected=True,
    )
    outcome = fields.Text(
        tracking=True, copy=False, help="What the action achieved; required to finish."
    )
    date_done = fields.Date(readonly=True, copy=False, protected=True)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    overdue_reminded_on = fields.Date(
        readonly=True,
        copy=False,
        help="When the owner was last reminded of the passed deadline.",
        protected=True,
    )

    @api.depends("feedback_id.partner_id")
    def _compute_partner_id(self):
        for action in self:
            if action.feedback_id:
                action.partner_id = action.feedback_id.partner_id

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state in ("draft", "in_progress")
                and action.date_deadline
                and action.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue actions."))
        domain = [
            ("state", "in", ("draft", "in_progress")),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_start(self):
        self._check_state_in(("draft",), self.env._("be started"))
        self._write_state("in_progress")
        return True

    def action_done(self):
        self._check_can_done()
        self._write_state("done", date_done=fields.Date.context_today(self))
        return True

    def action_cancel(self):
        self._check_state_in(("draft", "in_progress"), self.env._("be cancelled"))
        self._write_state("cancelled")
        return True

    def action_reset(self):
        self._check_state_in(("cancelled",), self.env._("be planned again"))
        self._write_state("draft")
        return True

    def _check_can_done(self):
        self._check_state_in(("draft", "in_progress"), self.env._("be finished"))
        for action in self:
            if not (action.outcome or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the outcome of %(action)s before finishing it.",
                        action=action.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------

    @api.model
    def _get_overdue_reminder_domain(self, today):
        return [
            ("state", "in", ("draft", "in_progress")),
            ("date_deadline", "<", today),
            "|",
            ("overdue_reminded_on", "=", False),
            ("overdue_reminded_on", "<", today),
        ]

    @api.model
    def _cron_remind_overdue(self):
        """Remind the owners of overdue actions with an activity, once a day at most
        (the activity stays until done; a second run the same day does nothing)."""
        today = fields.Date.context_today(self)
        actions = self.search(self._get_overdue_reminder_domain(today))
        self._run_batches(
            [self.browse(ids) for ids in split_every(CRON_BATCH, actions.ids)],
            lambda batch: batch._remind_overdue(today),
        )

    def _remind_overdue(self, today):
        """A to-do for the owner of each action of ``self`` that has none open."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        open_activity = set(
            self.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).mapped("res_id")
        )
        for action in self:
            if action.id in open_activity:
                continue
            action.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._("Improvement action overdue"),
                note=action.name,
                user_id=action.user_id.id,
            )
        self._as_system().write({"overdue_reminded_on": today})
        return True
