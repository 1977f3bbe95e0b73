from . import test_budget_analytic
