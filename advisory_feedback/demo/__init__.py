from . import advisory_kpi_snapshot_demo
from . import advisory_staff_scorecard_demo
