from . import test_communication_plan
from . import test_financial_statement
from . import test_lead_engagement
from . import test_lifecycle
from . import test_partner_profile
from . import test_security
from . import test_settings
