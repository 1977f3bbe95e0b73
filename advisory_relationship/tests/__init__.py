from . import test_care_calendar
from . import test_client_events
