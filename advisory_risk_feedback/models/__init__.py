from . import advisory_risk_alert_rule
from . import advisory_service_matrix
from . import advisory_feedback
from . import res_partner
from . import advisory_kpi_snapshot
from . import advisory_next_action_rule
from . import advisory_next_action
from . import advisory_staff_scorecard
