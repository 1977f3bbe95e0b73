from . import advisory_kpi_snapshot_demo
