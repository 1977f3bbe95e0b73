from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date, split_every

BUDGET_CATEGORIES = [
    ("care", "Client Care"),
    ("events", "Client Events"),
    ("loyalty", "Loyalty Rewards"),
    ("surveys", "Surveys"),
    ("training", "Client Training"),
]
PERIOD_TYPES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("year", "Year"),
]
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
BUDGET_CRON_BATCH = 200


class AdvisoryRelationshipBudget(models.Model):
    """The money planned for one category of the relationship programme in one
    period (a month, a quarter or a year, starting on the first of a month), for
    one company, against the actual cost: the relationship costs of the
    category, company and period. Its owner gets a monthly review activity."""

    _name = "advisory.relationship.budget"
    _description = "Relationship Budget"
    _inherit = ("advisory.protected.mixin", "mail.thread", "mail.activity.mixin")
    _order = "date_from desc, category"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    category = fields.Selection(BUDGET_CATEGORIES, required=True, tracking=True)
    period_type = fields.Selection(
        PERIOD_TYPES, required=True, default="year", tracking=True
    )
    date_from = fields.Date(
        string="From",
        required=True,
        tracking=True,
        help="The first day of the period (the first of a month).",
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_date_to",
        store=True,
        protected=True,
    )
    planned_amount = fields.Monetary(required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        default=lambda self: self.env.user,
        help="Gets the monthly budget review activity.",
    )
    actual_amount = fields.Monetary(
        string="Actual", compute="_compute_actual", protected=True
    )
    variance_amount = fields.Monetary(
        string="Variance",
        compute="_compute_actual",
        protected=True,
        help="Planned less actual: negative when over budget.",
    )
    percent_used = fields.Float(
        string="Used (%)", compute="_compute_actual", protected=True
    )
    last_review_date = fields.Date(
        readonly=True,
        protected=True,
        copy=False,
        help="The month of the last review activity planned for the owner.",
    )

    _sql_constraints = (
        (
            "period_uniq",
            "unique(company_id, category, period_type, date_from)",
            "A company has one budget per category and period.",
        ),
        (
            "planned_positive",
            "CHECK(planned_amount >= 0)",
            "A planned amount cannot be negative.",
        ),
    )

    @api.depends("category", "period_type", "date_from")
    def _compute_name(self):
        categories = dict(self._fields["category"]._description_selection(self.env))
        for budget in self:
            if not budget.date_from:
                budget.name = categories.get(budget.category)
                continue
            start = budget.date_from
            if budget.period_type == "year":
                period = str(start.year)
            elif budget.period_type == "quarter":
                period = f"{start.year} Q{(start.month - 1) // 3 + 1}"
            else:
                period = format_date(self.env, start, date_format="MMMM y")
            budget.name = f"{categories.get(budget.category)} {period}"

    @api.depends("period_type", "date_from")
    def _compute_date_to(self):
        for budget in self:
            budget.date_to = budget.date_from and (
                budget.date_from
                + relativedelta(months=PERIOD_MONTHS[budget.period_type or "year"])
                - relativedelta(days=1)
            )

    @api.depends("planned_amount", "company_id", "category", "date_from", "date_to")
    @api.depends_context("uid")
    def _compute_actual(self):
        actuals = self._actual_amounts()
        for budget in self:
            actual = actuals.get(budget._origin.id, 0.0)
            budget.actual_amount = actual
            budget.variance_amount = budget.planned_amount - actual
            budget.percent_used = (
                actual / budget.planned_amount * 100 if budget.planned_amount else 0.0
            )

    @api.constrains("period_type", "date_from")
    def _check_date_from(self):
        for budget in self:
            start = budget.date_from
            if start.day != 1 or (
                budget.period_type == "quarter" and start.month not in (1, 4, 7, 10)
            ):
                raise ValidationError(
                    self.env._(
                        "Budget %(budget)s starts on the first day of a month (of a "
                        "quarter for a quarterly budget), not on %(date)s.",
                        budget=budget.name,
                        date=format_date(self.env, start),
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _actual_amounts(self):
        """``{budget id: actual cost}``: one query for the whole batch (costs
        summed per company, category and month; budgets start on the first of a
        month), plus what :meth:`_actual_extra_amounts` adds."""
        budgets = self._origin.filtered("date_from")
        if not budgets:
            return {}
        # sudo: the actual of a budget counts every cost line of its category
        rows = (
            self.env["advisory.relationship.cost"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", budgets.company_id.ids),
                    ("category", "in", list(set(budgets.mapped("category")))),
                    ("date", ">=", min(budgets.mapped("date_from"))),
                    ("date", "<=", max(budgets.mapped("date_to"))),
                ],
                ["company_id", "category", "date:month"],
                ["amount:sum"],
            )
        )
        monthly = defaultdict(float)
        for company, category, month, amount in rows:
            monthly[(company.id, category, month)] += amount
        result = {}
        for budget in budgets:
            result[budget.id] = sum(
                amount
                for (company_id, category, month), amount in monthly.items()
                if company_id == budget.company_id.id
                and category == budget.category
                and budget.date_from <= month <= budget.date_to
            )
        for budget_id, amount in budgets._actual_extra_amounts().items():
            result[budget_id] += amount
        return result

    def _actual_extra_amounts(self):
        """Hook: ``{budget id: cost}`` that the actual of the budgets of ``self``
        (saved, with a period) counts on top of the relationship costs, from
        other sources (e.g. analytic lines): one query for the whole batch."""
        return {}

    @api.model
    def _budgets_covering(self, company, category, day):
        """The budgets of ``company`` and ``category`` whose period holds ``day``."""
        return self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("category", "=", category),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
            ]
        )

    # ------------------------------------------------------------------
    # Monthly review (daily job, once a month per budget)
    # ------------------------------------------------------------------

    @api.model
    def _get_budget_review_domain(self):
        today = fields.Date.context_today(self)
        month = today.replace(day=1)
        return [
            ("date_from", "<=", today),
            ("date_to", ">=", month - relativedelta(months=1)),
            ("user_id", "!=", False),
            "|",
            ("last_review_date", "=", False),
            ("last_review_date", "<", month),
        ]

    @api.model
    def _cron_budget_review(self):
        """Plan the month's review activity for the owner of each budget of the
        current period (or of one that ended last month); once a month per
        budget however often it runs."""
        budgets = self.sudo().search(self._get_budget_review_domain(), order="id")
        self._run_batches(
            [
                self.sudo().browse(ids)
                for ids in split_every(BUDGET_CRON_BATCH, budgets.ids)
            ],
            lambda batch: batch._advisory_plan_review(),
        )

    def _advisory_plan_review(self):
        today = fields.Date.context_today(self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        actuals = self._actual_amounts()
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": budget.id,
                    "activity_type_id": todo.id,
                    "user_id": budget.user_id.id,
                    "date_deadline": today,
                    "summary": self.env._(
                        "Budget review: %(budget)s, %(actual)s spent of %(planned)s",
                        budget=budget.name,
                        actual=format_amount(
                            self.env, actuals.get(budget.id, 0.0), budget.currency_id
                        ),
                        planned=format_amount(
                            self.env, budget.planned_amount, budget.currency_id
                        ),
                    ),
                }
                for budget in self
            ]
        )
        # the system's fact (protected): this month's review is planned
        self._as_system().write({"last_review_date": today.replace(day=1)})
