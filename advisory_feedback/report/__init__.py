from . import advisory_kpi_evaluation
from . import advisory_kpi_xlsx
