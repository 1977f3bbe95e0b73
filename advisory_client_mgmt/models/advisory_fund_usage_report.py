from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero, float_round

from ..fields import NullableFloat
from .advisory_protected_mixin import MAX_NUMBER

REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("verified", "Verified"),
    ("rejected", "Rejected"),
]
# a report the client (or the staff on her behalf) still fills in
EDITABLE_STATES = ("draft", "rejected")
# what the client hands in with a report; frozen once it is submitted
CLIENT_FIELDS = ("attachment_ids", "client_comment")
RATIO_DIGITS = 4


def variance_ratio(planned, variance, currency):
    """The variance as a fraction of the planned amount (0.25 = 25 %); none (False)
    when nothing was planned."""
    if float_is_zero(planned, precision_rounding=currency.rounding or 0.01):
        return False
    return float_round(variance / planned, precision_digits=RATIO_DIGITS)


class AdvisoryFundUsageReport(models.Model):
    """The client's report of how she used the funds in one period of a contract's
    use-of-funds plan: the actual amount per category against the plan, with the
    evidence (invoices, bank statements). The client fills and submits it in the
    portal; the client's advisor or a manager verifies or rejects it."""

    _name = "advisory.fund.usage.report"
    _description = "Use of Funds Report"
    # the state mixin first: it drops the caller's context keys that would skip
    # the checks or the tracking before mail.thread reads them
    _inherit = (
        "advisory.state.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    )
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", compute="_compute_name", store=True, protected=True
    )
    plan_id = fields.Many2one(
        "advisory.fund.usage.plan",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        protected=True,
    )
    contract_id = fields.Many2one(
        related="plan_id.contract_id", store=True, index=True, protected=True
    )
    partner_id = fields.Many2one(
        related="plan_id.partner_id",
        store=True,
        index=True,
        string="Client",
        protected=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, protected=True
    )
    currency_id = fields.Many2one(
        related="plan_id.currency_id", store=True, protected=True
    )
    relationship_manager_id = fields.Many2one(
        related="partner_id.relationship_manager_id", string="Relationship Manager"
    )
    date_from = fields.Date(
        string="Period Start", required=True, readonly=True, protected=True
    )
    date_to = fields.Date(
        string="Period End", required=True, readonly=True, protected=True
    )
    date_due = fields.Date(string="Due On", readonly=True, protected=True)
    state = fields.Selection(
        REPORT_STATES,
        string="Status",
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        protected=True,
        group_expand=True,
    )
    line_ids = fields.One2many(
        "advisory.fund.usage.report.line", "report_id", string="Use by Category"
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Evidence",
        help="Invoices, bank statements, contracts: what shows the use of the funds.",
    )
    client_comment = fields.Text(help="The client's explanation of the period.")
    rejection_reason = fields.Text(
        tracking=True,
        copy=False,
        help="Shown to the client, who corrects the report and submits it again.",
    )
    submitted_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, protected=True
    )
    submitted_on = fields.Datetime(readonly=True, copy=False, protected=True)
    # who checked a report, and the staff's notes, are the staff's (the portal
    # shows the client her report without them)
    verified_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, protected=True, groups="base.group_user"
    )
    verified_on = fields.Datetime(
        readonly=True, copy=False, protected=True, groups="base.group_user"
    )
    staff_note = fields.Text(string="Internal Note", groups="base.group_user")
    planned_total = fields.Monetary(
        compute="_compute_totals", store=True, protected=True
    )
    actual_total = fields.Monetary(
        compute="_compute_totals", store=True, protected=True
    )
    variance_amount = fields.Monetary(
        string="Variance",
        compute="_compute_totals",
        store=True,
        protected=True,
        help="Actual minus planned use.",
    )
    variance_ratio = NullableFloat(
        string="Variance (%)",
        compute="_compute_totals",
        store=True,
        aggregator=None,
        protected=True,
        help="The variance as a share of the planned use.",
    )

    @api.depends("plan_id.contract_id.name", "date_from", "date_to")
    def _compute_name(self):
        for report in self:
            report.name = self.env._(
                "%(contract)s · %(start)s – %(end)s",
                contract=report.plan_id.contract_id.name or "",
                start=report.date_from or "",
                end=report.date_to or "",
            )

    @api.depends(
        "line_ids.planned_amount", "line_ids.actual_amount", "currency_id.rounding"
    )
    def _compute_totals(self):
        for report in self:
            planned = sum(report.line_ids.mapped("planned_amount"))
            actual = sum(report.line_ids.mapped("actual_amount"))
            currency = report.currency_id or self.env.company.currency_id
            variance = currency.round(actual - planned)
            report.planned_total = currency.round(planned)
            report.actual_total = currency.round(actual)
            report.variance_amount = variance
            report.variance_ratio = variance_ratio(planned, variance, currency)

    def _compute_access_url(self):
        super()._compute_access_url()
        for report in self:
            report.access_url = f"/my/fund-usage/{report.id}"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        reports = super().create(vals_list)
        reports._link_attachments()
        return reports

    def write(self, vals):
        if not self.env.su and set(vals) & set(CLIENT_FIELDS):
            self._check_editable()
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._link_attachments()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handed_in(self):
        if self.env.su:
            return
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._(
                    "A use of funds report the client handed in stays with its plan."
                )
            )

    def _check_editable(self):
        for report in self:
            if report.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "The use of funds report %(report)s is %(state)s: its amounts "
                        "and evidence cannot be changed.",
                        report=report.display_name,
                        state=report._state_label(),
                    )
                )

    def _link_attachments(self):
        """The evidence uploaded for a report belongs to it: readable by whoever
        reads it. Only the user's own fresh uploads move."""
        for report in self:
            uploads = report.attachment_ids.filtered(
                lambda a, r=report: not a.res_id
                and a.res_model in (False, r._name)
                and (self.env.su or a.create_uid == self.env.user)
            )
            if uploads:
                # sudo: re-homing the user's own uploads writes res_model/res_id
                uploads.sudo().write({"res_model": report._name, "res_id": report.id})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_can_submit()
        self._do_submit()
        return True

    def action_verify(self):
        self._check_can_verify()
        self._do_verify()
        return True

    def action_reject(self):
        self._check_can_reject()
        self._do_reject()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_can_submit(self):
        self._check_state_in(EDITABLE_STATES, self.env._("be submitted"))
        self._check_complete()

    def _check_complete(self):
        for report in self:
            if not report.line_ids:
                raise UserError(
                    self.env._(
                        "The use of funds report %(report)s has no category.",
                        report=report.display_name,
                    )
                )
            # sudo: the evidence is counted, whoever may read the files
            if report.actual_total and not report.sudo().attachment_ids:
                raise UserError(
                    self.env._(
                        "Attach the evidence of the use of funds (invoices, bank "
                        "statements) to %(report)s before submitting it.",
                        report=report.display_name,
                    )
                )

    def _do_submit(self):
        self._write_state(
            "submitted",
            submitted_by_id=self.env.uid,
            submitted_on=fields.Datetime.now(),
            rejection_reason=False,
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        for report in self._as_system():
            user = report.partner_id.relationship_manager_id
            report.message_post(
                body=self.env._(
                    "Submitted by %(user)s: actual use %(actual)s against %(planned)s "
                    "planned.",
                    user=self.env.user.name,
                    actual=report.currency_id.format(report.actual_total),
                    planned=report.currency_id.format(report.planned_total),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if user and user != self.env.user:
                report.activity_schedule(
                    activity_type_id=todo.id,
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(report),
                    summary=self.env._("Verify the use of funds report"),
                )

    def _check_can_verify(self):
        self._check_state_in(("submitted",), self.env._("be verified"))
        self._check_not_submitter(self.env._("verify"))

    def _check_not_submitter(self, action_label):
        for report in self:
            if report.submitted_by_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You submitted %(report)s: another person must %(action)s it.",
                        report=report.display_name,
                        action=action_label,
                    )
                )

    def _do_verify(self):
        self._write_state(
            "verified",
            verified_by_id=self.env.uid,
            verified_on=fields.Datetime.now(),
        )
        self._close_activities(
            self.env._("Verified by %(user)s", user=self.env.user.name)
        )

    def _check_can_reject(self):
        self._check_state_in(("submitted",), self.env._("be rejected"))
        self._check_not_submitter(self.env._("reject"))
        for report in self:
            if not (report.rejection_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter why %(report)s is rejected (the client is told what "
                        "to correct).",
                        report=report.display_name,
                    )
                )

    def _do_reject(self):
        self._write_state("rejected")
        self._close_activities(
            self.env._("Rejected by %(user)s", user=self.env.user.name)
        )
        for report in self._as_system():
            client_users = report.submitted_by_id.filtered("share")
            report.message_post(
                body=self.env._(
                    "The report was rejected: %(reason)s",
                    reason=report.rejection_reason,
                ),
                partner_ids=client_users.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _close_activities(self, feedback):
        # sudo: the verifier closes the to-dos of the report, whoever they were for
        self.sudo().activity_ids.action_feedback(feedback=feedback)

    def _refresh_planned(self):
        """Align the planned amounts of the reports of ``self`` with their plan (a
        line per category of the plan)."""
        Line = self.env["advisory.fund.usage.report.line"]._as_system()
        new_lines = []
        for report in self:
            planned = report.plan_id._planned_amounts(report.date_from, report.date_to)
            for line in report.line_ids:
                amount = planned.pop(line.category_id, 0.0)
                if line.planned_amount != amount:
                    line._as_system().write({"planned_amount": amount})
            new_lines += [
                {
                    "report_id": report.id,
                    "category_id": category.id,
                    "planned_amount": amount,
                }
                for category, amount in planned.items()
            ]
        Line.create(new_lines)

    def _variance_breaches(self, threshold):
        """The categories (and the total) of the report whose variance is above
        ``threshold`` (a fraction, 0.2 = 20 %) either way, and the categories used
        without a planned amount: ``[message]``."""
        self.ensure_one()
        currency = self.currency_id
        breaches = []
        for line in self.line_ids:
            if float_is_zero(line.planned_amount, precision_rounding=currency.rounding):
                if not float_is_zero(
                    line.actual_amount, precision_rounding=currency.rounding
                ):
                    breaches.append(
                        self.env._(
                            "%(category)s: %(actual)s used, nothing planned",
                            category=line.category_id.name,
                            actual=currency.format(line.actual_amount),
                        )
                    )
            elif abs(line.variance_ratio) > threshold:
                breaches.append(
                    self.env._(
                        "%(category)s: %(variance)s %%",
                        category=line.category_id.name,
                        variance=f"{line.variance_ratio * 100:+.1f}",
                    )
                )
        if self.planned_total and abs(self.variance_ratio) > threshold:
            breaches.append(
                self.env._(
                    "total: %(variance)s %%",
                    variance=f"{self.variance_ratio * 100:+.1f}",
                )
            )
        return breaches

    # ------------------------------------------------------------------
    # Portal: the client fills and submits her report
    # ------------------------------------------------------------------

    def _portal_is_editable(self):
        """Whether the current (portal) user may fill and submit this report: it
        belongs to her company and waits for her figures."""
        self.ensure_one()
        user = self.env.user
        # sudo: the report's client and status decide, also for a visitor of a
        # shared link who cannot read the report (she may not edit it)
        report = self.sudo()
        return bool(
            user.share
            and not user._is_public()
            and report.partner_id == user.partner_id.commercial_partner_id
            and report.state in EDITABLE_STATES
        )

    def _portal_check_editable(self):
        self.ensure_one()
        self.check_access("read")
        if self.partner_id != self.env.user.partner_id.commercial_partner_id or (
            not self.env.user.share
        ):
            raise AccessError(
                self.env._(
                    "Only the client's own users fill its use of funds reports in "
                    "the portal."
                )
            )
        if self.state not in EDITABLE_STATES:
            raise UserError(
                self.env._(
                    "This report is %(state)s: it cannot be changed any more.",
                    state=self._state_label(),
                )
            )

    def _portal_evidence_names(self):
        """The names of the report's evidence files, for its portal page."""
        self.ensure_one()
        self.check_access("read")
        # sudo: portal users get no access to attachments in Odoo; the client sees
        # the names of her report's files (not their content)
        return self.sudo().attachment_ids.mapped("name")

    def _portal_save(self, amounts, comment=None, files=()):
        """Store what the client entered: ``amounts`` ``{report line id: actual
        amount}``, her comment, and the evidence ``files`` (``[(name, content,
        mimetype)]``, checked by the portal). Refuses a report that is not hers or
        not waiting for her figures, and an amount that is not a sane number."""
        self._portal_check_editable()
        unknown = set(amounts) - set(self.line_ids.ids)
        if unknown:
            raise AccessError(self.env._("These amounts are not of this report."))
        for line_id, amount in amounts.items():
            if amount < 0 or amount > MAX_NUMBER:
                raise ValidationError(
                    self.env._(
                        "The amount of %(category)s must be a positive number.",
                        category=self.line_ids.browse(line_id).category_id.name,
                    )
                )
        # sudo: a portal user only reads her reports (ACL); her figures and files
        # come in through this path only, checked above (the acting user stays
        # hers: tracking and the files' authors name her)
        report = self.sudo()
        for line in report.line_ids:
            if line.id in amounts and line.actual_amount != amounts[line.id]:
                line.write({"actual_amount": amounts[line.id]})
        values = {}
        if comment is not None:
            values["client_comment"] = comment
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "raw": content,
                            "mimetype": mimetype,
                            "res_model": report._name,
                            "res_id": report.id,
                        }
                        for name, content, mimetype in files
                    ]
                )
            )
            values["attachment_ids"] = [Command.link(a.id) for a in attachments]
        if values:
            report.write(values)
        return True

    def _portal_submit(self):
        """The client hands in her report."""
        self._portal_check_editable()
        # sudo: checked above that the report is hers and waits for her figures
        report = self.sudo()
        report._check_complete()
        report._do_submit()
        return True


