from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.advisory_relationship.tests.common import RelationshipCase


@tagged("post_install", "-at_install")
class TestBudgetAnalytic(RelationshipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Budget = cls.env["advisory.relationship.budget"]
        cls.Cost = cls.env["advisory.relationship.cost"]
        cls.Line = cls.env["account.analytic.line"]
        cls.company = cls.env.company
        cls.other_company = cls.env["res.company"].create({"name": "Test Analytic Co"})
        cls.plan = next(iter(cls.env["account.analytic.plan"]._get_all_plans()))
        # shared by the companies: each company's lines are its own
        cls.account = cls._account("Test Client Events", company_id=False)
        # the demo budgets aside: budgets of a year of their own
        cls.budget = cls.Budget.with_user(cls.manager).create(
            {
                "category": "events",
                "period_type": "quarter",
                "date_from": date(2033, 4, 1),
                "planned_amount": 1000,
                "user_id": False,
                "analytic_account_id": cls.account.id,
            }
        )

    @classmethod
    def _account(cls, name, **values):
        return cls.env["account.analytic.account"].create(
            {"name": name, "plan_id": cls.plan.id, **values}
        )

    def _line(self, amount, day, account=None, company=None):
        return self.Line.create(
            {
                "name": f"Line {amount}",
                "amount": amount,
                "date": day,
                "account_id": (account or self.account).id,
                "company_id": (company or self.company).id,
            }
        )

    def _cost(self, amount, day, **values):
        return self.Cost.with_user(self.manager).create(
            {
                "name": f"Cost {amount}",
                "amount": amount,
                "date": day,
                "category": "events",
                **values,
            }
        )

    def test_actual_counts_the_accounts_costs_in_the_period(self):
        self._cost(100, date(2033, 5, 2))
        self._line(-250, date(2033, 4, 1))  # a cost, first day
        self._line(-50.5, date(2033, 6, 30))  # a cost, last day
        self._line(400, date(2033, 5, 10))  # revenue: not a cost
        self._line(-70, date(2033, 3, 31))  # before the period
        self._line(-80, date(2033, 7, 1))  # after the period
        self._line(-90, date(2033, 5, 10), company=self.other_company)
        self._line(-60, date(2033, 5, 10), account=self._account("Test Other"))
        budget = self.budget.with_user(self.manager)
        self.assertEqual(budget.actual_amount, 400.5)
        self.assertEqual(budget.variance_amount, 599.5)
        self.assertAlmostEqual(budget.percent_used, 40.05)
        # without the account: the relationship costs only
        budget.analytic_account_id = False
        self.assertEqual(budget.actual_amount, 100)

    def test_over_budget_refusal_counts_analytic_costs(self):
        self._line(-900, date(2033, 4, 15))
        self._cost(50, date(2033, 4, 20))
        with (
            self.assertRaisesRegex(UserError, "would exceed the budget"),
            self.cr.savepoint(),
        ):
            self._cost(60, date(2033, 5, 20))
        cost = self._cost(60, date(2033, 5, 20), budget_override=True)
        self.assertTrue(cost.over_budget)
        self.assertEqual(self.budget.with_user(self.manager).variance_amount, -10)

    def test_account_of_another_company_refused(self):
        account = self._account("Test Other Company", company_id=self.other_company.id)
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.budget.with_user(self.manager).analytic_account_id = account

    def test_one_query_for_all_budgets(self):
        budgets = self.budget
        for month in range(1, 6):
            account = self._account(f"Test Month {month}")
            budgets |= self.Budget.create(
                {
                    "category": "care",
                    "period_type": "month",
                    "date_from": date(2034, month, 1),
                    "planned_amount": 500,
                    "analytic_account_id": account.id,
                }
            )
            self._line(-10 * month, date(2034, month, 5), account=account)

        def count(records):
            records = records.with_user(self.manager)
            self.env.invalidate_all()
            self.env.flush_all()
            queries = self.cr.sql_log_count
            records.mapped("actual_amount")
            return self.cr.sql_log_count - queries

        count(budgets)  # warm-up
        self.assertEqual(count(budgets[:2]), count(budgets))
        self.assertEqual(budgets[1:].mapped("actual_amount"), [10, 20, 30, 40, 50])

    def test_advisor_cannot_read_nor_write_the_account(self):
        self.assertEqual(
            self.budget.with_user(self.manager).analytic_account_id, self.account
        )
        with self.assertRaises(AccessError):
            self.budget.with_user(self.advisor_a).read(["analytic_account_id"])
        with self.assertRaises(AccessError):
            self.budget.with_user(self.advisor_a).write({"analytic_account_id": False})
        field = self.Budget._fields["analytic_account_id"]
        self.assertEqual(field.groups, "advisory_client_mgmt.group_advisory_manager")
