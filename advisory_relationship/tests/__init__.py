from . import test_care_calendar
from . import test_client_events
from . import test_loyalty
from . import test_relationship_budget
from . import test_relationship_return
