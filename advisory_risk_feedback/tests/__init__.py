from . import test_feedback_alerts
