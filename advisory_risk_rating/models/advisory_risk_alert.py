from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .advisory_risk_alert_rule import SEVERITIES
from .common import ALL_CLIENTS_GROUPS, OFFICER_GROUP

ALERT_STATES = [
    ("open", "Open"),
    ("acknowledged", "Acknowledged"),
    ("resolved", "Resolved"),
]


class AdvisoryRiskAlert(models.Model):
    _name = "advisory.risk.alert"
    _description = "Early Warning"
    _inherit = ("advisory.client.signal.mixin", "mail.thread", "mail.activity.mixin")
    _order = "state_sequence, severity_sequence desc, date_open desc, id desc"
    _check_company_auto = True

    rule_id = fields.Many2one(
        "advisory.risk.alert.rule",
        required=True,
        index=True,
        ondelete="cascade",
        protected=True,
    )
    kind = fields.Selection(related="rule_id.kind", store=True, protected=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    severity = fields.Selection(
        related="rule_id.severity", store=True, index=True, protected=True
    )
    severity_sequence = fields.Integer(
        compute="_compute_sequences", store=True, protected=True
    )
    state_sequence = fields.Integer(
        compute="_compute_sequences", store=True, protected=True
    )
    message = fields.Char(required=True)
    date_open = fields.Datetime(
        string="Raised On", default=fields.Datetime.now, readonly=True, protected=True
    )
    date_resolved = fields.Datetime(
        string="Resolved On", readonly=True, copy=False, protected=True
    )
    resolution = fields.Text(tracking=True)
    auto_resolved = fields.Boolean(
        readonly=True,
        help="Resolved by the evaluation: the condition cleared.",
        protected=True,
    )
    state = fields.Selection(
        ALERT_STATES,
        string="Status",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        default="open",
        group_expand=True,
        protected=True,
    )

    def init(self):
        # one alert per rule and client that is not resolved (the evaluation checks
        # it too; this index also holds against concurrent runs)
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS advisory_risk_alert_open_uniq "
                "ON advisory_risk_alert (rule_id, partner_id) "
                "WHERE state != 'resolved'"
            )
        )

    @api.depends("severity", "state")
    def _compute_sequences(self):
        severity_rank = {key: rank for rank, (key, _label) in enumerate(SEVERITIES)}
        state_rank = {"open": 0, "acknowledged": 1, "resolved": 2}
        for alert in self:
            alert.severity_sequence = severity_rank.get(alert.severity, 0)
            alert.state_sequence = state_rank.get(alert.state, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_acknowledge(self):
        self._check_can_acknowledge()
        self._do_acknowledge()
        return True

    def action_resolve(self):
        self._check_can_resolve()
        self._do_resolve()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_acknowledge(self):
        self._check_state_in(("open",), self.env._("be acknowledged"))

    def _do_acknowledge(self):
        self._write_state("acknowledged")
        # the acknowledging user's to-do is done; the risk officers' stay theirs
        self.activity_ids.filtered(
            lambda activity: activity.user_id == self.env.user
        ).action_feedback(
            feedback=self.env._("Acknowledged by %(user)s", user=self.env.user.name)
        )

    def _check_can_resolve(self):
        self._check_state_in(("open", "acknowledged"), self.env._("be resolved"))
        if not any(self.env.user.has_group(group) for group in ALL_CLIENTS_GROUPS):
            raise AccessError(
                self.env._(
                    "Early warnings are resolved by a risk officer or a manager; "
                    "acknowledge it and tell them what you did."
                )
            )

    def _do_resolve(self):
        self._write_state("resolved", date_resolved=fields.Datetime.now())
        self.activity_ids.unlink()

    def _auto_resolve(self):
        """The condition cleared: resolve the alerts of ``self``."""
        if not self:
            return
        # _write_state writes as the system: the evaluation resolves the alerts,
        # whoever triggers it
        alerts = self._as_system()
        alerts._write_state(
            "resolved",
            date_resolved=fields.Datetime.now(),
            auto_resolved=True,
            resolution=self.env._("The condition cleared."),
        )
        alerts.activity_ids.unlink()

    def _schedule_activities(self):
        """A to-do per alert of ``self`` for the client's relationship manager and
        for each risk officer of the alert's company."""
        if not self:
            return
        officers = self.env.ref(OFFICER_GROUP).users.filtered(lambda u: not u.share)
        todo = self.env.ref("mail.mail_activity_data_todo")
        res_model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for alert in self:
            users = alert.partner_id.relationship_manager_id | officers.filtered(
                lambda u, alert=alert: alert.company_id in u.company_ids
            )
            vals_list += [
                {
                    "res_model_id": res_model_id,
                    "res_id": alert.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._(
                        "Early warning: %(rule)s", rule=alert.rule_id.name
                    ),
                    "note": alert.message,
                }
                for user in users
            ]
        # sudo: the activities go to the client's team, whoever raises the alert
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
