from . import test_loyalty_feedback
