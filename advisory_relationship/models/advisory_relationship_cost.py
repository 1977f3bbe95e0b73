from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    MANAGER_GROUP,
)

from .advisory_relationship_budget import BUDGET_CATEGORIES

COST_SOURCES = [
    ("event", "Client Event"),
    ("care", "Care Occasion"),
    ("reward", "Reward Redemption"),
    ("other", "Other"),
]


class AdvisoryRelationshipCost(models.Model):
    """A cost of the relationship programme: a line of a client event's costs, a
    greeting's (a gift, a card), a reward redeemed, or another expense. The
    budgets of its category, company and date count it as actual. A cost that
    would take a budget beyond its planned amount is refused unless a manager
    proceeds explicitly (``budget_override``), which the budget's chatter
    records."""

    _name = "advisory.relationship.cost"
    _description = "Relationship Cost"
    _inherit = "advisory.protected.mixin"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    category = fields.Selection(
        BUDGET_CATEGORIES,
        required=True,
        compute="_compute_category",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        index="btree_not_null",
        domain=[("is_advisory_client", "=", True)],
    )
    event_id = fields.Many2one(
        "event.event", index="btree_not_null", ondelete="cascade"
    )
    occasion_id = fields.Many2one(
        "advisory.care.occasion",
        string="Care Occasion",
        index="btree_not_null",
        ondelete="cascade",
    )
    loyalty_entry_id = fields.Many2one(
        "advisory.loyalty.entry",
        string="Reward Redemption",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        protected=True,
    )
    source = fields.Selection(
        COST_SOURCES, compute="_compute_source", store=True, protected=True
    )
    budget_override = fields.Boolean(
        string="Proceed Over Budget",
        copy=False,
        help="A manager's explicit decision to record this cost beyond the "
        "remaining budget of its category (noted in the budget's chatter).",
    )
    over_budget = fields.Boolean(
        readonly=True,
        protected=True,
        copy=False,
        help="Recorded beyond the remaining budget, by a manager's decision.",
    )

    _sql_constraints = (
        ("amount_positive", "CHECK(amount >= 0)", "A cost cannot be negative."),
    )

    @api.depends("event_id", "occasion_id", "loyalty_entry_id")
    def _compute_category(self):
        for cost in self:
            if cost.loyalty_entry_id:
                cost.category = "loyalty"
            elif cost.occasion_id:
                cost.category = "care"
            elif cost.event_id and not cost.category:
                cost.category = "events"

    @api.depends("event_id", "occasion_id", "loyalty_entry_id")
    def _compute_source(self):
        for cost in self:
            cost.source = (
                (cost.loyalty_entry_id and "reward")
                or (cost.occasion_id and "care")
                or (cost.event_id and "event")
                or "other"
            )

    @api.onchange("amount", "date", "category", "company_id")
    def _onchange_budget_warning(self):
        if not (self.amount and self.category and self.date):
            return None
        overrun = self._advisory_budget_overrun(
            self.company_id,
            self.category,
            self.date,
            self.amount - (self._origin.amount or 0.0),
        )
        if not overrun:
            return None
        return {
            "warning": {
                "title": self.env._("Over budget"),
                "message": self._advisory_overrun_message(overrun),
            }
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        costs = super().create(vals_list)
        costs._advisory_check_budget({cost: cost.amount for cost in costs})
        return costs

    def write(self, vals):
        previous = {cost: cost.amount for cost in self}
        moved = {"date", "category", "company_id"} & vals.keys()
        result = super().write(vals)
        if moved or "amount" in vals:
            self._advisory_check_budget(
                {
                    cost: cost.amount if moved else cost.amount - previous[cost]
                    for cost in self
                }
            )
        return result

    # ------------------------------------------------------------------
    # Budget checks
    # ------------------------------------------------------------------

    @api.model
    def _advisory_budget_overrun(
        self, company, category, day, added, counted=False, cache=None
    ):
        """``[(budget, remaining before)]``: the budgets of the category covering
        ``day`` that ``added`` more would take beyond their planned amount
        (``counted``: ``added`` is already in their actual; ``cache``: a dict
        keeping the budgets and actuals per company, category and day, for costs
        created together)."""
        if not (company and category and day) or added <= 0:
            return []
        key = (company.id, category, day)
        if cache is not None and key in cache:
            budgets, actuals = cache[key]
        else:
            budgets = self.env["advisory.relationship.budget"]._budgets_covering(
                company, category, day
            )
            actuals = budgets._actual_amounts()
            if cache is not None:
                cache[key] = (budgets, actuals)
        overrun = []
        for budget in budgets:
            before = actuals.get(budget.id, 0.0) - (added if counted else 0.0)
            if (
                budget.currency_id.compare_amounts(
                    before + added, budget.planned_amount
                )
                > 0
            ):
                overrun.append((budget, budget.planned_amount - before))
        return overrun

    def _advisory_overrun_message(self, overrun, added=None):
        return "\n".join(
            self.env._(
                "%(budget)s: %(remaining)s remaining, this cost is %(amount)s.",
                budget=budget.name,
                remaining=format_amount(self.env, remaining, budget.currency_id),
                amount=format_amount(
                    self.env,
                    self.amount if added is None else added,
                    budget.currency_id,
                ),
            )
            for budget, remaining in overrun
        )

    def _advisory_check_budget(self, added):
        """Refuse the costs of ``self`` that took a budget beyond its planned
        amount (``added``: ``{cost: amount it adds}``, already in the actual),
        unless a manager proceeds explicitly: then the cost is marked and the
        budget's chatter records who proceeded."""
        # the costs of ``self`` are all in the actuals: one look-up per company,
        # category and day, however many costs were created together
        cache = {}
        for cost in self:
            overrun = self._advisory_budget_overrun(
                cost.company_id,
                cost.category,
                cost.date,
                added[cost],
                counted=True,
                cache=cache,
            )
            if not overrun:
                continue
            message = cost._advisory_overrun_message(overrun, added[cost])
            if not cost.budget_override:
                raise UserError(
                    self.env._(
                        "%(cost)s would exceed the budget:\n%(details)s\nAn advisory "
                        "manager may proceed explicitly (Proceed Over Budget).",
                        cost=cost.name,
                        details=message,
                    )
                )
            # the system (a scheduled job, run as the superuser) records the cost
            # of what it already did, a greeting sent: over budget, it is noted
            # like a manager's decision (sudo() keeps the user: not enough)
            if not (
                self.env.uid == SUPERUSER_ID or self.env.user.has_group(MANAGER_GROUP)
            ):
                raise AccessError(
                    self.env._(
                        "Only advisory managers proceed over budget (%(cost)s).",
                        cost=cost.name,
                    )
                )
            # the system's fact (protected): recorded over budget
            cost._as_system().over_budget = True
            for budget, _remaining in overrun:
                # sudo: the note is the budget's audit trail, whoever proceeded
                budget.sudo().message_post(
                    body=self.env._(
                        "%(user)s proceeded over budget with %(cost)s (%(origin)s). "
                        "%(details)s",
                        user=self.env.user.name,
                        cost=cost.name,
                        origin=dict(
                            cost._fields["source"]._description_selection(self.env)
                        ).get(cost.source),
                        details=message,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
