from . import test_dashboard_data
from . import test_dashboard_tour
