from . import test_dashboard_data