class AdvisoryFundUsageReportLine(models.Model):
    _name = "advisory.fund.usage.report.line"
    _description = "Use of Funds by Category"
    _inherit = "advisory.protected.mixin"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one(
        "advisory.fund.usage.report",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        protected=True,
    )
    category_id = fields.Many2one(
        "advisory.fund.usage.category",
        required=True,
        ondelete="restrict",
        readonly=True,
        protected=True,
    )
    sequence = fields.Integer(
        related="category_id.sequence", store=True, protected=True
    )
    currency_id = fields.Many2one(
        related="report_id.currency_id", store=True, protected=True
    )
    planned_amount = fields.Monetary(readonly=True, protected=True)
    actual_amount = fields.Monetary()
    variance_amount = fields.Monetary(
        string="Variance",
        compute="_compute_variance",
        store=True,
        protected=True,
        help="Actual minus planned use.",
    )
    variance_ratio = NullableFloat(
        string="Variance (%)",
        compute="_compute_variance",
        store=True,
        aggregator=None,
        protected=True,
        help="The variance as a share of the planned use (0 when nothing was planned).",
    )
    # for the analysis (pivot, graph) and the record rules
    partner_id = fields.Many2one(
        related="report_id.partner_id",
        store=True,
        index=True,
        string="Client",
        protected=True,
    )
    company_id = fields.Many2one(
        related="report_id.company_id", store=True, protected=True
    )
    contract_id = fields.Many2one(
        related="report_id.contract_id", store=True, protected=True
    )
    date_from = fields.Date(
        related="report_id.date_from", store=True, string="Period Start", protected=True
    )
    state = fields.Selection(
        related="report_id.state", store=True, string="Status", protected=True
    )

    _sql_constraints = (
        (
            "category_uniq",
            "unique(report_id, category_id)",
            "A report has one line per category.",
        ),
    )

    @api.depends("planned_amount", "actual_amount", "currency_id.rounding")
    def _compute_variance(self):
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            variance = currency.round(line.actual_amount - line.planned_amount)
            line.variance_amount = variance
            line.variance_ratio = variance_ratio(
                line.planned_amount, variance, currency
            )

    @api.constrains("actual_amount")
    def _check_actual_amount(self):
        for line in self:
            if line.actual_amount < 0:
                raise ValidationError(
                    self.env._(
                        "The actual use of %(category)s cannot be negative.",
                        category=line.category_id.name,
                    )
                )

    def write(self, vals):
        if not self.env.su:
            self.report_id._check_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handed_in(self):
        if not self.env.su:
            self.report_id._check_editable()
