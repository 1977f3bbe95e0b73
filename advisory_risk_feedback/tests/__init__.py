from . import test_feedback_alerts
from . import test_service_matrix_feedback
from . import test_kpi_evaluation_risk
from . import test_kpi_alerts
from . import test_next_actions_feedback
