from . import advisory_kpi_evaluation
