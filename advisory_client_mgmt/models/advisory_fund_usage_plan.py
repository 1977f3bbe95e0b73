from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

REPORT_FREQUENCIES = [("monthly", "Monthly"), ("quarterly", "Quarterly")]
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3}
# reports that count as handed in: a draft or a rejected report is still due
REPORTED_STATES = ("submitted", "verified")
# contracts whose money is being used: their plans ask for reports
FUND_USAGE_CONTRACT_STATES = ("signed", "active")
FUND_USAGE_CRON_BATCH = 500
MAX_PERIODS = 240  # 20 years of monthly reports: beyond, the dates are a typo


class AdvisoryFundUsagePlan(models.Model):
    """The planned use of the funds a financing contract raises: how much goes to
    each category in each period, how often the client reports the actual use and
    when each report is due. One plan per contract."""

    _name = "advisory.fund.usage.plan"
    _description = "Use of Funds Plan"
    _inherit = ("advisory.protected.mixin", "mail.thread", "mail.activity.mixin")
    _order = "id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "advisory.contract",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        related="contract_id.partner_id",
        store=True,
        index=True,
        string="Client",
        protected=True,
    )
    engagement_id = fields.Many2one(
        related="contract_id.engagement_id", groups="base.group_user"
    )
    contract_state = fields.Selection(
        related="contract_id.state", string="Contract Status", groups="base.group_user"
    )
    company_id = fields.Many2one(
        related="contract_id.company_id",
        store=True,
        index=True,
        precompute=True,
        protected=True,
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    active = fields.Boolean(default=True, tracking=True)
    frequency = fields.Selection(
        REPORT_FREQUENCIES,
        string="Report Frequency",
        required=True,
        default="quarterly",
        tracking=True,
    )
    date_start = fields.Date(
        string="First Period Starts",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    date_end = fields.Date(
        string="Last Period Ends",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    due_days = fields.Integer(
        string="Report Due (days)",
        default=15,
        tracking=True,
        help="Days after the end of a period by which the client's report is due.",
    )
    line_ids = fields.One2many(
        "advisory.fund.usage.plan.line", "plan_id", string="Planned Use", copy=True
    )
    planned_total = fields.Monetary(compute="_compute_planned_total")
    report_ids = fields.One2many("advisory.fund.usage.report", "plan_id")
    report_count = fields.Integer(compute="_compute_report_count")
    next_due_date = fields.Date(
        compute="_compute_next_due",
        store=True,
        index=True,
        protected=True,
        help="When the report of the earliest period not reported yet is due "
        "(a draft or rejected report is not handed in).",
    )
    next_period_start = fields.Date(
        compute="_compute_next_due", store=True, protected=True
    )
    advisory_can_act = fields.Boolean(
        compute="_compute_advisory_can_act",
        string="Can Act",
        help="Technical: the current user may change this plan, so the form shows "
        "its buttons.",
    )
    overdue_noticed_date = fields.Date(
        readonly=True,
        copy=False,
        protected=True,
        groups="base.group_user",
        help="Technical: the due date the daily job last found overdue (it tells "
        "the relationship manager once per missed report).",
    )

    _sql_constraints = (
        (
            "contract_uniq",
            "unique(contract_id)",
            "A contract has one use of funds plan.",
        ),
    )

    @api.depends("contract_id")
    def _compute_dates(self):
        for plan in self:
            if not plan.date_start:
                plan.date_start = plan.contract_id.date_start
            if not plan.date_end:
                plan.date_end = plan.contract_id.date_end

    @api.depends_context("uid")
    def _compute_advisory_can_act(self):
        writable = self._filtered_access("write")
        for plan in self:
            plan.advisory_can_act = plan in writable

    @api.depends("line_ids.planned_amount")
    def _compute_planned_total(self):
        for plan in self:
            plan.planned_total = sum(plan.line_ids.mapped("planned_amount"))

    def _compute_report_count(self):
        counts = dict(
            self.env["advisory.fund.usage.report"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.report_count = counts.get(plan, 0)

    @api.depends(
        "date_start",
        "date_end",
        "frequency",
        "due_days",
        "report_ids.state",
        "report_ids.date_from",
    )
    def _compute_next_due(self):
        for plan in self:
            reported = {
                report.date_from
                for report in plan.report_ids
                if report.state in REPORTED_STATES
            }
            pending = next(
                (period for period in plan._periods() if period[0] not in reported),
                None,
            )
            plan.next_period_start = pending[0] if pending else False
            plan.next_due_date = (
                pending[1] + timedelta(days=plan.due_days) if pending else False
            )

    @api.depends("contract_id.name")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = self.env._(
                "Use of Funds – %(contract)s", contract=plan.contract_id.name or ""
            )

    @api.constrains("date_start", "date_end", "due_days", "frequency")
    def _check_dates(self):
        for plan in self:
            if plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "The use of funds plan of %(contract)s ends before it starts.",
                        contract=plan.contract_id.name,
                    )
                )
            if not 0 <= plan.due_days <= 365:
                raise ValidationError(
                    self.env._(
                        "A report is due between 0 and 365 days after its period."
                    )
                )
            months = (plan.date_end.year - plan.date_start.year) * 12 + (
                plan.date_end.month - plan.date_start.month
            )
            if months // FREQUENCY_MONTHS[plan.frequency] >= MAX_PERIODS:
                raise ValidationError(
                    self.env._(
                        "The use of funds plan of %(contract)s has more than "
                        "%(count)s report periods: check its dates.",
                        contract=plan.contract_id.name,
                        count=MAX_PERIODS,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_reported(self):
        if self.env.su:
            return
        if self.report_ids.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._(
                    "A use of funds plan with reports of the client stays: archive "
                    "it instead."
                )
            )

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------

    def _periods(self):
        """The report periods of the plan: ``[(first day, last day)]``."""
        self.ensure_one()
        if not (self.date_start and self.date_end and self.frequency):
            return []
        step = relativedelta(months=FREQUENCY_MONTHS[self.frequency])
        periods = []
        start = self.date_start
        while start <= self.date_end and len(periods) < MAX_PERIODS:
            end = min(start + step - timedelta(days=1), self.date_end)
            periods.append((start, end))
            start = start + step
        return periods

    def _planned_amounts(self, date_from, date_to):
        """``{category: planned amount}`` for the period: each plan line counts
        for the days of the period it covers (a line of a year counts a quarter
        for a quarter's report)."""
        self.ensure_one()
        result = {}
        for line in self.line_ids:
            result.setdefault(line.category_id, 0.0)
            start, end = max(line.date_from, date_from), min(line.date_to, date_to)
            if end < start:
                continue
            days = (line.date_to - line.date_from).days + 1
            share = line.planned_amount * ((end - start).days + 1) / days
            result[line.category_id] += share
        return {
            category: self.currency_id.round(amount)
            for category, amount in result.items()
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_reports(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Use of Funds Reports"),
            "res_model": "advisory.fund.usage.report",
            "view_mode": "list,form",
            "domain": [("plan_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_new_report(self):
        """Open the report of the next period not reported yet, created when it
        does not exist (the client fills it in the portal, or the staff on her
        behalf)."""
        self.ensure_one()
        self._check_can_new_report()
        report = self.report_ids.filtered(
            lambda r: r.date_from == self.next_period_start
        )[:1] or self._open_reports(self.next_period_start)
        return {
            "type": "ir.actions.act_window",
            "res_model": "advisory.fund.usage.report",
            "res_id": report.id,
            "view_mode": "form",
        }

    def _check_can_new_report(self):
        self.check_access("write")
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Plan the use of funds of %(contract)s (categories and amounts) "
                    "before asking for a report.",
                    contract=self.contract_id.name,
                )
            )
        if not self.next_period_start:
            raise UserError(
                self.env._(
                    "Every period of %(plan)s is reported.", plan=self.display_name
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _open_reports(self, period_start=None):
        """Create the draft report of each plan of ``self`` for its period starting
        on ``period_start`` (default: every period that ended without a report),
        with a line per category of the plan. Idempotent: a period with a report
        gets no second one. Returns the reports created."""
        Report = self.env["advisory.fund.usage.report"]
        today = fields.Date.context_today(self)
        vals_list = []
        for plan in self:
            existing = set(plan.report_ids.mapped("date_from"))
            for date_from, date_to in plan._periods():
                if date_from in existing:
                    continue
                if period_start and date_from != period_start:
                    continue
                if not period_start and date_to >= today:
                    continue
                planned = plan._planned_amounts(date_from, date_to)
                vals_list.append(
                    {
                        "plan_id": plan.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "date_due": date_to + timedelta(days=plan.due_days),
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "category_id": category.id,
                                    "planned_amount": amount,
                                },
                            )
                            for category, amount in sorted(
                                planned.items(), key=lambda item: item[0].sequence
                            )
                        ],
                    }
                )
        # _as_system: the reports' plan, period and planned amounts are the
        # system's (the callers checked the right to ask for them)
        return Report._as_system().create(vals_list).sudo(False)

    def _refresh_open_reports(self):
        """A changed plan changes what was planned for the reports not verified
        yet (drafts, submitted, rejected); a verified report keeps what it was
        checked against."""
        reports = self.report_ids.filtered(lambda r: r.state != "verified")
        reports._refresh_planned()

    def _notify_overdue(self):
        """Tell the relationship manager, once per missed report, that the
        client's report is overdue (a to-do on the plan)."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for plan in self:
            user = plan.partner_id.relationship_manager_id
            plan.message_post(
                body=self.env._(
                    "The use of funds report due on %(date)s has not been handed in.",
                    date=plan.next_due_date,
                ),
                subtype_xmlid="mail.mt_note",
            )
            if user:
                plan.activity_schedule(
                    activity_type_id=todo.id,
                    user_id=user.id,
                    date_deadline=fields.Date.context_today(plan),
                    summary=self.env._("Use of funds report overdue"),
                )
            plan.overdue_noticed_date = plan.next_due_date

    @api.model
    def _get_fund_usage_cron_domain(self):
        return [("contract_id.state", "in", FUND_USAGE_CONTRACT_STATES)]

    @api.model
    def _cron_fund_usage(self):
        """Open the draft reports of the periods that ended, and tell the
        relationship managers of the reports that are overdue. Safe to run twice: a
        period has one report, a due date is noticed once."""
        today = fields.Date.context_today(self)
        plans = self.search(self._get_fund_usage_cron_domain(), order="id")
        batches = [
            self.browse(ids) for ids in split_every(FUND_USAGE_CRON_BATCH, plans.ids)
        ]
        self._run_batches(batches, lambda batch: batch._open_reports())
        overdue = plans.filtered(
            lambda plan: plan.next_due_date
            and plan.next_due_date < today
            and plan.overdue_noticed_date != plan.next_due_date
        )
        self._run_batches(
            [
                self.browse(ids)
                for ids in split_every(FUND_USAGE_CRON_BATCH, overdue.ids)
            ],
            lambda batch: batch._as_system()._notify_overdue(),
        )
        return overdue


class AdvisoryFundUsagePlanLine(models.Model):
    _name = "advisory.fund.usage.plan.line"
    _description = "Planned Use of Funds"
    _inherit = "advisory.protected.mixin"
    _order = "plan_id, date_from, category_id, id"

    plan_id = fields.Many2one(
        "advisory.fund.usage.plan", required=True, index=True, ondelete="cascade"
    )
    category_id = fields.Many2one(
        "advisory.fund.usage.category", required=True, ondelete="restrict"
    )
    date_from = fields.Date(
        string="From",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        required=True,
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    planned_amount = fields.Monetary(required=True, default=0.0)
    currency_id = fields.Many2one(related="plan_id.currency_id")
    partner_id = fields.Many2one(
        related="plan_id.partner_id", store=True, index=True, protected=True
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, protected=True
    )
    note = fields.Char(groups="base.group_user")

    @api.depends("plan_id")
    def _compute_dates(self):
        for line in self:
            if not line.date_from:
                line.date_from = line.plan_id.date_start
            if not line.date_to:
                line.date_to = line.plan_id.date_end

    @api.constrains("date_from", "date_to", "planned_amount")
    def _check_values(self):
        for line in self:
            if line.planned_amount < 0:
                raise ValidationError(
                    self.env._("A planned use of funds cannot be negative.")
                )
            if line.date_to < line.date_from:
                raise ValidationError(
                    self.env._(
                        "The planned use of %(category)s ends before it starts.",
                        category=line.category_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.plan_id._refresh_open_reports()
        return lines

    def write(self, vals):
        plans = self.plan_id
        result = super().write(vals)
        (plans | self.plan_id)._refresh_open_reports()
        return result

    def unlink(self):
        plans = self.plan_id
        result = super().unlink()
        plans._refresh_open_reports()
        return result
