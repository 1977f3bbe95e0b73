from . import test_install
from . import test_kpi_engine
from . import test_kpi_reports
from . import test_kpi_registry
from . import test_staff_scorecard
from . import test_training
from . import test_kpi_process
