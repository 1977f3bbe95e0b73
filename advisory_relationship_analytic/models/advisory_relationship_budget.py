from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.advisory_client_mgmt.models.advisory_protected_mixin import (
    MANAGER_GROUP,
)


class AdvisoryRelationshipBudget(models.Model):
    """The actual of a budget with an analytic account also counts the costs
    booked on that account (in accounting, or by hand in the analytic lines)."""

    _inherit = "advisory.relationship.budget"

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        groups=MANAGER_GROUP,
        help="The actual also counts the analytic lines of this account in the "
        "budget's company and period that are costs: negative amounts (Odoo's "
        "convention on analytic lines; revenue lines, positive, are not counted).",
    )

    @api.depends("analytic_account_id")
    def _compute_actual(self):
        return super()._compute_actual()

    def _actual_extra_amounts(self):
        """The costs of the budgets' analytic accounts: one grouped query over
        the analytic lines of all of them (per plan column, company, currency and
        month; budgets start on the first of a month and end on a month's last
        day). Our own relationship costs never create analytic lines: nothing is
        counted twice."""
        result = super()._actual_extra_amounts()
        # sudo: the actual counts every cost booked on the account, whatever the
        # user may read of the analytic lines (managers are no accountants)
        budgets = self.sudo().filtered("analytic_account_id")
        if not budgets:
            return result
        accounts = budgets.analytic_account_id
        # an account's lines are in the column of its root plan
        columns = sorted({plan._column_name() for plan in accounts.plan_id})
        Line = self.env["account.analytic.line"].sudo()
        columns = [column for column in columns if column in Line._fields]
        if not columns:
            return result
        domain = [
            ("auto_account_id", "in", accounts.ids),
            ("amount", "<", 0),
            ("company_id", "in", budgets.company_id.ids),
            ("date", ">=", min(budgets.mapped("date_from"))),
            ("date", "<=", max(budgets.mapped("date_to"))),
        ]
        rows = Line._read_group(
            domain,
            [*columns, "company_id", "currency_id", "date:month"],
            ["amount:sum"],
        )
        monthly = defaultdict(float)
        for *plan_accounts, company, currency, month, amount in rows:
            for account in plan_accounts:
                if account:
                    monthly[(account.id, company, currency, month)] -= amount
        for budget in budgets:
            total = 0.0
            for (account_id, company, currency, month), cost in monthly.items():
                if (
                    account_id == budget.analytic_account_id.id
                    and company == budget.company_id
                    and budget.date_from <= month <= budget.date_to
                ):
                    total += currency._convert(
                        cost, budget.currency_id, budget.company_id, month
                    )
            result[budget.id] = result.get(budget.id, 0.0) + total
        return result
