from . import advisory_kpi_snapshot_compute
from . import survey_invite
from . import advisory_staff_scorecard_compute
from . import advisory_kpi_comparison
