from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .test_loyalty import LoyaltyCase


@tagged("post_install", "-at_install")
class TestRelationshipBudget(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Budget = cls.env["advisory.relationship.budget"]
        cls.Cost = cls.env["advisory.relationship.cost"]
        # the demo budgets aside: budgets of a year of their own
        cls.year = cls.Budget.with_user(cls.manager).create(
            {
                "category": "events",
                "period_type": "year",
                "date_from": date(2031, 1, 1),
                "planned_amount": 1000,
                "user_id": cls.manager.id,
            }
        )
        cls.march = cls.Budget.with_user(cls.manager).create(
            {
                "category": "events",
                "period_type": "month",
                "date_from": date(2031, 3, 1),
                "planned_amount": 400,
                "user_id": False,
            }
        )
        cls.loyalty = cls.Budget.with_user(cls.manager).create(
            {
                "category": "loyalty",
                "period_type": "year",
                "date_from": date(2031, 1, 1),
                "planned_amount": 100,
                "user_id": cls.manager.id,
            }
        )
        cls.costly_gift = cls.env["advisory.loyalty.reward"].create(
            {"name": "Test Costly Gift", "points_cost": 10, "cost_amount": 300}
        )

    def _cost(self, amount, day, user=None, **values):
        return self.Cost.with_user(user or self.manager).create(
            {"name": f"Cost {amount}", "amount": amount, "date": day, **values}
            | (
                {}
                if "category" in values or "event_id" in values
                else {"category": "events"}
            )
        )

    def test_actuals_and_variance(self):
        self._cost(300, date(2031, 3, 10), event_id=self.event.id)
        self._cost(100, date(2031, 7, 1))
        self._cost(900, date(2031, 3, 5), category="care")  # another category
        self._cost(700, date(2032, 1, 1), category="events", budget_override=False)
        self.assertEqual(self.year.name, "Client Events 2031")
        self.assertEqual(self.year.date_to, date(2031, 12, 31))
        self.assertEqual(self.march.date_to, date(2031, 3, 31))
        self.assertEqual(self.year.actual_amount, 400)
        self.assertEqual(self.year.variance_amount, 600)
        self.assertAlmostEqual(self.year.percent_used, 40.0)
        self.assertEqual(self.march.actual_amount, 300)
        self.assertAlmostEqual(self.march.percent_used, 75.0)
        # the event's costs
        self.assertEqual(self.event.advisory_cost_total, 300)
        self.assertEqual(self.event.advisory_cost_ids.source, "event")
        # a budget starts on the first of a month
        with self.assertRaises(UserError):
            self.Budget.with_user(self.manager).create(
                {
                    "category": "care",
                    "period_type": "quarter",
                    "date_from": date(2031, 2, 1),
                    "planned_amount": 10,
                }
            )

    def test_over_budget_warning_and_manager_override(self):
        self._cost(350, date(2031, 3, 10))
        # the form warns, the manager proceeds
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            with Form(self.Cost.with_user(self.manager)) as form:
                form.name = "Catering"
                form.category = "events"
                form.date = date(2031, 3, 20)
                form.amount = 100
                form.budget_override = True
        self.assertIn("Client Events March 2031", logs.output[-1])
        self.assertIn("50.00 remaining", logs.output[-1])
        # beyond the March budget (400): refused without the manager's decision
        with self._refused(UserError, "would exceed the budget"):
            self.event.with_user(self.manager).write(
                {
                    "advisory_cost_ids": [
                        (0, 0, {"name": "Speaker", "date": "2031-03-25", "amount": 60})
                    ]
                }
            )
        self.event.with_user(self.manager).write(
            {
                "advisory_cost_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Speaker",
                            "date": "2031-03-25",
                            "amount": 60,
                            "budget_override": True,
                        },
                    )
                ]
            }
        )
        cost = self.event.advisory_cost_ids
        self.assertTrue(cost.over_budget)
        note = self.march.message_ids.filtered(
            lambda m: "proceeded over budget with Speaker" in m.body
        )
        self.assertEqual(len(note), 1)
        self.assertIn(self.manager.name, note.body)
        self.assertIn("Speaker", note.body)
        self.assertEqual(self.march.variance_amount, -110)
        # over budget is the system's fact
        with self._refused(UserError, "cannot be edited directly"):
            cost.with_user(self.manager).write({"over_budget": False})
        # an increase beyond the budget is checked too
        with self._refused(UserError, "would exceed the budget"):
            self.Cost.search([("amount", "=", 350)]).with_user(self.manager).write(
                {"amount": 500}
            )

    def test_reward_over_budget(self):
        with freeze_time("2031-05-02"):
            self._earn(self.client_a, self.event)
            with self._refused(UserError, "would exceed the budget"):
                self._redeem(self.advisor_a, self.client_a, self.costly_gift)
            with self.assertRaises(AccessError):
                self._redeem(
                    self.advisor_a,
                    self.client_a,
                    self.costly_gift,
                    budget_override=True,
                )
            self.assertFalse(self._ledger(self.client_a, "redeem"))
            self._redeem(
                self.manager, self.client_a, self.costly_gift, budget_override=True
            )
        cost = self.Cost.search([("partner_id", "=", self.client_a.id)])
        self.assertEqual(
            (cost.source, cost.category, cost.amount, cost.over_budget),
            ("reward", "loyalty", 300, True),
        )
        self.assertEqual(cost.loyalty_entry_id, self._ledger(self.client_a, "redeem"))
        self.assertEqual(self.loyalty.actual_amount, 300)
        self.assertTrue(
            self.loyalty.message_ids.filtered(
                lambda m: "proceeded over budget" in m.body
            )
        )

    def test_monthly_review_activity_once(self):
        def reviews(budget):
            return budget.activity_ids.filtered(
                lambda a: a.summary.startswith("Budget review")
            )

        with freeze_time("2031-03-15"):
            self.Budget._cron_budget_review()
            self.Budget._cron_budget_review()
        self.assertEqual(len(reviews(self.year)), 1)
        self.assertEqual(reviews(self.year).user_id, self.manager)
        self.assertFalse(reviews(self.march), "no owner")
        with freeze_time("2031-03-28"):
            self.Budget._cron_budget_review()
        self.assertEqual(len(reviews(self.year)), 1)
        with freeze_time("2031-04-02"):
            self.Budget._cron_budget_review()
        self.assertEqual(len(reviews(self.year)), 2)
        self.assertEqual(len(reviews(self.loyalty)), 2)

    def test_budgets_and_costs_are_the_managers(self):
        employee = new_test_user(self.env, login="rel_budget_employee")
        for user in (self.advisor_a, employee):
            with self.assertRaises(AccessError):
                self.Budget.with_user(user).search([])
            with self.assertRaises(AccessError):
                self._cost(10, date(2031, 3, 1), user=user)
        with self._refused(UserError, "cannot be edited directly"):
            self.year.with_user(self.manager).write({"actual_amount": 12345})
