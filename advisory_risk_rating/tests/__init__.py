from . import test_roles
from . import test_scoring
from . import test_assessment_flow
from . import test_policy
from . import test_cron
from . import test_segments
from . import test_alerts
from . import test_security
