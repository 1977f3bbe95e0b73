from . import advisory_improvement_action
from . import advisory_kpi_snapshot
from . import survey_user_input
