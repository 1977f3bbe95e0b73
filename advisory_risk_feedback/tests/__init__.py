from . import test_feedback_alerts
from . import test_service_matrix_feedback
